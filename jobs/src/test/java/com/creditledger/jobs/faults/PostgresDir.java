package com.creditledger.jobs.faults;

import com.creditledger.jobs.EmbeddedBilling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The embedded PostgreSQL of a {@code --db-dir}, seen from outside the billing process that runs
 * it: one connection kept open to watch a run's progress every few milliseconds, and its
 * postmaster, to kill it.
 */
final class PostgresDir implements AutoCloseable {

    private final Path dir;
    private final EmbeddedBilling server;
    private Connection connection;
    private long connectedTo = -1;
    private boolean answered;

    PostgresDir(Path dir) {
        this.dir = dir;
        this.server = new EmbeddedBilling(dir, Map.of());
    }

    /** Whether a server runs in the folder, in whatever state (starting, ready, stopping). */
    boolean running() {
        try {
            String pid =
                    Files.readAllLines(dir.resolve("postmaster.pid")).get(0).strip();
            return EmbeddedBilling.alive(Long.parseLong(pid));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The first column of the first row of {@code sql} on the running server; -1 while no server is
     * ready or the table is not there yet (a starting process, a fresh directory).
     */
    long count(String sql) {
        Optional<long[]> running = server.server();
        if (running.isEmpty()) {
            disconnect();
            return -1;
        }
        try {
            if (connection == null || connectedTo != running.get()[0]) {
                disconnect();
                connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + running.get()[1]
                        + "/postgres?user=postgres&connectTimeout=2&socketTimeout=10&ApplicationName=fault-suite");
                connectedTo = running.get()[0];
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                answered = true;
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            disconnect();
            return -1;
        }
    }

    /**
     * What a process killed a moment ago was doing, as its database shows it: the jobs and steps
     * it left running, or how far its start had got.
     */
    String interrupted() {
        if (!Files.exists(dir.resolve("PG_VERSION"))) {
            return "before initdb had finished";
        }
        if (server.server().isEmpty()) {
            if (running()) {
                return answered ? "server stopping" : "server starting";
            }
            return answered ? "server stopped: the command was ending" : "no server started";
        }
        Map<String, Integer> running = new TreeMap<>();
        try {
            if (count("SELECT 1") < 0) {
                return "the server did not answer";
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT i.job_name, s.step_name FROM batch_job_execution e"
                            + " JOIN batch_job_instance i USING (job_instance_id) LEFT JOIN batch_step_execution s"
                            + " ON s.job_execution_id = e.job_execution_id AND s.status = 'STARTED'"
                            + " WHERE e.status = 'STARTED'")) {
                while (rs.next()) {
                    String step = rs.getString(2);
                    String name = rs.getString(1) + (step == null ? "" : "/" + step.replaceFirst(":.*", ""));
                    running.merge(name, 1, Integer::sum);
                }
            }
        } catch (SQLException e) {
            return "no job tables yet";
        } finally {
            disconnect();
        }
        if (running.isEmpty()) {
            return "no job running";
        }
        List<String> names = new ArrayList<>();
        running.forEach((name, times) -> names.add(times == 1 ? name : name + " x" + times));
        return "in " + String.join(", ", names);
    }

    void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the server is gone
            }
            connection = null;
            connectedTo = -1;
        }
    }

    /** SIGKILLs the ready postmaster (its backends notice and exit); false when none was running. */
    boolean killPostmaster() throws InterruptedException {
        disconnect();
        Optional<long[]> running = server.server();
        if (running.isEmpty()) {
            return false;
        }
        EmbeddedBilling.kill9(running.get()[0]);
        return true;
    }

    /**
     * The suite's own cleanup after a trial, never part of a survival: stops a server that no
     * billing process stopped; true when there was one.
     */
    boolean stopOrphan() {
        disconnect();
        boolean running = server.server().isPresent();
        server.close();
        return running;
    }

    @Override
    public void close() {
        disconnect();
    }
}
