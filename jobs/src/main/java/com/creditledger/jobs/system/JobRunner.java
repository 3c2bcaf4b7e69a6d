package com.creditledger.jobs.system;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/** Runs a job to its end through the {@link JobOperator} and turns a failure into one message. */
@Component
public class JobRunner {

    private final JobOperator jobOperator;

    public JobRunner(JobOperator jobOperator) {
        this.jobOperator = jobOperator;
    }

    /** Starts (or restarts, for a failed instance with these parameters) and waits for the end. */
    public JobExecution run(Job job, JobParameters parameters) {
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
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new BillingException("job " + job.getName() + " (execution " + execution.getId() + ") ended "
                    + execution.getStatus() + ": " + rootCause(execution)
                    + "; fix the cause and run the same command again to restart it from where it stopped");
        }
        return execution;
    }

    /** The innermost message of the first failure of the execution or its steps. */
    public static String rootCause(JobExecution execution) {
        for (StepExecution step : execution.getStepExecutions()) {
            if (!step.getFailureExceptions().isEmpty()) {
                return step.getStepName() + ": "
                        + innermost(step.getFailureExceptions().get(0));
            }
        }
        if (!execution.getFailureExceptions().isEmpty()) {
            return innermost(execution.getFailureExceptions().get(0));
        }
        return execution.getExitStatus().getExitDescription();
    }

    private static String innermost(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
