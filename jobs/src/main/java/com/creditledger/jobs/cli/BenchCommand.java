package com.creditledger.jobs.cli;

import com.creditledger.jobs.bench.Benchmark;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures ingest + rate against a plain COPY of as many rows, in the same run.",
            "Generates the dataset once, then each run uses a fresh embedded PostgreSQL. Prints each run",
            "and a final line with the medians. Use scripts/bench, which also fixes the heap size."
        })
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--records", paramLabel = "N", description = "requests (default: 1000000)")
    long records = 1_000_000;

    @Option(names = "--workspaces", paramLabel = "W", description = "workspaces (default: N/1000)")
    Integer workspaces;

    @Option(names = "--runs", paramLabel = "R", description = "measured runs (default: 3)")
    int runs = 3;

    @Option(names = "--work", paramLabel = "DIR", description = "scratch folder (default: var/bench)")
    Path work = Path.of("var", "bench");

    @Option(names = "--config", paramLabel = "DIR", description = "the catalog (default: config)")
    Path config = Path.of(System.getProperty("billing.home", "."), "config");

    @Override
    public Integer call() throws Exception {
        int w = workspaces != null ? workspaces : (int) Math.max(1, records / 1000);
        List<Benchmark.Run> results = new Benchmark(work.toAbsolutePath(), config, records, w).run(runs);
        double baseline = median(results, Benchmark.Run::baselineSeconds);
        double pipeline = median(results, Benchmark.Run::pipelineSeconds);
        long heap = (long) median(results, Benchmark.Run::heapMaxMb);
        System.out.printf(
                "bench: records=%d baseline_s=%.1f pipeline_s=%.1f ratio=%.2f heap_max_mb=%d rss_max_mb=%d%n",
                records, baseline, pipeline, pipeline / baseline, heap, Benchmark.rssMaxMb());
        return results.stream().allMatch(Benchmark.Run::checked) ? 0 : 1;
    }

    private static double median(List<Benchmark.Run> runs, ToDoubleFunction<Benchmark.Run> value) {
        List<Double> sorted = runs.stream()
                .map(value::applyAsDouble)
                .sorted(Comparator.naturalOrder())
                .toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
