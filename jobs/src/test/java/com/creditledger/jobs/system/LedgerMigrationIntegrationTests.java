package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creditledger.jobs.EmbeddedPostgresSupport;
import com.creditledger.jobs.rate.WorkspaceBuckets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Migrations that change stored rows, run on data written by the previous schema. */
class LedgerMigrationIntegrationTests {

    private static final String RUN = "2026-12-01T00:00:00Z";
    private static final String USAGE = "U:ws-a:2026-11-03:" + RUN;

    private String url;

    @BeforeEach
    void setUp() {
        url = EmbeddedPostgresSupport.createDatabase("migration");
        migrate("6");
        execute("""
                INSERT INTO request (request_id, workspace_id, occurred_at, process_at, kind, input_tokens, output_tokens,
                                     is_error, public_visitor, fingerprint, file_id, line)
                SELECT id, 'ws-a', at::timestamptz, at::timestamptz, 'chat', 0, 0, false, false, gen_random_uuid(), 1, n
                FROM (VALUES ('r1', '2026-11-03T00:00:00Z', 1), ('r2', '2026-11-03T23:59:59Z', 2),
                             ('r3', '2026-11-04T00:00:00Z', 3)) AS v(id, at, n)
                """);
        execute("INSERT INTO ledger_txn VALUES ('" + USAGE + "', 'ws-a', 'USAGE', '2026-11-03T23:59:59Z', '" + RUN
                + "', NULL)");
    }

    @AfterEach
    void tearDown() {
        EmbeddedPostgresSupport.dropDatabase(url);
    }

    @Test
    void storedUsageTransactionsBecomeDerivedOnesWhenEveryStoredIdMatches() throws SQLException {
        // given rated rows as the previous schema stored them; r3 cost nothing, so no transaction
        rated("r1", "2026-11-03T00:00:00Z", 5, USAGE);
        rated("r2", "2026-11-03T23:59:59Z", 7, USAGE);
        rated("r3", "2026-11-04T00:00:00Z", 0, null);
        // when
        migrate("7");
        // then the column is gone and the view gives each rated request what was stored
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_name = 'rated_request'"))
                .doesNotContain("txn_id")
                .contains("run_through", "cost");
        assertThat(strings("SELECT request_id || '=' || coalesce(txn_id, '-') FROM rated_request_txn ORDER BY 1"))
                .containsExactly("r1=" + USAGE, "r2=" + USAGE, "r3=-");
    }

    @Test
    void aStoredIdThatTheRunDayAndWorkspaceDoNotGiveStopsTheMigrationNamingTheRequest() throws SQLException {
        // given a rated row that points at another day's transaction
        rated("r1", "2026-11-03T00:00:00Z", 5, USAGE);
        rated("r2", "2026-11-03T23:59:59Z", 7, "U:ws-a:2026-11-04:" + RUN);
        // when / then nothing is dropped
        assertThatThrownBy(() -> migrate("7"))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining(
                        "rated requests that store another transaction than their run, day and workspace give: 1;")
                .hasMessageContaining("the first, r2, stores U:ws-a:2026-11-04:" + RUN + " but is given " + USAGE);
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_name = 'rated_request'"))
                .contains("txn_id");
    }

    @Test
    void requestsAreRebuiltWithTheirBucketsAndKeepEverythingElse() throws SQLException {
        // given requests and rated rows as V7 stored them
        rated("r1", "2026-11-03T00:00:00Z", 5, USAGE);
        migrate("7");
        String columns = "request_id, workspace_id, occurred_at, process_at, kind, input_tokens, output_tokens,"
                + " is_error, public_visitor, fingerprint, file_id, line";
        List<String> before = strings("SELECT concat_ws('|', " + columns + ") FROM request ORDER BY request_id");
        // when
        migrate("8");
        // then every request keeps its values and gains its workspace's bucket, the one ingest writes
        assertThat(strings("SELECT concat_ws('|', " + columns + ") FROM request ORDER BY request_id"))
                .isEqualTo(before)
                .hasSize(3);
        assertThat(strings("SELECT DISTINCT workspace_id || '=' || bucket FROM request"))
                .containsExactly("ws-a=" + WorkspaceBuckets.of("ws-a"));
        // and the rows a rate run filters on come first, the key, index, settings and view stay
        assertThat(strings("SELECT attname FROM pg_attribute WHERE attrelid = 'request'::regclass AND attnum > 0"
                        + " ORDER BY attnum"))
                .startsWith("process_at", "occurred_at", "input_tokens", "output_tokens", "file_id", "line", "bucket");
        assertThat(strings("SELECT indexdef FROM pg_indexes WHERE tablename = 'request' ORDER BY indexname"))
                .containsExactly(
                        "CREATE INDEX request_by_process_at ON public.request USING brin (process_at)",
                        "CREATE UNIQUE INDEX request_pkey ON public.request USING btree (request_id)");
        assertThat(strings("SELECT unnest(reloptions) FROM pg_class WHERE relname = 'request'"))
                .containsExactly("autovacuum_vacuum_cost_delay=20");
        assertThat(strings("SELECT request_id || '=' || coalesce(txn_id, '-') FROM rated_request_txn"))
                .containsExactly("r1=" + USAGE);
        assertThat(strings("SELECT relname FROM pg_class WHERE relname LIKE 'request_v7%'"))
                .isEmpty();
    }

