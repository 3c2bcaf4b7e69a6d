package com.creditledger.jobs.rate;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/** Holds a partition's {@link PartitionLeases lease} while its step runs, wherever it runs. */
final class PartitionLeaseListener implements StepExecutionListener {

    private final PartitionLeases leases;
    private final Map<Long, PartitionLeases.Lease> held = new ConcurrentHashMap<>();

    PartitionLeaseListener(PartitionLeases leases) {
        this.leases = leases;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        Instant through =
                Instant.parse(stepExecution.getJobExecution().getJobParameters().getString("through"));
        int bucketFrom =
                WorkspaceBuckets.ofPartitionStep(stepExecution.getStepName()).from();
        held.put(stepExecution.getId(), leases.acquire(through, bucketFrom));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        PartitionLeases.Lease lease = held.remove(stepExecution.getId());
        if (lease != null) {
            lease.close();
        }
        return null;
    }
}
