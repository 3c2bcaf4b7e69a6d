package com.creditledger.jobs.bench;

import com.creditledger.jobs.catalog.CatalogFiles;
import com.creditledger.jobs.cli.BillingCli;
import com.creditledger.jobs.demo.DatasetGenerator;
import com.creditledger.jobs.system.EmbeddedDatabase;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.springframework.util.FileSystemUtils;

/**
 * Measures the pipeline (ingest + rate, from files to balances) against a baseline measured in the
 * same run on the same machine: a plain {@code COPY} of the same number of request rows into a
 * logged table with a primary key on request_id. Each run gets a fresh embedded PostgreSQL. The
 * ratio pipeline/baseline is what to compare across machines; seconds alone are noise.
 *
 * <p>The baseline copies a clean twin of the dataset (same spec, no bad rows), because a plain
 * COPY stops at the first malformed row; the pipeline gets the real files with their bad rows.
 */
public final class Benchmark {

    /** One measured run. */
    public record Run(int number, double baselineSeconds, double pipelineSeconds, long heapMaxMb, boolean checked) {

        double ratio() {
            return pipelineSeconds / baselineSeconds;
        }
    }

    private final Path work;
    private final Path config;
    private final long records;
    private final int workspaces;

    public Benchmark(Path work, Path config, long records, int workspaces) {
        this.work = work;
        this.config = config;
        this.records = records;
        this.workspaces = workspaces;
    }

    public List<Run> run(int runs) throws IOException, SQLException {
        DatasetGenerator generator = new DatasetGenerator(CatalogFiles.read(config));
        DatasetGenerator.Spec spec = DatasetGenerator.Spec.bench(records).withWorkspaces(workspaces);
        DatasetGenerator.Spec clean = spec.withBadFraction(0.0);
        long started = System.nanoTime();
        DatasetGenerator.Result data = generator.generate(work.resolve("data"), spec);
        DatasetGenerator.Result twin = generator.generate(work.resolve("baseline"), clean);
        System.out.printf(
                "bench: generated %s (and a clean twin for the baseline) in %.1f s%n",
                data.summary(), (System.nanoTime() - started) / 1e9);
        String through = spec.end().atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        List<Run> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            results.add(once(i, data, twin, through));
        }
        return results;
    }

    private Run once(int number, DatasetGenerator.Result data, DatasetGenerator.Result twin, String through)
            throws SQLException {
        Path pg = work.resolve("pg-" + number);
        FileSystemUtils.deleteRecursively(pg.toFile());
        try (EmbeddedDatabase database = EmbeddedDatabase.start(pg)) {
            String admin = database.jdbcUrl();
            execute(admin, "CREATE DATABASE baseline");
            execute(admin, "CREATE DATABASE pipeline");
            String baselineUrl = admin.replace("/postgres?", "/baseline?");
            String pipelineUrl = admin.replace("/postgres?", "/pipeline?");

            double baseline = timed(() -> copyBaseline(baselineUrl, twin.requestFiles()));
            execute(admin, "DROP DATABASE baseline");

            cli(pipelineUrl, "load", "plans", config.resolve("plans.csv").toString());
            cli(pipelineUrl, "load", "packs", config.resolve("packs.csv").toString());
            cli(pipelineUrl, "load", "prices", config.resolve("prices.csv").toString());
            Path dataDir = data.requestFiles().get(0).getParent().getParent();
            cli(
                    pipelineUrl,
                    "load",
                    "workspaces",
                    dataDir.resolve("workspaces.csv").toString());
            cli(
                    pipelineUrl,
                    "load",
                    "purchases",
                    dataDir.resolve("purchases.csv").toString());
            HeapSampler heap = HeapSampler.start();
            List<String> ingest = new ArrayList<>(List.of("ingest"));
            data.requestFiles().forEach(f -> ingest.add(f.toString()));
            double ingested = timed(() -> cli(pipelineUrl, ingest.toArray(String[]::new)));
            double rated = timed(() -> cli(pipelineUrl, "rate", "--through", through));
            double pipeline = ingested + rated;
            long heapMax = heap.stop();
            boolean checked = BillingCli.run(Map.of(), "--db-url", pipelineUrl, "check") == 0;
            Run run = new Run(number, baseline, pipeline, heapMax, checked);
            System.out.printf(
                    "bench: run %d: baseline_s=%.1f pipeline_s=%.1f (ingest %.1f, rate %.1f) ratio=%.2f heap_max_mb=%d"
                            + " check=%s%n",
                    number, baseline, pipeline, ingested, rated, run.ratio(), heapMax, checked ? "passed" : "FAILED");
            return run;
        }
    }

    private static void copyBaseline(String url, List<Path> files) {
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE request (request_id text PRIMARY KEY, occurred_at timestamptz NOT NULL,
                            workspace_id text NOT NULL, user_id text, kind text NOT NULL, agent_id text,
                            automation_id text, automation_run_id text, app_id text, model text, resolved_model text,
                            input_tokens bigint, output_tokens bigint, status text, public_visitor boolean)
                        """);
            }
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (Path file : files) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    copy.copyIn("COPY request FROM STDIN (FORMAT csv, HEADER true)", reader, 1 << 16);
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("baseline COPY failed: " + e.getMessage(), e);
        }
    }

    private static void cli(String url, String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--db-url";
        full[1] = url;
        System.arraycopy(args, 0, full, 2, args.length);
        int exit = BillingCli.run(Map.of(), full);
        if (exit != 0) {
            throw new IllegalStateException("billing " + Arrays.toString(args) + " failed with exit " + exit);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static double timed(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e9;
    }

    /** Peak resident set size of this JVM, from /proc (0 where there is none). */
    public static long rssMaxMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Samples used heap every 20 ms and keeps the maximum. */
    static final class HeapSampler {
        private final AtomicLong max = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        private HeapSampler() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            thread = new Thread(
                    () -> {
                        while (running) {
                            max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "heap-sampler");
            thread.setDaemon(true);
        }

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            sampler.thread.start();
            return sampler;
        }

        long stop() {
            running = false;
            return max.get() / (1024 * 1024);
        }
    }
}
