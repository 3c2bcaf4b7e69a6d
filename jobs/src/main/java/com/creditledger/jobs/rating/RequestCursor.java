package com.creditledger.jobs.rating;

import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.Ordinal;
import com.creditledger.rating.RequestEvent;
import com.creditledger.rating.RequestKind;
import com.creditledger.rating.TimelineEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Streams one rating partition's requests of a run, ordered by workspace, through a read-only
 * connection of its own: one pass over the run's time range (the {@code process_at} BRIN index)
 * instead of an index lookup per chunk. The chunks, each in its own transaction on another
 * connection, take from it in turn, the workspaces of a chunk being the next ones in the same
 * order. A restart opens it after the last committed workspace.
 */
final class RequestCursor implements AutoCloseable {

    private static final String SQL = """
            SELECT request_id, workspace_id, occurred_at, process_at, kind, model, resolved_model, input_tokens,
                   output_tokens, is_error
            FROM request
            WHERE process_at >= ? AND process_at < ? AND mod(abs(hashtext(workspace_id)::bigint), ?) = ?
              AND workspace_id > ?
            ORDER BY workspace_id
            """;

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private String pendingWorkspace;
    private RequestEvent pending;

    private RequestCursor(Connection connection, PreparedStatement statement, ResultSet rows) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
    }

    static RequestCursor open(
            DataSource dataSource, Instant from, Instant through, int partitions, int partition, String after) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            PreparedStatement statement = connection.prepareStatement(SQL);
            statement.setFetchSize(10_000);
            statement.setObject(1, Sql.utc(from));
            statement.setObject(2, Sql.utc(through));
            statement.setInt(3, partitions);
            statement.setInt(4, partition);
            statement.setString(5, after);
            return new RequestCursor(connection, statement, statement.executeQuery());
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // reporting the first failure
                }
            }
            throw new IllegalStateException("could not read the requests to rate: " + e.getMessage(), e);
        }
    }

    /**
     * Adds to {@code events} the requests of every workspace up to and including {@code last};
     * requests of workspaces not in {@code events}' keys (not loaded, rated already) are passed over.
     */
    void readThrough(String last, Map<String, List<TimelineEvent>> events) {
        try {
            while (true) {
                if (pending == null) {
                    if (!rows.next()) {
                        return;
                    }
                    pendingWorkspace = rows.getString("workspace_id");
                    pending = new RequestEvent(
                            rows.getString("request_id"),
                            Sql.instant(rows, "occurred_at"),
                            Sql.instant(rows, "process_at"),
                            RequestKind.fromCode(rows.getString("kind")).orElseThrow(),
                            rows.getString("model"),
                            rows.getString("resolved_model"),
                            rows.getLong("input_tokens"),
                            rows.getLong("output_tokens"),
                            rows.getBoolean("is_error"));
                }
                if (Ordinal.compare(pendingWorkspace, last) > 0) {
                    return;
                }
                List<TimelineEvent> timeline = events.get(pendingWorkspace);
                if (timeline != null) {
                    timeline.add(pending);
                }
                pending = null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the requests to rate: " + e.getMessage(), e);
        }
    }

    /** An empty timeline for each workspace of a chunk, for {@link #readThrough}. */
    static Map<String, List<TimelineEvent>> timelines(List<String> workspaces) {
        Map<String, List<TimelineEvent>> events = new java.util.HashMap<>();
        workspaces.forEach(id -> events.put(id, new ArrayList<>()));
        return events;
    }

    @Override
    public void close() {
        try (connection;
                statement;
                rows) {
            connection.rollback();
        } catch (SQLException e) {
            // read-only: nothing to lose
        }
    }
}
