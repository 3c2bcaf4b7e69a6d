package com.creditledger.jobs.rate;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingApplication;
import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.catalog.CatalogFiles;
import com.creditledger.jobs.demo.DatasetGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the rate job with SIGKILL in a child JVM, twice, at different points of the run, then
 * reruns the same command: the ledger and balances must equal those of an uninterrupted run.
 */
class RateCrashIntegrationTests {

    private static final Map<String, Object> SETTINGS =
            Map.of("billing.rating.partitions", 2, "billing.rating.workspaces-per-chunk", 4);

    @TempDir
    Path dir;

    @Test
    void aRateJobKilledTwiceEndsWithTheLedgerOfAnUninterruptedRun() throws Exception {
        // given a generated month and two databases with the same inputs
        Path data = dir.resolve("data");
        Path config = Path.of("..", "config").toAbsolutePath().normalize();
        DatasetGenerator.Spec spec = DatasetGenerator.Spec.bench(60_000).withWorkspaces(400);
        DatasetGenerator.Result generated = new DatasetGenerator(CatalogFiles.read(config)).generate(data, spec);
        String through =
                spec.end().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString();
        try (BillingHarness clean = new BillingHarness("clean", SETTINGS);
                BillingHarness crashed = new BillingHarness("crashed", SETTINGS)) {
            for (BillingHarness billing : List.of(clean, crashed)) {
                billing.load(config, data, generated.requestFiles());
            }
            // when: one uninterrupted run, and one killed twice then rerun
            assertThat(clean.run("rate", "--through", through).exit()).isZero();
            long workspaces = crashed.count("SELECT count(*) FROM workspace");
            killMidRun(crashed, through, workspaces / 5);
            killMidRun(crashed, through, workspaces * 3 / 5);
            BillingHarness.Outcome resumed = crashed.run("rate", "--through", through);
            // then
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(crashed.count("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
                            + " USING (job_instance_id) WHERE i.job_name = 'rate' AND e.status = 'FAILED'"))
                    .as("the killed executions, recovered as FAILED")
                    .isEqualTo(2);
            BillingHarness.assertSameExports(clean, crashed, dir, "ledger", "balances", "usage", "quarantine");
            assertThat(Files.readAllLines(dir.resolve("expected-ledger.csv"))).hasSizeGreaterThan(1000);
            // the partitions' scans quarantined every request of an unknown workspace, once, across the kills
            long unknown = crashed.count("SELECT count(*) FROM request r"
                    + " WHERE NOT EXISTS (SELECT 1 FROM workspace w WHERE w.workspace_id = r.workspace_id)");
            assertThat(unknown).isPositive();
            assertThat(crashed.count("SELECT count(*) FROM quarantine WHERE reason = 'UNKNOWN_WORKSPACE'"))
                    .isEqualTo(unknown);
            assertThat(crashed.run("check").out()).contains("ledger check passed");
        }
    }

    /** Starts {@code billing rate} in a child JVM and SIGKILLs it once {@code atLeast} more workspaces are rated. */
    private void killMidRun(BillingHarness billing, String through, long atLeast)
            throws IOException, InterruptedException {
        long before = rated(billing, through);
        Path log = Files.createTempFile(dir, "child", ".log");
        Path spill = Files.createDirectories(dir.resolve("spill"));
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Duser.timezone=UTC",
                        "-XX:TieredStopAtLevel=1", // a child JVM that starts fast
                        "-XX:+UseSerialGC",
                        "-Dbilling.rating.partitions=2",
                        "-Dbilling.rating.workspaces-per-chunk=4",
                        "-Dbilling.rating.spill-directory=" + spill,
                        BillingApplication.class.getName(),
                        "--db-url",
                        billing.url(),
                        "rate",
                        "--through",
                        through)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (rated(billing, through) < before + atLeast && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(child.isAlive())
                .as("the child must still be rating when it is killed; its log:%n%s", Files.readString(log))
                .isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long after = rated(billing, through);
        assertThat(after)
                .as("killed part way")
                .isGreaterThan(before)
                .isLessThan(billing.count("SELECT count(*) FROM workspace"));
        assertThat(billing.count("SELECT count(*) FROM batch_job_execution WHERE status = 'STARTED'"))
                .as("a killed job is left STARTED")
                .isEqualTo(1);
        try (var left = Files.list(spill)) {
            assertThat(left)
                    .as("the partitions' spill files die with the process")
                    .isEmpty();
        }
    }

    private static long rated(BillingHarness billing, String through) {
        return billing.count("SELECT count(*) FROM account_state WHERE rated_through = '" + through + "'");
    }
}
