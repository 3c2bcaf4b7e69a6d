package com.creditledger.jobs.nightly;

import com.creditledger.jobs.system.WriterLock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown (SIGTERM), stops the jobs this process is running so their executions end STOPPED,
 * restartable, instead of being left STARTED. It runs first among the beans that stop, and waits
 * (up to a minute) for the jobs to reach a chunk boundary before the database goes away. Only a
 * process that holds the writer lock can be running jobs, so it touches nothing otherwise.
 */
@Component
class JobStopper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobStopper.class);
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final WriterLock writerLock;
    private final List<Job> jobs;
    private volatile boolean running;

    JobStopper(JobOperator jobOperator, JobRepository jobRepository, WriterLock writerLock, List<Job> jobs) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.writerLock = writerLock;
        this.jobs = jobs;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!writerLock.isHeld()) {
            return;
        }
        Set<JobExecution> stopping = new HashSet<>();
        for (Job job : jobs) {
            for (JobExecution execution : jobRepository.findRunningJobExecutions(job.getName())) {
                try {
                    jobOperator.stop(execution);
                    stopping.add(execution);
                    log.warn("shutting down: stopping job {} execution {}", job.getName(), execution.getId());
                } catch (Exception e) {
                    log.warn("could not stop execution {}: {}", execution.getId(), e.getMessage());
                }
            }
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!stopping.isEmpty() && System.nanoTime() < deadline) {
            stopping.removeIf(
                    e -> !jobRepository.getJobExecution(e.getId()).getStatus().isRunning());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
