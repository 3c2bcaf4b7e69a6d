package com.creditledger.jobs.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One writing process per database: a PostgreSQL session advisory lock that a process takes
 * before it loads, ingests or rates, and holds until it exits. PostgreSQL drops it when the
 * session ends, so a process killed with {@code kill -9} never leaves it behind; and while this
 * process holds it, any job execution still marked running was left by a dead process.
 */
@Component
public class WriterLock implements DisposableBean {

    /** An arbitrary, fixed key: "billing" in ASCII. */
    static final long KEY = 0x62696c6c696e67L;

    private final DataSource dataSource;
    private Connection held;

    public WriterLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes the lock, or fails at once naming the process that holds it. Idempotent. */
    public synchronized void acquire() {
        if (held != null) {
            return;
        }
        try {
            Connection connection = dataSource.getConnection();
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    held = connection;
                    return;
                }
            }
            String holder = holder(connection);
            connection.close();
            throw new BillingException("another billing process (" + holder + ") is writing to this database;"
                    + " wait for it to finish. If it died, its lock is released as soon as PostgreSQL notices"
                    + " the closed connection");
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("could not take the writer lock: " + e.getMessage(), e);
        }
    }

    private static String holder(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT a.pid, a.client_addr, a.backend_start FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                        WHERE l.locktype = 'advisory' AND l.granted
                          AND ((l.classid::bigint << 32) | l.objid::bigint) = %d
                        """.formatted(KEY))) {
            return rs.next()
                    ? "backend pid " + rs.getInt(1) + " from " + rs.getString(2) + ", connected since "
                            + rs.getString(3)
                    : "unknown";
        }
    }

    /** Whether this process holds the lock now. */
    public synchronized boolean isHeld() {
        return held != null;
    }

    /** Whether the lock is free now or already ours: takes it when free, never waits, never throws. */
    public synchronized boolean tryAcquire() {
        try {
            acquire();
            return true;
        } catch (BillingException e) {
            return false;
        }
    }

    /** Gives the lock back (a long-running server does between nightly runs). */
    public synchronized void release() throws SQLException {
        if (held != null) {
            try (Statement statement = held.createStatement()) {
                statement.execute("SELECT pg_advisory_unlock(" + KEY + ")");
            } finally {
                held.close();
                held = null;
            }
        }
    }

    @Override
    public synchronized void destroy() throws SQLException {
        if (held != null) {
            try {
                held.close();
            } finally {
                held = null;
            }
        }
    }
}
