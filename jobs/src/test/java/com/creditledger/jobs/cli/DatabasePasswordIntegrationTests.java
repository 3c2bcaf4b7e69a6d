package com.creditledger.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingApplication;
import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.BillingHarness.Outcome;
import com.creditledger.jobs.EmbeddedPostgresSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database password given in each form billing takes (the URL's userinfo, its query, the
 * environment) never reaches stdout, stderr or the logs, at DEBUG, on success and on failure, with
 * and without {@code --stacktrace}; nor the database's own tables.
 */
class DatabasePasswordIntegrationTests {

    private static final String SECRET = "SuperSecret123";

    @TempDir
    Path dir;

    private String database;
    private String hostAndName;
    private Path plans;

    @BeforeEach
    void setUp() {
        database = EmbeddedPostgresSupport.createDatabase("secrets");
        // jdbc:postgresql://localhost:PORT/NAME?user=postgres; the test server trusts any password
        hostAndName = database.substring("jdbc:postgresql://".length(), database.indexOf('?'));
        plans = Path.of("..", "config", "plans.csv").toAbsolutePath().normalize();
    }

    @AfterEach
    void tearDown() {
        EmbeddedPostgresSupport.dropDatabase(database);
    }

    @Test
    void theUserinfoFormConnectsAndNeverShowsItsPassword() throws Exception {
        // when
        Outcome loaded = atDebug(
                "--db-url",
                "jdbc:postgresql://postgres:" + SECRET + "@" + hostAndName,
                "load",
                "plans",
                plans.toString());
        Outcome unknownHost = BillingHarness.capture(
                Map.of(), "--db-url", "jdbc:postgresql://u:" + SECRET + "@nohost.invalid/x", "check");
        Outcome traced = BillingHarness.capture(
                Map.of(), "--stacktrace", "--db-url", "jdbc:postgresql://u:" + SECRET + "@127.0.0.1:1/x", "check");
        // then
        assertThat(loaded.exit()).as(loaded.err()).isZero();
        assertThat(loaded.out()).contains("loaded plans from plans.csv");
        assertThat(loaded.err()).as("DEBUG logs were written").contains("DEBUG");
        assertThat(unknownHost.exit()).isEqualTo(1);
        assertThat(unknownHost.err())
                .isEqualTo("billing: could not connect to the database at jdbc:postgresql://nohost.invalid/x: unknown"
                        + " host 'nohost.invalid'; check --db-url (or BILLING_DB_URL) and that PostgreSQL runs there"
                        + " and accepts connections\n");
        assertThat(traced.err())
                .startsWith("billing: could not connect to the database at jdbc:postgresql://127.0.0.1:1/x:"
                        + " Connection refused;")
                .contains("Caused by: java.net.ConnectException");
        assertNoSecret(loaded, unknownHost, traced);
    }

    @Test
    void theQueryFormConnectsAndNeverShowsItsPassword() throws Exception {
        // when
        Outcome loaded = atDebug(
                "--db-url",
                "jdbc:postgresql://" + hostAndName + "?user=postgres&password=" + SECRET,
                "load",
                "plans",
                plans.toString());
        Outcome refused = BillingHarness.capture(
                Map.of(),
                "--stacktrace",
                "--db-url",
                "jdbc:postgresql://127.0.0.1:1/x?user=u&password=" + SECRET,
                "check");
        // then
        assertThat(loaded.exit()).as(loaded.err()).isZero();
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().lines().findFirst().orElseThrow())
                .isEqualTo("billing: could not connect to the database at jdbc:postgresql://127.0.0.1:1/x: Connection"
                        + " refused; check --db-url (or BILLING_DB_URL) and that PostgreSQL runs there and accepts"
                        + " connections");
        assertNoSecret(loaded, refused);
    }

    @Test
    void thePasswordInTheEnvironmentNeverShows() throws Exception {
        // when: the URL in BILLING_DB_URL, and the password in BILLING_DB_PASSWORD, each at DEBUG
        Outcome urlInEnvironment = child(
                Map.of("BILLING_DB_URL", "jdbc:postgresql://u:" + SECRET + "@127.0.0.1:1/x"), "--stacktrace", "check");
        Outcome passwordInEnvironment = child(
                Map.of(
                        "BILLING_DB_URL",
                        "jdbc:postgresql://" + hostAndName + "?user=postgres",
                        "BILLING_DB_PASSWORD",
                        SECRET),
                "load",
                "plans",
                plans.toString());
        // then
        assertThat(urlInEnvironment.exit()).isEqualTo(1);
        assertThat(urlInEnvironment.out())
                .contains("billing: could not connect to the database at jdbc:postgresql://127.0.0.1:1/x: Connection"
                        + " refused;");
        assertThat(passwordInEnvironment.exit()).as(passwordInEnvironment.out()).isZero();
        assertThat(passwordInEnvironment.out())
                .contains("loaded plans from plans.csv")
                .contains("DEBUG");
        assertNoSecret(urlInEnvironment, passwordInEnvironment);
    }

    /** Runs billing in this JVM with every logger at DEBUG (application.properties sets WARN: a system property wins). */
    private static Outcome atDebug(String... args) {
        System.setProperty("logging.level.root", "DEBUG");
        try {
            return BillingHarness.capture(Map.of(), args);
        } finally {
            System.clearProperty("logging.level.root");
        }
    }

    /** Runs billing in a child JVM at DEBUG with {@code environment}; its stdout and stderr together. */
    private Outcome child(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "child", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Duser.timezone=UTC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dlogging.level.root=DEBUG",
                BillingApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BILLING_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), "");
    }

    private void assertNoSecret(Outcome... outcomes) throws Exception {
        for (Outcome outcome : outcomes) {
            assertThat(outcome.out()).doesNotContain(SECRET);
            assertThat(outcome.err()).doesNotContain(SECRET);
        }
        // nor anything the jobs stored: job parameters, execution contexts, the loaded rows
        try (Connection connection = DriverManager.getConnection(database);
                Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery(
                        "SELECT count(*) FROM (SELECT to_jsonb(t)::text AS row FROM batch_job_execution_params t"
                                + " UNION ALL SELECT to_jsonb(t)::text FROM batch_job_execution_context t"
                                + " UNION ALL SELECT to_jsonb(t)::text FROM batch_step_execution_context t"
                                + " UNION ALL SELECT to_jsonb(t)::text FROM batch_job_execution t"
                                + " UNION ALL SELECT to_jsonb(t)::text FROM plan t) r WHERE row LIKE '%" + SECRET
                                + "%'")) {
            tables.next();
            assertThat(tables.getLong(1)).isZero();
        }
    }
}
