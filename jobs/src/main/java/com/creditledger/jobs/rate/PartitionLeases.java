package com.creditledger.jobs.rate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who is rating a partition right now, told by PostgreSQL: the process running a partition (a
 * local thread or a remote worker) holds a session advisory lock named after the run and the
 * partition's first bucket for as long as the partition runs. The lock dies with the holder's
 * connection, so a worker killed with SIGKILL releases it at once, and a partition marked running
 * whose lock is free was left by a dead process. No two processes can ever rate the same
 * partition at once: the second one fails to take the lock.
 */
@Component
public class PartitionLeases {

    /** The advisory lock class of rating partitions ('RATE'): {@code pg_locks.classid}. */
    public static final int LOCK_CLASS = 0x52415445;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public PartitionLeases(DataSource dataSource, JdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** A held lease; closing it releases the lock. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the lease of the partition starting at {@code bucketFrom} in the run through {@code through}. */
    public Lease acquire(Instant through, int bucketFrom) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                statement.setInt(1, LOCK_CLASS);
                statement.setInt(2, key(through, bucketFrom));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw new IllegalStateException(
                                "the partition from bucket " + bucketFrom + " of the run through " + through
                                        + " is being rated by another process; it is not run twice at once");
                    }
                }
            }
            Connection held = connection;
            return () -> release(held, through, bucketFrom);
        } catch (SQLException e) {
            close(connection);
            throw new IllegalStateException("could not take the partition lease: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
    }

    /**
     * Whether {@code step} is a rate partition marked running whose lease nobody holds: the process
     * that ran it is gone.
     */
    public boolean orphaned(StepExecution step, Instant through) {
        Integer bucketFrom = runningPartition(step);
        return bucketFrom != null && !held(through, bucketFrom);
    }

    /** Whether {@code step} is a rate partition marked running that a live process is rating. */
    public boolean beingRated(StepExecution step, Instant through) {
        Integer bucketFrom = runningPartition(step);
        return bucketFrom != null && held(through, bucketFrom);
    }

    /** The first bucket of a rate partition marked running (from its name), null for any other step. */
    private static Integer runningPartition(StepExecution step) {
        WorkspaceBuckets range = step.getStatus().isRunning() ? WorkspaceBuckets.ofStepName(step.getStepName()) : null;
        return range == null ? null : range.from();
    }

    /** Whether some live process holds the lease (any session, this one included). */
    private boolean held(Instant through, int bucketFrom) {
        Boolean held = jdbc.queryForObject(
                """
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = ?::oid
                               AND objid = ?::oid AND objsubid = 2 AND granted)
                """,
                Boolean.class,
                Integer.toUnsignedLong(LOCK_CLASS),
                Integer.toUnsignedLong(key(through, bucketFrom)));
        return Boolean.TRUE.equals(held);
    }

    /** The lease's {@code pg_locks.objid} (two-key advisory lock, objsubid 2). */
    public static int key(Instant through, int bucketFrom) {
        return (through.toString() + "/" + bucketFrom).hashCode();
    }

    private static void release(Connection connection, Instant through, int bucketFrom) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            statement.setInt(1, LOCK_CLASS);
            statement.setInt(2, key(through, bucketFrom));
            statement.execute();
        } catch (SQLException e) {
            // closing the connection below releases it too
        } finally {
            close(connection);
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing left to release
            }
        }
    }
}
