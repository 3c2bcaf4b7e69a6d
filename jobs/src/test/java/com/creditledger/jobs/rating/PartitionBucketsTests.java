package com.creditledger.jobs.rating;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class PartitionBucketsTests {

    private final JobExecution job = new JobExecution(1, new JobInstance(1, "rate"), new JobParameters());

    @Test
    void aPartitionSavedWithoutItsContextGetsItsRangeBackFromItsName() {
        // given a partition step as Spring Batch leaves it when the manager dies between saving the
        // step execution and saving its context: the name, and an empty context
        StepExecution step = new StepExecution(7, "rateWorkspacePartition:buckets256-511", job);
        // when
        RateJobConfiguration.restoreBuckets(step);
        // then it covers the range its name says, as the partitioner would have written it
        ExecutionContext written =
                RateJobConfiguration.workspacePartitioner(4).partition(4).get("buckets256-511");
        assertThat(step.getExecutionContext().getInt("bucketFrom"))
                .isEqualTo(256)
                .isEqualTo(written.getInt("bucketFrom"));
        assertThat(step.getExecutionContext().getInt("bucketTo")).isEqualTo(512).isEqualTo(written.getInt("bucketTo"));
    }

    @Test
    void aPartitionWithItsContextKeepsIt() {
        // given a context that says otherwise than the name (it always wins)
        StepExecution step = new StepExecution(8, "rateWorkspacePartition:buckets0-1023", job);
        step.getExecutionContext().putInt("bucketFrom", 0);
        step.getExecutionContext().putInt("bucketTo", 512);
        // when
        RateJobConfiguration.restoreBuckets(step);
        // then
        assertThat(step.getExecutionContext().getInt("bucketTo")).isEqualTo(512);
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
    }
}
