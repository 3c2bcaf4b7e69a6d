package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.BillingHarness.Outcome;
import com.creditledger.jobs.EmbeddedBilling;
import com.creditledger.jobs.catalog.CatalogFiles;
import com.creditledger.jobs.demo.DatasetGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} on the embedded default ({@code --db-dir}, no {@code --db-url}): the billing
 * JVM dies and its PostgreSQL runs on, holding the folder; or both die and the server has to
 * recover. The same command, run again with no cleanup, stops the orphan (or waits for the
 * recovery), says so in one line, and ends with the exports of an uninterrupted run. While the
 * killed process lived, another one was told the folder is in use.
 */
class EmbeddedDatabaseCrashIntegrationTests {

    private static final List<String> EXPORTS = List.of("ledger", "balances", "usage", "quarantine");

    @TempDir
    Path dir;

    private final Path config = Path.of("..", "config").toAbsolutePath().normalize();

    @Test
    void aRateJobKilledOnTheEmbeddedDefaultRunsAgainToTheLedgerOfAnUninterruptedRun() throws Exception {
        // given a month rated without a crash on one database, and loaded into an embedded one
        Map<String, Object> settings = Map.of("billing.rating.partitions", 2, "billing.rating.workspaces-per-chunk", 2);
        Path data = dir.resolve("data");
        DatasetGenerator.Spec spec = DatasetGenerator.Spec.bench(30_000).withWorkspaces(200);
        DatasetGenerator.Result generated = new DatasetGenerator(CatalogFiles.read(config)).generate(data, spec);
        String through = spec.end().atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String rated = "SELECT count(*) FROM account_state WHERE rated_through = '" + through + "'";
        try (BillingHarness clean = new BillingHarness("embedded_clean", settings);
                EmbeddedBilling crashed = new EmbeddedBilling(dir.resolve("pg"), settings)) {
            clean.load(config, data, generated.requestFiles());
            assertThat(clean.run("rate", "--through", through).exit()).isZero();
            crashed.script(dir, "load", loadLines(data, generated.requestFiles()));

            // when the rate job's JVM is SIGKILLed part way, its server left running
            Path log = dir.resolve("rate.log");
            Process child = crashed.spawn(log, "rate", "--through", through);
            long server = crashed.awaitServerOf(child, log);
            long workspaces = 200;
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (crashed.count(rated) < workspaces / 4 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Outcome busy = crashed.run("check");
            assertThat(child.isAlive())
                    .as("the child must still be rating when it is killed; its log:%n%s", Files.readString(log))
                    .isTrue();
            EmbeddedBilling.kill9(child.pid());
            long ratedWhenKilled = crashed.count(rated);
            boolean orphaned = EmbeddedBilling.alive(server);
            Outcome resumed = crashed.run("rate", "--through", through);

            // then the process that came while the child lived was told who holds the folder
            assertThat(busy.exit()).isEqualTo(1);
            assertThat(busy.err())
                    .matches(Pattern.quote("billing: the embedded database in " + crashed.dataDirectory()
                                    + " is in use by another billing process (pid " + child.pid() + ", running since ")
                            + "[^)]+" + Pattern.quote("); wait for it to finish, or pass --db-dir with another folder")
                            + "\\R");
            // the kill left an orphan that the rerun stopped, saying so in one line
            assertThat(orphaned).as("the server outlives its billing process").isTrue();
            assertThat(ratedWhenKilled).as("killed part way").isPositive().isLessThan(workspaces);
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.err())
                    .contains("WARN  EmbeddedDatabase - stopping the embedded PostgreSQL (pid " + server
                            + ") that billing process " + child.pid() + " left running in " + crashed.dataDirectory()
                            + " when it died\n");
            assertThat(EmbeddedBilling.alive(server)).isFalse();
            // and the ledger is the uninterrupted run's
            assertSameExports(clean, crashed);
            assertThat(crashed.dataDirectory().resolve("postmaster.pid"))
                    .as("no server outlives the commands")
                    .doesNotExist();
        }
    }

