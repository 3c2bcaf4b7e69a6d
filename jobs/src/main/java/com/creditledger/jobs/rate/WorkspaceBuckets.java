package com.creditledger.jobs.rate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A range of workspace hash buckets, {@code [from, to)} out of {@link #COUNT}: the unit a rating
 * partition owns. A workspace's bucket is {@code mod(abs(hashtext(workspace_id)::bigint), COUNT)},
 * so its whole timeline always lands in one partition, whoever runs it (a local thread or a remote
 * worker) and however many partitions there are. Ingest stores each request's bucket ({@link #of},
 * the same function computed here), so that a partition's scan tests a small number instead of
 * hashing every request of the month.
 */
public record WorkspaceBuckets(int from, int to) {

    static final int COUNT = 1024;

    public WorkspaceBuckets {
        if (from < 0 || to > COUNT || from >= to) {
            throw new IllegalArgumentException("bad bucket range [" + from + ", " + to + ")");
        }
    }

    /** {@code partitions} contiguous ranges covering every bucket, as even as they can be. */
    static List<WorkspaceBuckets> split(int partitions) {
        int n = Math.max(1, Math.min(partitions, COUNT));
        List<WorkspaceBuckets> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ranges.add(new WorkspaceBuckets(i * COUNT / n, (i + 1) * COUNT / n));
        }
        return ranges;
    }

    /** The SQL condition that {@code column} (a workspace id) falls in this range. */
    String condition(String column) {
        return bucketCondition(sqlBucket(column));
    }

    /** The SQL condition that {@code column} (a stored bucket, as {@link #of} gives it) falls in this range. */
    String bucketCondition(String column) {
        return column + " BETWEEN " + from + " AND " + (to - 1);
    }

    /** A workspace's bucket, in SQL; {@link #of} is the same function in Java. */
    static String sqlBucket(String workspaceColumn) {
        return "mod(abs(hashtext(" + workspaceColumn + ")::bigint), " + COUNT + ")";
    }

    /** A workspace's bucket, equal to {@link #sqlBucket}'s ({@link HashText}). */
    public static short of(String workspaceId) {
        return (short)
                Math.floorMod(Math.abs((long) HashText.hash(workspaceId.getBytes(StandardCharsets.UTF_8))), COUNT);
    }

    /**
     * Fails unless the server's {@code hashtext} agrees with {@link #of}'s hash on every prefix of
     * a probe text in several scripts, from 0 to 72 bytes long. Ingest stores the Java bucket and
     * the rate run chooses each partition's workspaces by the server's, so a disagreement would
     * pass requests over without rating them.
     */
    public static void requireServerAgrees(JdbcTemplate jdbc) {
        String[] probes = new String[PROBE.codePointCount(0, PROBE.length()) + 1];
        for (int n = 0; n < probes.length; n++) {
            probes[n] = PROBE.substring(0, PROBE.offsetByCodePoints(0, n));
        }
        jdbc.query(
                "SELECT p, hashtext(p) FROM unnest(?::text[]) AS p",
                rows -> {
                    String probe = rows.getString(1);
                    int expected = HashText.hash(probe.getBytes(StandardCharsets.UTF_8));
                    if (rows.getInt(2) != expected) {
                        throw new IllegalStateException("PostgreSQL's hashtext('" + probe + "') is " + rows.getInt(2)
                                + " where this build computes " + expected + ": requests would be stored under other"
                                + " workspace buckets than the rate run reads. Use a little-endian PostgreSQL server"
                                + " (x86-64 or ARM), as this build's hash is the little-endian one");
                    }
                },
                (Object) probes);
    }

    private static final String PROBE = "ws-04523:Ωμέγα/数据/😀 abcdefghijklmnopqrstuvwxyz0123456789-_.~";

    /** The name of this range's partition; its step is {@code rateWorkspacePartition:} + the name. */
    String partitionName() {
        return PARTITION_PREFIX + from + "-" + (to - 1);
    }

    /** The range a partition step's name carries ({@link #partitionName}), or null for any other step. */
    static WorkspaceBuckets ofStepName(String stepName) {
        int at = stepName.lastIndexOf(':' + PARTITION_PREFIX);
        if (at < 0) {
            return null;
        }
        String[] range = stepName.substring(at + 1 + PARTITION_PREFIX.length()).split("-");
        return new WorkspaceBuckets(Integer.parseInt(range[0]), Integer.parseInt(range[1]) + 1);
    }

    /**
     * The range of a rating partition's step. The name is the only place the range is kept: Spring
     * Batch saves a partition's step execution and its context in two calls, and a manager killed
     * between them leaves a partition whose context is empty for good.
     */
    static WorkspaceBuckets ofPartitionStep(String stepName) {
        WorkspaceBuckets range = ofStepName(stepName);
        if (range == null) {
            throw new IllegalStateException(
                    "step " + stepName + " is not a rating partition: no bucket range in its name");
        }
        return range;
    }

    private static final String PARTITION_PREFIX = "buckets";

    @Override
    public String toString() {
        return "buckets " + from + "-" + (to - 1);
    }
}
