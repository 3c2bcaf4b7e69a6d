package com.creditledger.jobs;

import com.creditledger.jobs.BillingHarness.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Billing on the embedded default ({@code --db-dir DIR}, no {@code --db-url}): commands run
 * in-process or in a child JVM, and the database is read through the server the running process
 * started there. Closing it stops whatever server a test left running in the folder.
 */
public final class EmbeddedBilling implements AutoCloseable {

    private final Path dataDirectory;
    private final Map<String, Object> properties;

    public EmbeddedBilling(Path dataDirectory, Map<String, Object> properties) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        this.properties = properties;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Runs {@code billing --db-dir DIR args...} in this JVM, capturing stdout and stderr. */
    public Outcome run(String... args) {
        List<String> full = new ArrayList<>(List.of("--db-dir", dataDirectory.toString()));
        full.addAll(List.of(args));
        return BillingHarness.capture(properties, full.toArray(String[]::new));
    }

    /** Runs a command that must succeed. */
    public Outcome expectSuccess(String... args) {
        Outcome outcome = run(args);
        if (outcome.exit() != 0) {
            throw new AssertionError("billing " + String.join(" ", args) + " failed: " + outcome.err());
        }
        return outcome;
    }

    /** Runs the lines as one {@code billing script}: one process, one start of the server. */
    public Outcome script(Path dir, String name, List<String> lines) {
        try {
            Path script = dir.resolve(name + ".txt");
            Files.write(script, lines);
            return expectSuccess("script", script.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code billing --db-dir DIR args...} in a child JVM with this harness's settings as
     * system properties, its output in {@code log}.
     */
    public Process spawn(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Duser.timezone=UTC",
                "-XX:TieredStopAtLevel=1", // a child JVM that starts fast
                "-XX:+UseSerialGC"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(BillingApplication.class.getName());
        command.add("--db-dir");
        command.add(dataDirectory.toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The running server's pid and port, read from its {@code postmaster.pid}, once it is ready. */
    public Optional<long[]> server() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            if (lines.size() < 8 || !lines.get(7).strip().equals("ready")) {
                return Optional.empty();
            }
            return Optional.of(new long[] {
                Long.parseLong(lines.get(0).strip()),
                Long.parseLong(lines.get(3).strip())
            });
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Waits until {@code owner} (a child JVM) has its server ready; returns the server's pid. */
    public long awaitServerOf(Process owner, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && owner.isAlive()) {
            Optional<long[]> server = server();
            if (server.isPresent() && ownerPid().orElse(-1L) == owner.pid()) {
                return server.get()[0];
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "no server of pid " + owner.pid() + " in " + dataDirectory + "; its log:\n" + Files.readString(log));
    }

    private Optional<Long> ownerPid() {
        try {
            return Files.readAllLines(dataDirectory.resolve("billing-owner")).stream()
                    .filter(line -> line.startsWith("pid="))
                    .map(line -> Long.parseLong(line.substring(4)))
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The first column of the first row of a query against the running server, or -1 when none runs. */
    public long count(String sql) {
        Optional<long[]> server = server();
        if (server.isEmpty()) {
            return -1;
        }
        String url = "jdbc:postgresql://localhost:" + server.get()[1] + "/postgres?user=postgres";
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // not migrated yet, or the server is going away
        }
    }

    /** Whether a process with this pid runs. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGKILLs a process (a child JVM, or a server) and waits until it is gone. */
    public static void kill9(long pid) throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (alive(pid)) {
            throw new AssertionError("pid " + pid + " survived SIGKILL");
        }
    }

    /** Stops a server a failed test left running in the folder, so that nothing outlives the test. */
    @Override
    public void close() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.get(0).strip());
            if (alive(pid)) {
                new ProcessBuilder("kill", "-s", "INT", Long.toString(pid))
                        .start()
                        .waitFor(10, TimeUnit.SECONDS);
                ProcessHandle.of(pid)
                        .ifPresent(server ->
                                server.onExit().orTimeout(60, TimeUnit.SECONDS).join());
            }
        } catch (IOException | RuntimeException e) {
            // no server left behind
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
