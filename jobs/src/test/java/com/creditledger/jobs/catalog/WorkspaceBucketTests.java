package com.creditledger.jobs.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkspaceBucketTests {

    @Test
    void aBucketIsPinnedAndSpreadsWorkspacesOverEveryBucket() {
        // pinned (CRC-32C, computed independently): a stored bucket must never change under a database
        assertThat(WorkspaceBucket.of("ws-pro")).isEqualTo((short) 751);
        assertThat(WorkspaceBucket.of("ws-free")).isEqualTo((short) 858);
        assertThat(WorkspaceBucket.of("ws-0")).isEqualTo((short) 968);
        assertThat(WorkspaceBucket.of("")).isZero();
        Set<Short> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            short bucket = WorkspaceBucket.of("ws-" + i);
            assertThat(bucket).isBetween((short) 0, (short) (WorkspaceBucket.COUNT - 1));
            seen.add(bucket);
        }
        assertThat(seen).hasSize(WorkspaceBucket.COUNT);
        assertThat(WorkspaceBucket.of("Ωμέγα/数据/😀")).isBetween((short) 0, (short) 1023);
    }
}
