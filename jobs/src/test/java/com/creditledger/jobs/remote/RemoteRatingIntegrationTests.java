package com.creditledger.jobs.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingApplication;
import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.rate.PartitionLeases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * Remote partitioning end to end: this JVM is the manager ({@code rate --remote} with an embedded
 * broker), two {@code billing worker} JVMs rate the partitions, all on one embedded PostgreSQL.
 * The conformance scenario random-small must give byte-identical exports, also when a worker is
 * SIGKILLed in the middle of a partition and the run is restarted.
 */
class RemoteRatingIntegrationTests {

    private final List<Process> workers = new ArrayList<>();
    private BillingHarness billing;

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (Process worker : workers) {
            worker.destroyForcibly();
            worker.waitFor(30, TimeUnit.SECONDS);
        }
        if (billing != null) {
            billing.close();
        }
    }

    @Test
    void twoWorkersRateTheScenarioExactlyAsLocalModeDoes(@TempDir Path work) throws Exception {
        // given the scenario, its database and two workers
        Path dir = scenario(work);
        billing = new BillingHarness("remote", Map.of("billing.rating.partitions", 4));
        String broker = "tcp://127.0.0.1:" + freePort();
        startWorker(work, broker, "w1", Duration.ZERO);
        startWorker(work, broker, "w2", Duration.ZERO);

        // when every rate of the script runs remotely
        for (List<String> segment : segments(dir)) {
            if (segment.get(0).startsWith("rate ")) {
                BillingHarness.Outcome rated = rateRemotely(segment.get(0), broker);
                assertThat(rated.exit()).as(rated.err()).isZero();
            } else {
                runScript(dir, segment);
            }
        }

        // then the exports are the expected ones, and both workers took partitions
        assertExportsAsExpected(dir);
        for (String worker : List.of("w1", "w2")) {
            assertThat(Files.readString(work.resolve(worker + ".log")))
                    .contains("rating partition rateWorkspacePartition (step execution");
        }
        assertThat(billing.count("SELECT count(*) FROM batch_step_execution WHERE step_name LIKE"
                        + " 'rateWorkspacePartition:%' AND status = 'COMPLETED'"))
                .isEqualTo(4L * 4);
    }

    @Test
    void aWorkerKilledMidPartitionLeavesItFailedAndARestartEndsWithTheSameLedger(@TempDir Path work) throws Exception {
        // given the scenario and two slow workers (one workspace per chunk, a pause between chunks)
        Path dir = scenario(work);
        billing = new BillingHarness("remote_kill", Map.of("billing.rating.partitions", 4));
        String broker = "tcp://127.0.0.1:" + freePort();
        Process w1 = startWorker(work, broker, "w1", Duration.ofMillis(250));
        Process w2 = startWorker(work, broker, "w2", Duration.ofMillis(250));
        boolean killed = false;

        for (List<String> segment : segments(dir)) {
            if (!segment.get(0).startsWith("rate ")) {
                runScript(dir, segment);
                continue;
            }
            if (killed) {
                assertThat(rateRemotely(segment.get(0), broker).exit()).isZero();
                continue;
            }
            // when the first run is under way, a worker in the middle of a partition is SIGKILLed
            CompletableFuture<BillingHarness.Outcome> manager =
                    CompletableFuture.supplyAsync(() -> rateRemotely(segment.get(0), broker));
            long victim = workerInMidPartition(Duration.ofSeconds(90));
            Process dead = w1.pid() == victim ? w1 : w2;
            assertThat(dead.pid()).isEqualTo(victim);
            dead.destroyForcibly();
            assertThat(dead.waitFor(30, TimeUnit.SECONDS)).isTrue();
            killed = true;

            // then the run fails, the dead worker's partition is FAILED, and nothing else is half done
            BillingHarness.Outcome failed = manager.get(3, TimeUnit.MINUTES);
            assertThat(failed.exit()).as(failed.err()).isNotZero();
            assertThat(billing.count("SELECT count(*) FROM batch_step_execution WHERE step_name LIKE"
                            + " 'rateWorkspacePartition:%' AND status = 'FAILED'"))
                    .isEqualTo(1);
            assertThat(billing.count(
                            "SELECT count(*) FROM batch_step_execution WHERE status IN" + " ('STARTED', 'STARTING')"))
                    .isZero();

            // and running the same command again reruns that partition only, on the surviving worker
            BillingHarness.Outcome restarted = rateRemotely(segment.get(0), broker);
            assertThat(restarted.exit()).as(restarted.err()).isZero();
            assertThat(billing.count("SELECT count(*) FROM batch_step_execution s JOIN batch_job_execution e"
                            + " USING (job_execution_id) WHERE s.step_name LIKE 'rateWorkspacePartition:%'"
                            + " AND e.job_execution_id = (SELECT max(job_execution_id) FROM batch_job_execution)"))
                    .isEqualTo(1);
        }

        assertThat(killed).isTrue();
        assertExportsAsExpected(dir);
        assertThat(billing.run("check").exit()).isZero();
    }

    /** Waits for a worker holding a partition lease with a chunk committed; returns its pid. */
    private long workerInMidPartition(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String holder = "SELECT coalesce(max(substring(a.application_name FROM 'billing worker ([0-9]+)')::bigint), 0)"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory'"
                + " AND l.classid = " + PartitionLeases.LOCK_CLASS + " AND l.granted";
        String midway = "SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'rateWorkspacePartition:%'"
                + " AND status = 'STARTED' AND commit_count >= 1";
        while (System.nanoTime() < deadline) {
            if (billing.count(midway) > 0) {
                long pid = billing.count(holder);
                if (pid > 0) {
                    return pid;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no worker was seen in the middle of a partition");
    }

    private BillingHarness.Outcome rateRemotely(String rateLine, String broker) {
        List<String> args = new ArrayList<>(List.of(rateLine.trim().split("\\s+")));
        args.addAll(List.of("--remote", "--embedded-broker", "--broker-url", broker));
        return billing.run(args.toArray(String[]::new));
    }

    private Process startWorker(Path work, String broker, String name, Duration chunkPause) throws IOException {
        Path log = work.resolve(name + ".log");
        Process worker = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Duser.timezone=UTC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Dbilling.rating.workspaces-per-chunk=1",
                        "-Dbilling.rating.chunk-pause=" + chunkPause.toMillis() + "ms",
                        BillingApplication.class.getName(),
                        "--db-url",
                        billing.url(),
                        "worker",
                        "--broker-url",
                        broker)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        workers.add(worker);
        return worker;
    }

    private void runScript(Path dir, List<String> lines) throws IOException {
        Path script = Files.createTempFile(dir, "segment", ".txt");
        Files.write(script, lines, StandardCharsets.UTF_8);
        billing.expectSuccess("script", script.toString());
    }

    /** The script's lines in runs: each rate line alone, the lines between them together. */
    private static List<List<String>> segments(Path dir) throws IOException {
        List<List<String>> segments = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("script.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("rate ")) {
                if (!current.isEmpty()) {
                    segments.add(current);
                    current = new ArrayList<>();
                }
                segments.add(List.of(line));
            } else {
                current.add(line);
            }
        }
        if (!current.isEmpty()) {
            segments.add(current);
        }
        return segments;
    }

    private static void assertExportsAsExpected(Path dir) throws IOException {
        try (Stream<Path> expected = Files.list(dir.resolve("expected"))) {
            for (Path file : expected.sorted().toList()) {
                assertThat(Files.readString(dir.resolve("out").resolve(file.getFileName()), StandardCharsets.UTF_8))
                        .as("random-small/%s", file.getFileName())
                        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
    }

    private static Path scenario(Path work) throws URISyntaxException, IOException {
        Path suite = Path.of(
                RemoteRatingIntegrationTests.class.getResource("/conformance").toURI());
        Path dir = work.resolve("random-small");
        FileSystemUtils.copyRecursively(suite.resolve("random-small"), dir);
        FileSystemUtils.deleteRecursively(dir.resolve("out"));
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
