package com.creditledger.jobs.rate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Watches, from the manager, the remote partitions of a rate run: a partition marked running
 * whose lease nobody holds any more (its worker died: SIGKILL, power loss, lost network) is
 * marked FAILED in the JobRepository, so the run ends FAILED within seconds instead of waiting
 * for the timeout, and running the same command again reruns exactly that partition. A worker
 * that was merely slow and comes back finds its step execution changed under it and fails its
 * chunk (optimistic locking), and a rerun cannot overlap it (the lease).
 */
final class DeadWorkerWatch implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(DeadWorkerWatch.class);
    /**
     * How long a STARTED partition may be seen without a lease before it counts as orphaned: a
     * worker takes the lease milliseconds after marking it STARTED.
     */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final JobRepository jobRepository;
    private final PartitionLeases leases;
    private final Map<Long, Long> unleasedSince = new HashMap<>();
    private ScheduledExecutorService timer;

    DeadWorkerWatch(JobRepository jobRepository, PartitionLeases leases) {
        this.jobRepository = jobRepository;
        this.leases = leases;
    }

    @Override
    public synchronized void beforeStep(StepExecution manager) {
        long jobExecutionId = manager.getJobExecutionId();
        Instant through = Instant.parse(manager.getJobParameters().getString("through"));
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dead-worker-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> check(jobExecutionId, through), 2, 2, TimeUnit.SECONDS);
    }

    @Override
    public synchronized ExitStatus afterStep(StepExecution manager) {
        timer.shutdownNow();
        return null;
    }

    private void check(long jobExecutionId, Instant through) {
        try {
            JobExecution job = jobRepository.getJobExecution(jobExecutionId);
            for (StepExecution partition : job.getStepExecutions()) {
                if (!leases.orphaned(partition, through)) {
                    unleasedSince.remove(partition.getId());
                    continue;
                }
                // measured on this process's clock: workers' clocks and time zones do not matter
                long since = unleasedSince.computeIfAbsent(partition.getId(), id -> System.nanoTime());
                if (System.nanoTime() - since >= GRACE.toNanos()) {
                    log.warn(
                            "partition {} lost its worker (nobody holds its lease); marking it FAILED so a rerun redoes it",
                            partition.getStepName());
                    partition.setStatus(BatchStatus.FAILED);
                    partition.setExitStatus(ExitStatus.FAILED.addExitDescription(
                            "the worker rating this partition stopped mid-way; run the same command again"));
                    partition.setEndTime(LocalDateTime.now());
                    jobRepository.update(partition);
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not check the remote partitions: {}", e.getMessage());
        }
    }
}
