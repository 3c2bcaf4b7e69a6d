package com.creditledger.jobs.nightly;

import com.creditledger.jobs.rate.RateService;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.JobRunner;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** {@code billing nightly [--date D]}: runs (or resumes) the night's job and tells what it did. */
@Service
public class NightlyService {

    /** The one-screen summary of a night. */
    public record Summary(
            LocalDate date,
            boolean alreadyDone,
            long files,
            List<String> failedFiles,
            long records,
            long accepted,
            long duplicates,
            long quarantined,
            long rated,
            BigInteger credits,
            long topups,
            List<String> outOfCredits,
            List<String> timings) {

        public String describe() {
            StringBuilder text = new StringBuilder();
            String nl = System.lineSeparator();
            if (alreadyDone) {
                text.append("nightly ")
                        .append(date)
                        .append(" already completed; nothing to do")
                        .append(nl);
            }
            text.append("nightly ").append(date).append(nl);
            text.append(String.format("  files      %d ingested, %d failed%n", files, failedFiles.size()));
            failedFiles.forEach(
                    f -> text.append("             failed/ ").append(f).append(nl));
            text.append(String.format(
                    "  records in %,d = %,d accepted + %,d duplicates + %,d quarantined%n",
                    records, accepted, duplicates, quarantined));
            text.append(String.format(
                    "  rated      %,d requests for %,d credits, %d top-ups charged%n", rated, credits, topups));
            text.append("  out of credits since this night: ")
                    .append(outOfCredits.isEmpty() ? "none" : String.join(", ", outOfCredits))
                    .append(nl);
            timings.forEach(t -> text.append("  ").append(t).append(nl));
            return text.toString();
        }
    }

    private final JobRunner jobRunner;
    private final Job nightlyJob;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final RateService rateService;

    public NightlyService(
            JobRunner jobRunner,
            Job nightlyJob,
            JobRepository jobRepository,
            JdbcTemplate jdbc,
            RateService rateService) {
        this.jobRunner = jobRunner;
        this.nightlyJob = nightlyJob;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.rateService = rateService;
    }

    public Summary run(LocalDate date) {
        JobParameters parameters =
                new JobParametersBuilder().addString("date", date.toString()).toJobParameters();
        JobExecution last = jobRepository.getLastJobExecution(NightlyJobConfiguration.JOB_NAME, parameters);
        if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
            return summarize(date, last, true);
        }
        return summarize(date, jobRunner.run(nightlyJob, parameters), false);
    }

    private Summary summarize(LocalDate date, JobExecution execution, boolean alreadyDone) {
        long files = 0;
        long records = 0;
        long accepted = 0;
        long duplicates = 0;
        long quarantined = 0;
        long rated = 0;
        List<String> failed = new ArrayList<>();
        List<String> timings = new ArrayList<>();
        // a resumed night: its files may have been ingested by an earlier execution of the same date
        for (JobExecution earlier : jobRepository.getJobExecutions(execution.getJobInstance())) {
            for (StepExecution step : earlier.getStepExecutions()) {
                if (step.getStepName().equals("ingestInbox")) {
                    ExecutionContext context = step.getExecutionContext();
                    files += context.getLong("files", 0);
                    records += context.getLong("records", 0);
                    accepted += context.getLong("accepted", 0);
                    duplicates += context.getLong("duplicates", 0);
                    quarantined += context.getLong("quarantined", 0);
                    for (String line :
                            context.getString(InboxTasklet.FAILED, "").split("\n")) {
                        if (!line.isEmpty()) {
                            failed.add(line);
                        }
                    }
                }
            }
        }
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStepName().equals("rateDay")) {
                rated = step.getWriteCount();
            }
            if (step.getStartTime() != null && step.getEndTime() != null) {
                timings.add(String.format(
                        "%-17s %6.1f s  %s",
                        step.getStepName(),
                        Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 1000.0,
                        step.getStatus()));
            }
        }
        Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String through = end.toString();
        BigInteger credits = rateService.credits(end);
        long topups = rateService.topups(end);
        List<String> out = jdbc.queryForList("""
                SELECT workspace_id FROM account_state WHERE status = 'OUT_OF_CREDITS'
                  AND status_since >= ?::timestamptz - interval '1 day' AND status_since < ?::timestamptz
                ORDER BY workspace_id
                """, String.class, through, through);
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new BillingException("nightly " + date + " ended " + execution.getStatus());
        }
        return new Summary(
                date,
                alreadyDone,
                files,
                failed,
                records,
                accepted,
                duplicates,
                quarantined,
                rated,
                credits,
                topups,
                out,
                timings);
    }
}
