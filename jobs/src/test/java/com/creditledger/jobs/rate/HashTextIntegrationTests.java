package com.creditledger.jobs.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creditledger.jobs.EmbeddedPostgresSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Ingest stores the bucket it computes in Java; the rate run selects workspaces by the server's. */
class HashTextIntegrationTests {

    private String url;
    private SingleConnectionDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void connect() {
        url = EmbeddedPostgresSupport.createDatabase("hashtext");
        dataSource = new SingleConnectionDataSource(url, true);
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void disconnect() {
        dataSource.destroy();
        EmbeddedPostgresSupport.dropDatabase(url);
    }

    @Test
    void javaHashesAndBucketsEveryTextAsThePostgresqlServerDoes() {
        // given texts of 0 to 80 characters of ASCII, Latin-1, Greek, CJK and emoji, seeded
        Random random = new Random(20261125);
        int[][] scripts = {{0x21, 0x7e}, {0xa0, 0xff}, {0x391, 0x3c9}, {0x4e00, 0x9fff}, {0x1f600, 0x1f64f}};
        List<String> texts = new ArrayList<>(List.of("", "ws-04523", "ws-pro"));
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(81);
            for (int c = 0; c < length; c++) {
                int[] script = scripts[random.nextInt(i % 2 == 0 ? 1 : scripts.length)];
                text.appendCodePoint(script[0] + random.nextInt(script[1] - script[0] + 1));
            }
            texts.add(text.toString());
        }
        // when the server hashes them
        List<String> server = jdbc.query(
                "SELECT hashtext(t) || ' ' || " + WorkspaceBuckets.sqlBucket("t")
                        + " FROM unnest(?::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n",
                (rows, n) -> rows.getString(1),
                (Object) texts.toArray(String[]::new));
        // then Java gives the same hash and bucket for every one
        List<String> java = texts.stream()
                .map(t -> HashText.hash(t.getBytes(StandardCharsets.UTF_8)) + " " + WorkspaceBuckets.of(t))
                .toList();
        assertThat(java).isEqualTo(server);
        assertThat(texts.stream()
                        .mapToInt(t -> t.getBytes(StandardCharsets.UTF_8).length)
                        .max()
                        .orElseThrow())
                .isGreaterThan(200);
    }

    @Test
    void aServerThatHashesOtherwiseIsRefusedBeforeAnythingIsStored() {
        // given this server's own hashtext
        WorkspaceBuckets.requireServerAgrees(jdbc);
        // when hashtext is shadowed by another function (as a server with another hash would compute)
        jdbc.execute("CREATE SCHEMA other");
        jdbc.execute("CREATE FUNCTION other.hashtext(text) RETURNS integer"
                + " AS 'SELECT pg_catalog.hashtext($1 || ''.'')' LANGUAGE sql");
        jdbc.execute("SET search_path = other, pg_catalog, public");
        // then
        assertThatThrownBy(() -> WorkspaceBuckets.requireServerAgrees(jdbc))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("PostgreSQL's hashtext('') is ")
                .hasMessageContaining("requests would be stored under other workspace buckets than the rate run reads");
    }
}
