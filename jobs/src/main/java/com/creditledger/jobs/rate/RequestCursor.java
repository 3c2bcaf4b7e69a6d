package com.creditledger.jobs.rate;

import com.creditledger.jobs.system.BinaryCopyReader;
import com.creditledger.jobs.system.SpillFile;
import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.Ordinal;
import com.creditledger.rating.RequestEvent;
import com.creditledger.rating.RequestKind;
import com.creditledger.rating.TimelineEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rating partition's requests of a run, grouped by chunk. The chunks are planned when it opens:
 * the partition's workspaces still to rate, in id order, a chunk's worth at a time. It then reads
 * the partition's share of the run's time range in one pass (the {@code process_at} BRIN index),
 * through a read-only connection of its own, and sets each request aside in its chunk's group of a
 * {@link SpillFile}. The rows only need grouping, so PostgreSQL sorts nothing (sorting a
 * partition's rows by workspace took a third of its read, and half a gigabyte of memory each).
 * The chunks, each in its own transaction on another connection, then take their requests in
 * turn. A restart plans again after the last committed workspace.
 */
final class RequestCursor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestCursor.class);

    private static final String SQL = """
            SELECT workspace_id, request_id, occurred_at, occurred_at_ns, process_at, process_at_ns, kind, model,
                   resolved_model, input_tokens, output_tokens, is_error
            FROM request
            WHERE process_at >= '%1$s' AND process_at <= '%3$s'
              AND (process_at > '%1$s' OR process_at_ns >= %2$d) AND (process_at < '%3$s' OR process_at_ns < %4$d)
              AND %5$s AND workspace_id > %6$s
            """;

    private final SpillFile spill;
    private final List<List<String>> chunks;
    private final long rows;
    private int next;

    private RequestCursor(SpillFile spill, List<List<String>> chunks, long rows) {
        this.spill = spill;
        this.chunks = chunks;
        this.rows = rows;
    }

    /**
     * Plans the chunks of {@code toRate} (ids after {@code after}, in order) and sets their requests
     * aside. Requests of workspaces in {@code known} but not to rate (rated already) are passed
     * over; those of any other workspace go with the chunk whose range holds its id (the last chunk
     * if none), to be quarantined in that chunk's transaction.
     */
    static RequestCursor open(
            DataSource dataSource,
            Instant from,
            Instant through,
            WorkspaceBuckets buckets,
            String after,
            List<String> toRate,
            int chunkSize,
            Set<String> known,
            Path spillDirectory) {
        List<List<String>> chunks = new ArrayList<>();
        Map<String, Integer> chunkOf = new HashMap<>(2 * toRate.size());
        for (int i = 0; i < toRate.size(); i += chunkSize) {
            List<String> chunk = toRate.subList(i, Math.min(toRate.size(), i + chunkSize));
            chunk.forEach(id -> chunkOf.put(id, chunks.size()));
            chunks.add(chunk);
        }
        if (chunks.isEmpty()) {
            chunks.add(List.of()); // nothing to rate, but maybe requests of unknown workspaces
        }
        SpillFile spill = SpillFile.create(spillDirectory, chunks.size());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (var settings = connection.createStatement()) {
                // the partitions keep the cores busy already: parallel workers would only add the
                // cost of passing rows between processes (about 10 % of the rating time at 10M)
                settings.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            }
            // COPY takes no parameters: the values are instants, numbers and a quoted literal
            // from <= process_at < through, exactly: the floors first (the BRIN index and the month
            // partitions), then the nanoseconds, which only the boundary microseconds need
            String query = SQL.formatted(
                    timestamp(from),
                    Sql.nanos(from),
                    timestamp(through),
                    Sql.nanos(through),
                    buckets.condition("bucket"),
                    literal(connection, after));
            long rows = 0;
            try (BinaryCopyReader requests = BinaryCopyReader.open(connection, query)) {
                while (requests.next()) {
                    String workspace = requests.sharedText();
                    Integer chunk = chunkOf.get(workspace);
                    if (chunk == null) {
                        if (known.contains(workspace)) {
                            continue;
                        }
                        chunk = chunkHolding(chunks, workspace);
                    }
                    requests.spill(spill, chunk);
                    rows++;
                }
            } finally {
                try {
                    connection.rollback(); // read-only: nothing to keep
                } catch (SQLException e) {
                    log.warn("could not end the read-only transaction of the requests to rate: {}", e.getMessage());
                }
            }
            return new RequestCursor(spill, chunks, rows);
        } catch (SQLException | RuntimeException e) {
            spill.close();
            throw new IllegalStateException("could not read the requests to rate: " + e.getMessage(), e);
        }
    }

    /** The first chunk whose last id is at or after {@code workspace}'s, else the last chunk. */
    private static int chunkHolding(List<List<String>> chunks, String workspace) {
        int low = 0;
        int high = chunks.size() - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            List<String> chunk = chunks.get(middle);
            if (Ordinal.compare(chunk.get(chunk.size() - 1), workspace) >= 0) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private static String timestamp(Instant instant) {
        return instant.isBefore(Instant.parse("0001-01-01T00:00:00Z"))
                ? "-infinity"
                : instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static String literal(Connection connection, String value) throws SQLException {
        return "'" + connection.unwrap(BaseConnection.class).escapeString(value) + "'";
    }

    /** A request of a workspace that nobody loaded. */
    record Unknown(String requestId, String workspaceId) {}

    /**
     * A chunk's workspaces, each with its requests (its timeline, in no particular order), the
     * requests of unknown workspaces that fall in its range, and whether it is the partition's last.
     */
    record Chunk(
            List<String> workspaces, Map<String, List<TimelineEvent>> events, List<Unknown> unknown, boolean last) {}

    /** The requests set aside across the partition's chunks (for the log). */
    long rows() {
        return rows;
    }

    /** The next chunk, read back from the spill. */
    Chunk next() {
        List<String> workspaces = chunks.get(next);
        Map<String, List<TimelineEvent>> events = timelines(workspaces);
        List<Unknown> unknown = new ArrayList<>();
        BinaryCopyReader rows = BinaryCopyReader.replay(spill.records(next));
        while (rows.next()) {
            String workspace = rows.sharedText();
            RequestEvent request = new RequestEvent(
                    rows.text(),
                    rows.exactInstant(),
                    rows.exactInstant(),
                    RequestKind.fromCode(rows.sharedText()).orElseThrow(),
                    rows.sharedText(),
                    rows.sharedText(),
                    rows.int8(),
                    rows.int8(),
                    rows.bool());
            List<TimelineEvent> timeline = events.get(workspace);
            if (timeline != null) {
                timeline.add(request);
            } else {
                unknown.add(new Unknown(request.requestId(), workspace));
            }
        }
        next++;
        return new Chunk(workspaces, events, unknown, next == chunks.size());
    }

    /** An empty timeline for each workspace of a chunk. */
    private static Map<String, List<TimelineEvent>> timelines(List<String> workspaces) {
        Map<String, List<TimelineEvent>> events = new HashMap<>();
        workspaces.forEach(id -> events.put(id, new ArrayList<>()));
        return events;
    }

    @Override
    public void close() {
        spill.close();
    }
}