    @Test
    void aNightKilledTwiceOnTheEmbeddedDefaultOnceWithItsServerRunsAgainToTheLedgerOfACleanNight() throws Exception {
        // given one day of traffic, run as a night without a crash on one database
        LocalDate day = LocalDate.of(2026, 11, 1);
        Path data = dir.resolve("data");
        new DatasetGenerator(CatalogFiles.read(config))
                .generate(data, new DatasetGenerator.Spec(12_000, 80, day, 1, 11, 0.02, 0.001));
        Path file = data.resolve("requests").resolve("day-" + day + ".csv");
        try (BillingHarness clean = new BillingHarness("embedded_night", night("clean"));
                EmbeddedBilling crashed = new EmbeddedBilling(dir.resolve("pg"), night("crashed"))) {
            clean.load(config, data, List.of());
            Files.createDirectories(dir.resolve("clean-inbox"));
            Files.copy(file, dir.resolve("clean-inbox").resolve(file.getFileName()));
            assertThat(clean.run("nightly", "--date", day.toString()).exit()).isZero();
            crashed.script(dir, "load", loadLines(data, List.of()));
            Files.createDirectories(dir.resolve("crashed-inbox"));
            Files.copy(file, dir.resolve("crashed-inbox").resolve(file.getFileName()));

            // when the night's JVM is SIGKILLed while it ingests, its server left running
            Path first = dir.resolve("night-1.log");
            Process ingesting = crashed.spawn(first, "nightly", "--date", day.toString());
            long firstServer = crashed.awaitServerOf(ingesting, first);
            awaitStarted(crashed, "ingest", ingesting);
            EmbeddedBilling.kill9(ingesting.pid());
            long leftStarted = crashed.count("SELECT count(*) FROM batch_job_execution WHERE status = 'STARTED'");
            // then run again, and SIGKILLed with its server while it rates
            Path second = dir.resolve("night-2.log");
            Process rating = crashed.spawn(second, "nightly", "--date", day.toString());
            long secondServer = crashed.awaitServerOf(rating, second);
            awaitStarted(crashed, "rate", rating);
            Thread.sleep(300);
            EmbeddedBilling.kill9(rating.pid());
            EmbeddedBilling.kill9(secondServer);
            Outcome resumed = crashed.run("nightly", "--date", day.toString());

            // then the second run stopped the first one's orphan, the third waited for the recovery
            assertThat(leftStarted).as("the first kill interrupted the night").isPositive();
            assertThat(Files.readString(second))
                    .contains("stopping the embedded PostgreSQL (pid " + firstServer + ") that billing process "
                            + ingesting.pid() + " left running in " + crashed.dataDirectory() + " when it died");
            assertThat(EmbeddedBilling.alive(firstServer)).isFalse();
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.err())
                    .contains("WARN  EmbeddedDatabase - the embedded PostgreSQL in " + crashed.dataDirectory()
                            + " was not shut down cleanly (its server, pid " + secondServer
                            + ", died): it recovers before this command runs\n");
            assertSameExports(clean, crashed);
            try (var left = Files.list(dir.resolve("crashed-inbox"))) {
                assertThat(left.filter(Files::isRegularFile).toList())
                        .as("no file left behind")
                        .isEmpty();
            }
            assertThat(crashed.dataDirectory().resolve("postmaster.pid")).doesNotExist();
        }
    }

    private Map<String, Object> night(String name) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "billing.rating.partitions",
                2,
                "billing.rating.workspaces-per-chunk",
                1,
                "billing.nightly.inbox",
                dir.resolve(name + "-inbox").toString(),
                "billing.nightly.outbox",
                dir.resolve(name + "-outbox").toString()));
        return settings;
    }

    private List<String> loadLines(Path data, List<Path> requestFiles) {
        List<String> lines = new ArrayList<>();
        for (String what : List.of("plans", "packs", "prices")) {
            lines.add("load " + what + " " + config.resolve(what + ".csv"));
        }
        lines.add("load workspaces " + data.resolve("workspaces.csv"));
        lines.add("load purchases " + data.resolve("purchases.csv"));
        if (!requestFiles.isEmpty()) {
            lines.add("ingest "
                    + String.join(" ", requestFiles.stream().map(Path::toString).toList()));
        }
        return lines;
    }

    /** Waits until the running child has a {@code job} execution STARTED. */
    private static void awaitStarted(EmbeddedBilling billing, String job, Process child) throws InterruptedException {
        String running = "SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
                + " WHERE i.job_name = '" + job + "' AND e.status = 'STARTED'";
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (child.isAlive() && billing.count(running) <= 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(child.isAlive())
                .as("still running when its %s job started", job)
                .isTrue();
    }

    /** The exports of both databases are byte-identical, and the embedded one's ledger checks. */
    private void assertSameExports(BillingHarness clean, EmbeddedBilling crashed) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String export : EXPORTS) {
            clean.expectSuccess(
                    "export",
                    export,
                    "--out",
                    dir.resolve("expected-" + export + ".csv").toString());
            lines.add("export " + export + " --out " + dir.resolve("actual-" + export + ".csv"));
        }
        lines.add("check");
        Outcome exported = crashed.script(dir, "export", lines);
        assertThat(exported.out()).contains("ledger check passed");
        for (String export : EXPORTS) {
            Path want = dir.resolve("expected-" + export + ".csv");
            Path got = dir.resolve("actual-" + export + ".csv");
            assertThat(Files.mismatch(want, got))
                    .as("export %s differs: compare %s with %s", export, want, got)
                    .isEqualTo(-1L);
        }
        assertThat(Files.readAllLines(dir.resolve("expected-ledger.csv"))).hasSizeGreaterThan(100);
    }
}
