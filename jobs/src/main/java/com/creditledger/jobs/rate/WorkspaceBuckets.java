package com.creditledger.jobs.rate;

import com.creditledger.jobs.catalog.WorkspaceBucket;
import java.util.ArrayList;
import java.util.List;

/**
 * A range of workspace hash buckets, {@code [from, to)} out of {@link #COUNT}: the unit a rating
 * partition owns. A workspace's bucket ({@link WorkspaceBucket}) is stored with the workspace and
 * with each of its requests, so its whole timeline always lands in one partition, whoever runs it
 * (a local thread or a remote worker) and however many partitions there are, and a partition's
 * scan tests a small number instead of hashing every request of the month.
 */
public record WorkspaceBuckets(int from, int to) {

    static final int COUNT = WorkspaceBucket.COUNT;

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

    /** The SQL condition that {@code column} (a stored bucket, {@link WorkspaceBucket#of}) falls in this range. */
    String condition(String column) {
        return column + " BETWEEN " + from + " AND " + (to - 1);
    }

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
