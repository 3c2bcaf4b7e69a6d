package com.creditledger.jobs.ops;

import com.creditledger.jobs.rate.RateJobConfiguration;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.JobRunner;
import com.creditledger.jobs.system.WriterLock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Lists, explains, restarts, abandons and recovers job executions. */
@Service
public class JobsService {

    /** One execution, as listed. */
    public record Execution(
            long id,
            String job,
            String parameters,
            String status,
            LocalDateTime started,
            LocalDateTime ended,
            String cause) {

        public Duration duration() {
            return started == null || ended == null ? null : Duration.between(started, ended);
        }
    }

    /** One step of an execution, as shown. */
    public record Step(
            String name,
            String status,
            long read,
            long written,
            long filtered,
            long skipped,
            long commits,
            long rollbacks,
            Duration duration,
            String cause) {}

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final JobRunner jobRunner;
    private final WriterLock writerLock;
    private final Map<String, Job> jobs;

    public JobsService(
            JdbcTemplate jdbc,
            JobRepository jobRepository,
            JobOperator jobOperator,
            JobRunner jobRunner,
            WriterLock writerLock,
            List<Job> jobs) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.jobRunner = jobRunner;
        this.writerLock = writerLock;
        this.jobs = new java.util.HashMap<>();
        jobs.forEach(job -> this.jobs.put(job.getName(), job));
    }

    public List<Execution> list(String status, String job, LocalDate since, int limit) {
        return jdbc.query(
                """
                SELECT e.job_execution_id, i.job_name, e.status, e.start_time, e.end_time, e.exit_message,
                       (SELECT string_agg(p.parameter_name || '=' || p.parameter_value, ' ' ORDER BY p.parameter_name)
                        FROM batch_job_execution_params p
                        WHERE p.job_execution_id = e.job_execution_id AND p.identifying = 'Y') AS parameters
                FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
                WHERE (?::text IS NULL OR e.status = ?) AND (?::text IS NULL OR i.job_name = ?)
                  AND (?::date IS NULL OR e.create_time >= ?::date)
                ORDER BY e.job_execution_id DESC LIMIT ?
                """,
                (rs, n) -> new Execution(
                        rs.getLong("job_execution_id"),
                        rs.getString("job_name"),
                        rs.getString("parameters"),
                        rs.getString("status"),
                        rs.getObject("start_time", LocalDateTime.class),
                        rs.getObject("end_time", LocalDateTime.class),
                        rootCause(rs.getString("exit_message"))),
                status,
                status,
                job,
                job,
                since,
                since,
                limit);
    }

    public JobExecution execution(long id) {
        JobExecution execution = jobRepository.getJobExecution(id);
        if (execution == null) {
            throw new BillingException("there is no job execution " + id + "; 'billing jobs list' shows them");
        }
        return execution;
    }

    public List<Step> steps(JobExecution execution) {
        List<Step> steps = new ArrayList<>();
        for (StepExecution step : execution.getStepExecutions()) {
            steps.add(new Step(
                    step.getStepName(),
                    step.getStatus().name(),
                    step.getReadCount(),
                    step.getWriteCount(),
                    step.getFilterCount(),
                    step.getSkipCount(),
                    step.getCommitCount(),
                    step.getRollbackCount(),
                    step.getStartTime() == null || step.getEndTime() == null
                            ? null
                            : Duration.between(step.getStartTime(), step.getEndTime()),
                    rootCause(step.getExitStatus().getExitDescription())));
        }
        return steps;
    }

    /** Restarts a failed, stopped or abandoned-by-a-crash execution; returns the new execution. */
    public JobExecution restart(long id) {
        JobExecution execution = execution(id);
        Job job = jobs.get(execution.getJobInstance().getJobName());
        if (job == null) {
            throw new BillingException("execution " + id + " belongs to job "
                    + execution.getJobInstance().getJobName() + ", which this version does not have");
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            throw new BillingException("execution " + id + " completed; there is nothing to restart");
        }
        if (execution.getStatus() == BatchStatus.ABANDONED) {
            throw new BillingException("execution " + id + " was abandoned; an abandoned execution never restarts");
        }
        return jobRunner.run(job, execution.getJobParameters());
    }

    /** Gives an execution up for good. A rate run cannot be: part of it is committed. */
    public JobExecution abandon(long id) {
        JobExecution execution = execution(id);
        if (execution.getJobInstance().getJobName().equals(RateJobConfiguration.JOB_NAME)) {
            throw new BillingException("a rate run cannot be abandoned: the workspaces it already rated are"
                    + " committed, and the watermark only moves forward. Restart it instead: billing jobs restart "
                    + id);
        }
        writerLock.acquire();
        try {
            if (execution.getStatus().isRunning()) {
                execution = jobOperator.recover(execution);
            }
            return jobOperator.abandon(execution);
        } catch (Exception e) {
            throw new BillingException("execution " + id + " could not be abandoned: " + e.getMessage(), e);
        }
    }

    /**
     * Marks executions left running by a process that died FAILED, so they can restart. Only under
     * the writer lock, which proves no other process is running them.
     */
    public List<JobExecution> recover() {
        writerLock.acquire();
        List<JobExecution> recovered = new ArrayList<>();
        for (String name : jobs.keySet()) {
            for (JobExecution stale : jobRepository.findRunningJobExecutions(name)) {
                recovered.add(jobOperator.recover(stale));
            }
        }
        return recovered;
    }

    /** The innermost cause of a stored exit description, on one line. */
    static String rootCause(String exitDescription) {
        if (exitDescription == null || exitDescription.isBlank()) {
            return null;
        }
        String cause = null;
        for (String line : exitDescription.split("\n")) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        if (cause == null) {
            cause = exitDescription.split("\n")[0];
        }
        int colon = cause.indexOf(": ");
        if (colon > 0 && cause.substring(0, colon).matches("[\\w.$]+")) {
            cause = cause.substring(colon + 2);
        }
        return cause.strip();
    }
}
