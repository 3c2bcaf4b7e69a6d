package com.creditledger.jobs.system;

import com.creditledger.jobs.rate.PartitionLeases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Runs a job to its end through the {@link JobOperator} and turns a failure into one message. */
@Component
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final WriterLock writerLock;
    private final PartitionLeases leases;

    public JobRunner(
            JobOperator jobOperator, JobRepository jobRepository, WriterLock writerLock, PartitionLeases leases) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.writerLock = writerLock;
        this.leases = leases;
    }

    /**
     * Starts (or restarts, for a failed instance with these parameters) and waits for the end.
     * Under the writer lock, an execution of this job still marked running was left by a process
     * that died (kill -9, power loss): it is recovered (marked FAILED) so that it restarts.
     */
    public JobExecution run(Job job, JobParameters parameters) {
        return run(job, parameters, false);
    }

    /**
     * As {@link #run(Job, JobParameters)}; with {@code unknownWasRolledBack}, the caller knows that
     * an execution Spring Batch left UNKNOWN (its own update failed inside the step's transaction,
     * as on a full disk) committed nothing, and it is marked FAILED so that it restarts instead of
     * being refused ("Cannot restart job from UNKNOWN status").
     */
    public JobExecution run(Job job, JobParameters parameters, boolean unknownWasRolledBack) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // a step of another job (the nightly) launching this one: the JobRepository refuses to
            // start inside a transaction, so launch from a thread that has none, and wait
            try {
                return CompletableFuture.supplyAsync(() -> run(job, parameters, unknownWasRolledBack), runnable -> {
                            Thread thread = new Thread(runnable, job.getName() + "-launcher");
                            thread.start();
                        })
                        .join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        writerLock.acquire();
        recoverAbandoned(job.getName(), parameters);
        if (unknownWasRolledBack) {
            recoverUnknown(job.getName(), parameters);
        }
        JobExecution execution;
        try {
            execution = jobOperator.start(job, parameters);
        } catch (JobInstanceAlreadyCompleteException e) {
            throw new BillingException("job " + job.getName() + " " + parameters.toString()
                    + " has already completed; it never runs twice");
        } catch (JobExecutionAlreadyRunningException e) {
            throw new BillingException("job " + job.getName() + " is already running with these parameters;"
                    + " wait for it, or if its process died run 'billing jobs recover'");
        } catch (Exception e) {
            throw new BillingException("job " + job.getName() + " could not start: " + e.getMessage(), e);
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            throw new JobStoppedException("job " + job.getName() + " (execution " + execution.getId()
                    + ") was stopped; run the same command again to resume it");
        }
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new BillingException(
                    "job " + job.getName() + " (execution " + execution.getId() + ") ended "
                            + execution.getStatus() + ": " + rootCause(execution)
                            + "; fix the cause and run the same command again to restart it from where it stopped",
                    firstFailure(execution));
        }
        return execution;
    }

    /**
     * Under the writer lock no other manager runs, so an execution still marked running was left by
     * a process that died. So were the running steps of a failed execution (a remote partition whose
     * worker died after the manager gave up), unless a live worker still holds the partition's lease.
     * So was an instance without any execution: Spring Batch inserts a new instance and its first
     * execution in two transactions (spring-batch#4763), and every later start of an instance left
     * between them fails ("Cannot find any job execution for job instance"), for good.
     */
    private void recoverAbandoned(String jobName, JobParameters parameters) {
        List<JobExecution> stale = new ArrayList<>(jobRepository.findRunningJobExecutions(jobName));
        JobInstance instance = jobRepository.getJobInstance(jobName, parameters);
        JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
        if (instance != null && last == null) {
            log.warn(
                    "job {} instance {} was left without an execution by a process that died as it started it;"
                            + " removing it so that the job starts",
                    jobName,
                    instance.getInstanceId());
            jobRepository.deleteJobInstance(instance);
        }
        if (last != null
                && !last.getStatus().isRunning()
                && last.getStepExecutions().stream()
                        .anyMatch(step -> step.getStatus().isRunning())) {
            stale.add(last);
        }
        for (JobExecution execution : stale) {
            String through = execution.getJobParameters().getString("through");
            for (StepExecution step : execution.getStepExecutions()) {
                if (through != null && leases.beingRated(step, Instant.parse(through))) {
                    throw new BillingException("partition " + step.getStepName() + " of job " + jobName + " (execution "
                            + execution.getId() + ") is still being rated by a live worker; wait for it to finish"
                            + " (or stop that worker), then run the same command again");
                }
            }
            log.warn(
                    "job {} execution {} was left {} by a process that is gone; marking it FAILED so it restarts",
                    jobName,
                    execution.getId(),
                    execution.getStatus());
            jobOperator.recover(execution);
        }
    }

    private void recoverUnknown(String jobName, JobParameters parameters) {
        JobInstance instance = jobRepository.getJobInstance(jobName, parameters);
        JobExecution last = instance == null ? null : jobRepository.getLastJobExecution(instance);
        if (last == null
                || (last.getStatus() != BatchStatus.UNKNOWN
                        && last.getStepExecutions().stream()
                                .noneMatch(step -> step.getStatus() == BatchStatus.UNKNOWN))) {
            return;
        }
        log.warn(
                "job {} execution {} was left UNKNOWN (a failure in its own bookkeeping, such as a full disk);"
                        + " nothing of it was committed, so it is marked FAILED and restarts",
                jobName,
                last.getId());
        for (StepExecution step : last.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.UNKNOWN) {
                step.setStatus(BatchStatus.FAILED);
                jobRepository.update(step);
            }
        }
        if (last.getStatus() == BatchStatus.UNKNOWN) {
            last.setStatus(BatchStatus.FAILED);
            jobRepository.update(last);
        }
    }

    /** The innermost message of the first failure of the execution or its steps. */
    public static String rootCause(JobExecution execution) {
        // a failed partition's own failure says more than its manager step's "Partition handler
        // returned an unsuccessful step" (remote partitions are not in this copy: then the latter)
        StepExecution failed = failedStep(execution);
        if (failed != null) {
            return failed.getStepName() + ": "
                    + innermost(failed.getFailureExceptions().get(0));
        }
        if (!execution.getFailureExceptions().isEmpty()) {
            return innermost(execution.getFailureExceptions().get(0));
        }
        return execution.getExitStatus().getExitDescription();
    }

    private static StepExecution failedStep(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(step -> !step.getFailureExceptions().isEmpty())
                .min(Comparator.comparing(step -> step.getFailureExceptions().get(0) instanceof JobExecutionException))
                .orElse(null);
    }

    /** The failure {@link #rootCause} names (null when the execution recorded none), for its stack trace. */
    private static Throwable firstFailure(JobExecution execution) {
        StepExecution failed = failedStep(execution);
        if (failed != null) {
            return failed.getFailureExceptions().get(0);
        }
        return execution.getFailureExceptions().isEmpty()
                ? null
                : execution.getFailureExceptions().get(0);
    }

    /**
     * The innermost message of a failure, or an outer one that says more: one that ends with it and
     * adds where it happened ({@code "cut.csv.gz could not be read past record 30000: Unexpected end
     * of ZLIB input stream"}). Spring's wrappers (which add SQL text) and Java's default wrapping
     * (which adds a class name) do not count.
     */
    private static String innermost(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String innermost = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        for (Throwable cause = failure; cause != deepest; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null
                    && message.endsWith(innermost)
                    && message.length() > innermost.length()
                    && !message.equals(String.valueOf(cause.getCause()))
                    && !cause.getClass().getName().startsWith("org.springframework.")) {
                return message;
            }
        }
        return innermost;
    }
}
