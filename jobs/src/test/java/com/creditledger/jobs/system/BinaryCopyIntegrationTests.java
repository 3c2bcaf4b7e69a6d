package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.EmbeddedPostgresSupport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinaryCopyIntegrationTests {

    private String url;

    @BeforeEach
    void createDatabase() {
        url = EmbeddedPostgresSupport.createDatabase("binarycopy");
    }

    @AfterEach
    void dropDatabase() {
        EmbeddedPostgresSupport.dropDatabase(url);
    }

    @Test
    void textOfAnyScriptNumbersAndInstantsComeBackAsWritten() throws SQLException {
        // given text in ASCII, Latin-1, other scripts and beyond the BMP, empty and null
        List<String> texts = List.of("req-0001", "café", "Ωμέγα", "数据", "😀 ok", "", "x".repeat(300));
        Instant at = Instant.parse("2026-11-02T10:00:00.123456Z");
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (no bigint, value text, at timestamptz, flag boolean)");
            }
            // when written by binary COPY and read back by binary COPY
            try (BinaryCopyWriter copy = BinaryCopyWriter.open(connection, "t", "no, value, at, flag")) {
                for (int i = 0; i < texts.size(); i++) {
                    copy.add(i).add(texts.get(i)).add(at).add(i % 2 == 0).endRow();
                }
                copy.add(-1L).add((String) null).add((Instant) null).add(false).endRow();
            }
            List<String> read = new ArrayList<>();
            try (BinaryCopyReader rows =
                    BinaryCopyReader.open(connection, "SELECT no, value, at, flag FROM t ORDER BY no")) {
                while (rows.next()) {
                    read.add(rows.int8() + "|" + rows.text() + "|" + rows.timestamptz() + "|" + rows.bool());
                }
            }
            // then every value is the one written, and PostgreSQL sees the same text
            List<String> expected = new ArrayList<>();
            expected.add("-1|null|null|false");
            for (int i = 0; i < texts.size(); i++) {
                expected.add(i + "|" + texts.get(i) + "|" + at + "|" + (i % 2 == 0));
            }
            assertThat(read).containsExactlyElementsOf(expected);
            try (Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT value, length(value) FROM t WHERE no = 4")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("😀 ok");
                assertThat(rs.getInt(2)).isEqualTo(4);
            }
        }
    }
}
