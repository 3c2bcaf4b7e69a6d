package com.creditledger.jobs.rating;

import com.creditledger.jobs.system.BinaryCopyReader;
import com.creditledger.rating.Ordinal;
import com.creditledger.rating.RequestEvent;
import com.creditledger.rating.RequestKind;
import com.creditledger.rating.TimelineEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;

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
            WHERE process_at >= '%s' AND process_at < '%s' AND %s
              AND workspace_id > %s
            ORDER BY workspace_id
            """;

    private final Connection connection;
    private final BinaryCopyReader rows;
    private String pendingWorkspace;
    private RequestEvent pending;

    private RequestCursor(Connection connection, BinaryCopyReader rows) {
        this.connection = connection;
        this.rows = rows;
    }

    static RequestCursor open(
            DataSource dataSource, Instant from, Instant through, WorkspaceBuckets buckets, String after) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (var memory = connection.createStatement()) {
                // a whole month in one run sorts millions of rows: in memory if it fits, not in spill files
                memory.execute("SET LOCAL work_mem = '512MB'");
                // the partitions keep the cores busy already: parallel workers would only add the
                // cost of passing rows between processes (about 10 % of the rating time at 10M)
                memory.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            }
            // COPY takes no parameters: the values are instants, numbers and a quoted literal
            String query = SQL.formatted(
                    timestamp(from), timestamp(through), buckets.bucketCondition("bucket"), literal(connection, after));
            return new RequestCursor(connection, BinaryCopyReader.open(connection, query));
        } catch (SQLException | RuntimeException e) {
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

    private static String timestamp(Instant instant) {
        return instant.isBefore(Instant.parse("0001-01-01T00:00:00Z")) ? "-infinity" : instant.toString();
    }

    private static String literal(Connection connection, String value) throws SQLException {
        return "'" + connection.unwrap(BaseConnection.class).escapeString(value) + "'";
    }

    /** A request of a workspace that nobody loaded, passed over by {@link #readThrough}. */
    record Unknown(String requestId, String workspaceId) {}

    /**
     * Adds to {@code events} the requests of every workspace up to and including {@code last}
     * (to the end if null). Requests of workspaces not in {@code events}' keys are passed over: those
     * of {@code known} workspaces (rated already) silently, the others into {@code unknown}.
     */
    void readThrough(String last, Map<String, List<TimelineEvent>> events, Set<String> known, List<Unknown> unknown) {
        while (true) {
            if (pending == null) {
                if (!rows.next()) {
                    return;
                }
                String requestId = rows.text();
                pendingWorkspace = rows.sharedText();
                pending = new RequestEvent(
                        requestId,
                        rows.timestamptz(),
                        rows.timestamptz(),
                        RequestKind.fromCode(rows.sharedText()).orElseThrow(),
                        rows.sharedText(),
                        rows.sharedText(),
                        rows.int8(),
                        rows.int8(),
                        rows.bool());
            }
            if (last != null && Ordinal.compare(pendingWorkspace, last) > 0) {
                return;
            }
            List<TimelineEvent> timeline = events.get(pendingWorkspace);
            if (timeline != null) {
                timeline.add(pending);
            } else if (!known.contains(pendingWorkspace)) {
                unknown.add(new Unknown(pending.requestId(), pendingWorkspace));
            }
            pending = null;
        }
    }

    /** An empty timeline for each workspace of a chunk, for {@link #readThrough}. */
    static Map<String, List<TimelineEvent>> timelines(List<String> workspaces) {
        Map<String, List<TimelineEvent>> events = new HashMap<>();
        workspaces.forEach(id -> events.put(id, new ArrayList<>()));
        return events;
    }

    @Override
    public void close() {
        try (connection) {
            rows.close();
            connection.rollback();
        } catch (SQLException e) {
            // read-only: nothing to lose
        }
    }
}