    @Test
    void storedTiersBecomeTheirPriceRowsWhenEveryOneMatches() throws SQLException {
        // given a price row and rated rows that store its tier
        price("standard");
        rated("r1", "2026-11-03T00:00:00Z", 5, USAGE);
        rated("r3", "2026-11-04T00:00:00Z", 0, null);
        // when
        migrate("9");
        // then the column is gone and the view gives each rated request its price row's tier
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_name = 'rated_request'"))
                .doesNotContain("tier")
                .contains("price_version", "priced_model");
        assertThat(strings("SELECT request_id || '=' || tier || '/' || coalesce(txn_id, '-') FROM rated_request_txn"
                        + " ORDER BY 1"))
                .containsExactly("r1=standard/" + USAGE, "r3=standard/-");
    }

    @Test
    void aStoredTierThatItsPriceRowDoesNotGiveStopsTheMigrationNamingTheRequest() throws SQLException {
        // given rated rows that store another tier than their price row's
        price("frontier");
        rated("r1", "2026-11-03T00:00:00Z", 5, USAGE);
        // when / then nothing is dropped
        assertThatThrownBy(() -> migrate("9"))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("rated requests that store another tier than their price row: 1; the first, r1,"
                        + " priced by gpt-4.1 of version 2026.10, stores standard but the price row says frontier");
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_name = 'rated_request'"))
                .contains("tier");
    }

    @Test
    void ratedRowsReferenceThePriceRowTheyNamedAndKeepTheirFiguresInTheView() throws SQLException {
        // given a rated row priced by a price row and a free app clone priced by none
        price("standard");
        migrate("9");
        execute("INSERT INTO model_price VALUES ('2026.10', 'claude-haiku', 'lightweight', 1, 1, 1)");
        execute("INSERT INTO rated_request (request_id, process_at, price_version, priced_model, cost, run_through)"
                + " VALUES ('r1', '2026-11-03T00:00:00Z', '2026.10', 'gpt-4.1', 5, '" + RUN + "'),"
                + " ('r2', '2026-11-03T23:59:59Z', '2026.10', 'claude-haiku', 0, '" + RUN + "'),"
                + " ('r3', '2026-11-04T00:00:00Z', NULL, NULL, 0, '" + RUN + "')");
        // when
        migrate("10");
        // then each rated row holds its price row's key, and the view still names version, model and tier
        assertThat(strings("SELECT column_name || ':' || data_type FROM information_schema.columns"
                        + " WHERE table_name = 'rated_request' ORDER BY ordinal_position"))
                .containsExactly(
                        "request_id:text",
                        "process_at:timestamp with time zone",
                        "price_id:integer",
                        "cost:bigint",
                        "run_through:timestamp with time zone");
        assertThat(strings("SELECT rr.request_id || '=' || coalesce(mp.model, '-') FROM rated_request rr"
                        + " LEFT JOIN model_price mp ON mp.price_id = rr.price_id ORDER BY 1"))
                .containsExactly("r1=gpt-4.1", "r2=claude-haiku", "r3=-");
        assertThat(
                        strings(
                                "SELECT request_id || '=' || coalesce(price_version, '-') || '/' || coalesce(priced_model, '-')"
                                        + " || '/' || coalesce(tier, '-') || '/' || coalesce(txn_id, '-') FROM rated_request_txn ORDER BY 1"))
                .containsExactly(
                        "r1=2026.10/gpt-4.1/standard/" + USAGE, "r2=2026.10/claude-haiku/lightweight/-", "r3=-/-/-/-");
    }

    @Test
    void aRatedRowWhosePriceRowIsMissingStopsTheMigrationNamingTheRequest() throws SQLException {
        // given a rated row that names a model no price row has
        price("standard");
        migrate("9");
        execute("INSERT INTO rated_request (request_id, process_at, price_version, priced_model, cost, run_through)"
                + " VALUES ('r2', '2026-11-03T23:59:59Z', '2026.10', 'gpt-9', 5, '" + RUN + "')");
        // when / then nothing is changed
        assertThatThrownBy(() -> migrate("10"))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining(
                        "rated requests whose price row does not exist: 1; the first, r2, names model gpt-9"
                                + " of version 2026.10");
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_name = 'rated_request'"))
                .contains("price_version", "priced_model")
                .doesNotContain("price_id");
    }

    private void price(String tier) {
        execute("INSERT INTO price_version VALUES ('2026.10', '2026-10-01T00:00:00Z', '2026-10-01T00:00:00Z')");
        execute("INSERT INTO model_price VALUES ('2026.10', 'gpt-4.1', '" + tier + "', 1, 2, 3)");
    }

    private void migrate(String target) {
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }

    private void rated(String requestId, String processAt, long cost, String txnId) {
        execute("INSERT INTO rated_request (request_id, process_at, price_version, priced_model, tier, cost, txn_id,"
                + " run_through) VALUES ('" + requestId + "', '" + processAt + "', '2026.10', 'gpt-4.1', 'standard', "
                + cost + ", " + (txnId == null ? "NULL" : "'" + txnId + "'") + ", '" + RUN + "')");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
