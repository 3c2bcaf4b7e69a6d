package com.creditledger.jobs.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class PartitionBucketsTests {

    @Test
    void thePartitionerNamesEachRangeAndLeavesItsContextToProgress() {
        // when
        Map<String, ExecutionContext> partitions =
                RateJobConfiguration.workspacePartitioner(4).partition(4);
        // then each partition's name is the only record of its range, and the ranges cover every
        // bucket once: a partition whose context Spring Batch lost still rates its own range
        assertThat(partitions.keySet().stream()
                        .map(name -> WorkspaceBuckets.ofPartitionStep("rateWorkspacePartition:" + name))
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(WorkspaceBuckets.split(4));
        assertThat(partitions.values()).allMatch(ExecutionContext::isEmpty);
        assertThat(WorkspaceBuckets.ofPartitionStep("rateWorkspacePartition:buckets256-511"))
                .isEqualTo(new WorkspaceBuckets(256, 512));
    }

    @Test
    void everyPartitionNameGivesBackItsRangeAndOtherStepsNone() {
        for (int partitions : new int[] {1, 3, 4, 8, 16}) {
            for (WorkspaceBuckets range : WorkspaceBuckets.split(partitions)) {
                assertThat(WorkspaceBuckets.ofStepName("rateWorkspacePartition:" + range.partitionName()))
                        .isEqualTo(range);
            }
        }
        assertThat(WorkspaceBuckets.ofStepName("rateWorkspaces")).isNull();
        assertThat(WorkspaceBuckets.ofStepName("ingestRecords")).isNull();
        assertThatThrownBy(() -> WorkspaceBuckets.ofPartitionStep("rateWorkspaces"))
                .hasMessageContaining("step rateWorkspaces is not a rating partition");
    }
}
