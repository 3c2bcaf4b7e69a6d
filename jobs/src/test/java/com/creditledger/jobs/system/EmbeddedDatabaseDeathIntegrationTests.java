package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness.Outcome;
import com.creditledger.jobs.EmbeddedBilling;
import com.creditledger.jobs.catalog.CatalogFiles;
import com.creditledger.jobs.demo.DatasetGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL SIGKILLed under a running command: billing sees its postmaster go
 * (instead of each Spring Batch write waiting the pool's connection timeout in turn, for
 * minutes), says so in one line and exits 1 within seconds; the same command then recovers.
 */
class EmbeddedDatabaseDeathIntegrationTests {

    /** The bound promised: billing watches its postmaster four times a second. */
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Path config = Path.of("..", "config").toAbsolutePath().normalize();

    @Test
    void aRateWhosePostgresIsKilledExitsWithinSecondsWithOneLineAndTheSameCommandRecovers() throws Exception {
        // given a month to rate on the embedded default, rated slowly (one workspace a chunk)
        Map<String, Object> settings = Map.of("billing.rating.partitions", 2, "billing.rating.workspaces-per-chunk", 1);
        Path data = dir.resolve("data");
        DatasetGenerator.Spec spec = DatasetGenerator.Spec.bench(20_000).withWorkspaces(150);
        DatasetGenerator.Result generated = new DatasetGenerator(CatalogFiles.read(config)).generate(data, spec);
        String through = spec.end().atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String rated = "SELECT count(*) FROM account_state WHERE rated_through = '" + through + "'";
        try (EmbeddedBilling billing = new EmbeddedBilling(dir.resolve("pg"), settings)) {
            billing.script(dir, "load", loadLines(data, generated.requestFiles()));

            // when its postmaster is SIGKILLed while the rate job runs
            Path log = dir.resolve("rate.log");
            Process child = billing.spawn(log, "rate", "--through", through);
            long server = billing.awaitServerOf(child, log);
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (billing.count(rated) < 5 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive())
                    .as("the child must still be rating; its log:%n%s", Files.readString(log))
                    .isTrue();
            long killed = System.nanoTime();
            EmbeddedBilling.kill9(server);
            boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - killed) / 1e9;
            if (!exited) {
                EmbeddedBilling.kill9(child.pid());
            }
            String output = Files.readString(log);

            // then billing exited 1 within seconds, with one line saying what, where and what to do
            assertThat(exited)
                    .as("billing exited within 60 s of its server's death; its log:%n%s", output)
                    .isTrue();
            System.out.printf("billing exited %.1f s after its PostgreSQL was killed%n", seconds);
            assertThat(seconds).as("seconds from the kill to billing's exit").isLessThan(EXIT_WITHIN.toSeconds());
            assertThat(child.exitValue()).isEqualTo(1);
            List<String> lines =
                    output.lines().filter(line -> line.startsWith("billing:")).toList();
            assertThat(lines)
                    .as(output)
                    .containsExactly("billing: the embedded PostgreSQL in " + billing.dataDirectory()
                            + " stopped while rate was running (see "
                            + billing.dataDirectory().resolve("postgres.log") + "); run the same command again");
            assertThat(output).as("no stack trace").doesNotContain("\tat ");

            // and the same command recovers the server and finishes the run
            Outcome resumed = billing.run("rate", "--through", through);
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.out()).startsWith("rated through " + through);
            assertThat(billing.run("check").out()).contains("ledger check passed");
            assertThat(billing.dataDirectory().resolve("postmaster.pid"))
                    .as("no server outlives the commands")
                    .doesNotExist();
        }
    }

    private List<String> loadLines(Path data, List<Path> requestFiles) {
        List<String> lines = new ArrayList<>();
        for (String what : List.of("plans", "packs", "prices")) {
            lines.add("load " + what + " " + config.resolve(what + ".csv"));
        }
        lines.add("load workspaces " + data.resolve("workspaces.csv"));
        lines.add("load purchases " + data.resolve("purchases.csv"));
        lines.add("ingest "
                + String.join(" ", requestFiles.stream().map(Path::toString).toList()));
        return lines;
    }
}
