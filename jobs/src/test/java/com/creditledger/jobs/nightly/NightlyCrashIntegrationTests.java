package com.creditledger.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingApplication;
import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.BillingHarness.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the nightly job with SIGKILL, in a child JVM, at least 20 times at random points spread
 * over ingest and rate, recovering and restarting it with {@code billing jobs} each time; the
 * ledger and balances must equal those of a week run without a crash.
 */
class NightlyCrashIntegrationTests {

    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void twentyKillsOverAWeekEndWithTheLedgerOfACleanWeek() throws Exception {
        // given the same week twice
        NightlyFixture week = new NightlyFixture(dir, 14_000, 60);
        try (BillingHarness clean = week.database("clean", dir, Map.of());
                BillingHarness crashed = week.database("crashed", dir, Map.of())) {
            for (int d = 0; d < NightlyFixture.DAYS; d++) {
                LocalDate day = NightlyFixture.START.plusDays(d);
                week.deliver(day, dir.resolve("clean-inbox"));
                assertThat(clean.run("nightly", "--date", day.toString()).exit())
                        .isZero();
            }
            // when each night of the second is killed, recovered and restarted
            SplittableRandom random = new SplittableRandom(42);
            int kills = 0;
            for (int d = 0; d < NightlyFixture.DAYS; d++) {
                LocalDate day = NightlyFixture.START.plusDays(d);
                week.deliver(day, dir.resolve("crashed-inbox"));
                int tonight = Math.max(4, KILLS - kills - 4 * (NightlyFixture.DAYS - 1 - d));
                for (int attempt = 0; attempt < 14 && tonight > 0 && !rated(crashed, day); attempt++) {
                    // ingest while the day's file still waits in the inbox, else the rating
                    boolean waiting = Files.exists(dir.resolve("crashed-inbox").resolve("day-" + day + ".csv"));
                    String phase = waiting && random.nextBoolean() ? "ingest" : "rate";
                    if (killDuring(crashed, day, phase, random.nextInt(0, phase.equals("ingest") ? 60 : 400))) {
                        kills++;
                        tonight--;
                        Outcome recovered = crashed.run("jobs", "recover");
                        assertThat(recovered.exit()).as(recovered.err()).isZero();
                        assertThat(recovered.out()).contains("recovered execution");
                    }
                }
                long failed = crashed.count("SELECT coalesce(max(e.job_execution_id), 0) FROM batch_job_execution e"
                        + " JOIN batch_job_instance i USING (job_instance_id) WHERE i.job_name = 'nightly'"
                        + " AND e.status = 'FAILED'");
                Outcome finished = failed > 0 && !completed(crashed, day)
                        ? crashed.run("jobs", "restart", Long.toString(failed))
                        : crashed.run("nightly", "--date", day.toString());
                assertThat(finished.exit()).as(finished.err()).isZero();
                assertThat(completed(crashed, day)).isTrue();
            }
            // then
            assertThat(kills).isGreaterThanOrEqualTo(KILLS);
            BillingHarness.assertSameExports(clean, crashed, dir, "ledger", "balances", "usage", "quarantine");
            assertThat(crashed.run("check").out()).contains("ledger check passed");
            try (var left = Files.list(dir.resolve("crashed-inbox"))) {
                assertThat(left.filter(Files::isRegularFile).toList())
                        .as("no file left behind")
                        .isEmpty();
            }
        }
    }

    private static boolean rated(BillingHarness billing, LocalDate day) {
        return billing.count("SELECT count(*) FROM rating_run WHERE finished_at IS NOT NULL AND through = '"
                        + day.plusDays(1) + "T00:00:00Z'")
                > 0;
    }

    private static boolean completed(BillingHarness billing, LocalDate day) {
        return billing.count("SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i"
                        + " USING (job_instance_id) JOIN batch_job_execution_params p USING (job_execution_id)"
                        + " WHERE i.job_name = 'nightly' AND e.status = 'COMPLETED' AND p.parameter_value = '"
                        + day + "'")
                > 0;
    }

    /**
     * Runs the night in a child JVM and SIGKILLs it {@code delayMillis} after a {@code phase} job
     * started; false when no job was left interrupted (the night ended first).
     */
    private boolean killDuring(BillingHarness billing, LocalDate day, String phase, int delayMillis) throws Exception {
        Path log = Files.createTempFile(dir, "night", ".log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Duser.timezone=UTC",
                        "-XX:TieredStopAtLevel=1", // a child JVM that starts fast
                        "-XX:+UseSerialGC",
                        "-Dbilling.rating.partitions=2",
                        "-Dbilling.rating.workspaces-per-chunk=1",
                        "-Dbilling.nightly.inbox=" + dir.resolve("crashed-inbox"),
                        "-Dbilling.nightly.outbox=" + dir.resolve("crashed-outbox"),
                        BillingApplication.class.getName(),
                        "--db-url",
                        billing.url(),
                        "nightly",
                        "--date",
                        day.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String running = "SELECT count(*) FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
                + " WHERE i.job_name = '" + phase + "' AND e.status = 'STARTED'";
        while (child.isAlive() && billing.count(running) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(delayMillis);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // it counts only if it interrupted a job (not a JVM that had finished its night and was exiting)
        return billing.count("SELECT count(*) FROM batch_job_execution WHERE status = 'STARTED'") > 0;
    }
}
