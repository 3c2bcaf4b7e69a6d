package com.creditledger.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.cli.BillingCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark works end to end at a small size: it generates the data, measures the baseline
 * and the pipeline on a fresh embedded PostgreSQL, checks the ledger and prints its result line.
 * It proves the tool, not a speed: no time is asserted (docs/performance.md has the measurements).
 */
class BenchmarkIntegrationTests {

    @Test
    void benchmarkRunsAndPrintsItsResultLine(@TempDir Path work) {
        Path config = Files.isDirectory(Path.of("config")) ? Path.of("config") : Path.of("..", "config");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = BillingCli.run(
                    Map.of(),
                    "bench",
                    "--records",
                    "100000",
                    "--runs",
                    "1",
                    "--work",
                    work.toString(),
                    "--config",
                    config.toString());
        } finally {
            System.setOut(out);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero(); // zero only when billing check passed after the run
        assertThat(output).contains("check=passed");
        assertThat(output.strip().lines().reduce((first, second) -> second).orElseThrow())
                .matches("bench: records=100000 baseline_s=\\d+\\.\\d pipeline_s=\\d+\\.\\d ratio=\\d+\\.\\d\\d"
                        + " heap_max_mb=\\d+ rss_max_mb=\\d+");
    }
}
