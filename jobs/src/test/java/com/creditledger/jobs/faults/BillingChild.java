package com.creditledger.jobs.faults;

import com.creditledger.jobs.EmbeddedBilling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code billing --db-dir DIR ...} in a JVM of its own, as an operator runs it: the embedded default
 * database (no {@code --db-url}), the fake Stripe reached over HTTP, its output in a log file.
 */
final class BillingChild {

    /** How a finished process ended. */
    record Exit(int code, String log, double seconds) {

        boolean ok() {
            return code == 0;
        }

        /** The line that says why it failed (the CLI prints one starting with "billing:"). */
        String reason() {
            return log.lines()
                    .filter(line -> line.startsWith("billing:"))
                    .findFirst()
                    .or(() -> log.lines()
                            .filter(line -> line.contains("Exception") || line.contains("ERROR"))
                            .findFirst())
                    .orElse("exit " + code)
                    .strip();
        }
    }

    /** A started process. */
    final class Running {
        final Process process;
        final Path log;
        final long startedNanos = System.nanoTime();

        private Running(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        double elapsedSeconds() {
            return (System.nanoTime() - startedNanos) / 1e9;
        }

        /** Waits for the end; a process still running after {@code timeout} is SIGKILLed and exits 137. */
        Exit await(Duration timeout) throws InterruptedException {
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly();
                process.waitFor();
            }
            String text = readLog(log) + (ended ? "" : "\n[fault suite] still running after " + timeout + ": killed");
            return new Exit(ended ? process.exitValue() : 137, text, elapsedSeconds());
        }

        /** SIGKILL, as {@code kill -9}; waits until the process is gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private final EmbeddedBilling billing;
    private final Path logs;
    private int started;

    BillingChild(Path dbDir, Path logs, Map<String, Object> settings) {
        this.billing = new EmbeddedBilling(dbDir, settings);
        this.logs = logs;
    }

    /** Starts {@code billing --db-dir DIR args...}. */
    Running start(String name, List<String> args) throws IOException {
        Files.createDirectories(logs);
        Path log = logs.resolve(String.format("%02d-%s.log", ++started, name));
        return new Running(billing.spawn(log, args.toArray(String[]::new)), log);
    }

    /** Runs {@code args} to its end. */
    Exit run(String name, List<String> args, Duration timeout) throws IOException, InterruptedException {
        return start(name, args).await(timeout);
    }

    private static String readLog(Path log) {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
