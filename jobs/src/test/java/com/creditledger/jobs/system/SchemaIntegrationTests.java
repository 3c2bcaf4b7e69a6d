package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creditledger.jobs.EmbeddedPostgresSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The schema the migrations create: as docs/schema.sql says, and its closed sets enforced. */
class SchemaIntegrationTests {

    /** {@code -Dschema.write=true} writes docs/schema.sql from the live schema instead of comparing. */
    static final String WRITE = "schema.write";

    static final String HEADER = """
            -- The schema that jobs/src/main/resources/db/migration creates, as PostgreSQL's catalogs describe
            -- it (SchemaDump): generated, do not edit. docs/schema.md says what each table is for. Regenerate:
            --   mvn -o -B -pl jobs -am verify -Dit.test=SchemaIntegrationTests -Dtest=NONE \\
            --       -Dsurefire.failIfNoSpecifiedTests=false -Dschema.write=true
            """;

    private String url;

    @BeforeEach
    void setUp() {
        url = EmbeddedPostgresSupport.createDatabase("schema");
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .placeholders(SchemaPlaceholders.values())
                .load()
                .migrate();
    }

    @AfterEach
    void tearDown() {
        EmbeddedPostgresSupport.dropDatabase(url);
    }

    @Test
    void theMigrationsCreateTheSchemaOfDocsSchemaSql() throws SQLException, IOException {
        // given the schema the migrations created
        String live;
        try (Connection connection = DriverManager.getConnection(url)) {
            live = HEADER + SchemaDump.of(connection);
        }
        Path documented = projectRoot().resolve("docs/schema.sql");
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(documented, live, StandardCharsets.UTF_8);
            System.out.println("wrote " + documented);
        }
        // then docs/schema.sql is that schema, line for line
        String expected = Files.exists(documented) ? Files.readString(documented, StandardCharsets.UTF_8) : "";
        if (!expected.equals(live)) {
            throw new AssertionFailedError(
                    "docs/schema.sql is not the schema the migrations create (" + firstDifference(expected, live)
                            + "). If the migrations are right, regenerate it and commit it with them:\n"
                            + "  mvn -o -B -pl jobs -am verify -Dit.test=SchemaIntegrationTests -Dtest=NONE"
                            + " -Dsurefire.failIfNoSpecifiedTests=false -Dschema.write=true",
                    expected,
                    live);
        }
    }

    @Test
    void closedSetsRefuseAValueTheirJavaTypeDoesNotHave() {
        // when a transaction of an unknown kind or a posting to an unknown account is written, then it is refused
        assertThatThrownBy(
                        () -> execute("INSERT INTO ledger_txn (txn_id, workspace_id, kind, effective_at, run_through)"
                                + " VALUES ('t', 'ws', 'REFUND', now(), now())"))
                .hasMessageContaining("ledger_txn_kind_check");
        execute("INSERT INTO ledger_txn (txn_id, workspace_id, kind, effective_at, run_through)"
                + " VALUES ('t', 'ws', 'GRANT_TOPUP', now(), now())");
        assertThatThrownBy(
                        () -> execute("INSERT INTO ledger_posting (txn_id, posting_no, effective_at, account, amount)"
                                + " VALUES ('t', 1, now(), 'issued:refund', 1)"))
                .hasMessageContaining("ledger_posting_account_check");
        execute("INSERT INTO ledger_posting (txn_id, posting_no, effective_at, account, amount)"
                + " VALUES ('t', 1, now(), 'issued:topup', 1)");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String firstDifference(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String was = i < a.size() ? a.get(i) : "(end of file)";
            String is = i < b.size() ? b.get(i) : "(end of schema)";
            if (!was.equals(is)) {
                return "line " + (i + 1) + " says " + was.strip() + " but the schema has " + is.strip();
            }
        }
        return "they differ in line endings";
    }

    /** The repository's root: the directory above jobs/ that holds docs/. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("jobs")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no docs/ and jobs/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
