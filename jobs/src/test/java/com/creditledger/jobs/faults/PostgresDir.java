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
import java.util.Map;
import java.util.Optional;

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
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            disconnect();
            return -1;
        }
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
