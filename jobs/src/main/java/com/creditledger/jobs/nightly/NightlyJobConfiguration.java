package com.creditledger.jobs.nightly;

import com.creditledger.jobs.export.ExportService;
import com.creditledger.jobs.ingest.IngestService;
import com.creditledger.jobs.rate.RateService;
import com.creditledger.jobs.report.ReportService;
import com.creditledger.jobs.system.BillingProperties;
import com.creditledger.jobs.system.JobStoppedException;
import com.creditledger.jobs.system.Sql;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code nightly} job, identified by its date D: {@code ingestInbox} (each file its own
 * {@code ingest} job), {@code rateDay} (the {@code rate} job through D+1 00:00Z),
 * {@code exportStatusFeed} and {@code writeExports} (the day's exports and the month's reports) into
 * the outbox. Its steps launch other jobs
 * and keep their own transactions, so they run without one of their own. A completed date never
 * runs again; a failed one restarts at the step that failed.
 */
@Configuration(proxyBeanMethods = false)
public class NightlyJobConfiguration {

    public static final String JOB_NAME = "nightly";

    private static final Logger log = LoggerFactory.getLogger(NightlyJobConfiguration.class);
    private static final ResourcelessTransactionManager NO_TRANSACTION = new ResourcelessTransactionManager();

    @Bean
    Job nightlyJob(
            JobRepository jobRepository, Step ingestInbox, Step rateDay, Step exportStatusFeed, Step writeExports) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(ingestInbox)
                .next(rateDay)
                .next(exportStatusFeed)
                .next(writeExports)
                .build();
    }

    @Bean
    Step ingestInbox(JobRepository jobRepository, InboxTasklet inboxTasklet) {
        // runs on every restart too: files may have arrived (or been put back) since, and a file
        // already ingested is skipped by its SHA-256
        return new StepBuilder("ingestInbox", jobRepository)
                .tasklet(inboxTasklet, NO_TRANSACTION)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    @StepScope
    InboxTasklet inboxTasklet(IngestService ingest, BillingProperties properties) {
        return new InboxTasklet(ingest, Path.of(properties.nightly().inbox()));
    }

    @Bean
    Step rateDay(JobRepository jobRepository, Tasklet rateDayTasklet) {
        return new StepBuilder("rateDay", jobRepository)
                .tasklet(rateDayTasklet, NO_TRANSACTION)
                .build();
    }

    /** Rates through D+1 00:00Z, unless a finished run is already there (then there is nothing to do). */
    @Bean
    @StepScope
    Tasklet rateDayTasklet(RateService rate, JdbcTemplate jdbc, @Value("#{jobParameters['date']}") String date) {
        Instant through =
                LocalDate.parse(date).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return (contribution, chunkContext) -> {
            Instant ratedThrough = jdbc.query("""
                    SELECT through, through_ns FROM rating_run WHERE finished_at IS NOT NULL
                    ORDER BY through DESC, through_ns DESC LIMIT 1
                    """, rs -> rs.next() ? Sql.exact(rs, 1) : null);
            if (ratedThrough != null && !ratedThrough.isBefore(through)) {
                log.info(
                        "already rated through {} (a run finished through {}); nothing to rate", through, ratedThrough);
                return RepeatStatus.FINISHED;
            }
            RateService.RateSummary summary;
            try {
                summary = rate.rate(through);
            } catch (JobStoppedException e) {
                throw new JobInterruptedException(e.getMessage());
            }
            log.info(summary.describe());
            contribution.incrementWriteCount(summary.rated());
            contribution.incrementFilterCount(summary.quarantined());
            return RepeatStatus.FINISHED;
        };
    }

    @Bean
    Step exportStatusFeed(JobRepository jobRepository, Tasklet exportStatusFeedTasklet) {
        return new StepBuilder("exportStatusFeed", jobRepository)
                .tasklet(exportStatusFeedTasklet, NO_TRANSACTION)
                .build();
    }

    @Bean
    @StepScope
    Tasklet exportStatusFeedTasklet(
            ExportService exports, BillingProperties properties, @Value("#{jobParameters['date']}") String date) {
        return (contribution, chunkContext) -> {
            Path out = Path.of(properties.nightly().outbox()).resolve("status-" + date + ".csv");
            contribution.incrementWriteCount(exports.export(ExportService.Export.STATUS, out));
            return RepeatStatus.FINISHED;
        };
    }

    @Bean
    Step writeExports(JobRepository jobRepository, Tasklet writeExportsTasklet) {
        return new StepBuilder("writeExports", jobRepository)
                .tasklet(writeExportsTasklet, NO_TRANSACTION)
                .build();
    }

    @Bean
    @StepScope
    Tasklet writeExportsTasklet(
            ExportService exports,
            ReportService reports,
            BillingProperties properties,
            @Value("#{jobParameters['date']}") String date) {
        return (contribution, chunkContext) -> {
            Path day = Path.of(properties.nightly().outbox()).resolve(date);
            // the month so far, rewritten each night (statements only for cycles already rated to their end)
            reports.writeAll(YearMonth.from(LocalDate.parse(date)), day.resolve("reports"));
            for (ExportService.Export export : new ExportService.Export[] {
                ExportService.Export.BALANCES,
                ExportService.Export.USAGE,
                ExportService.Export.NOTIFICATIONS,
                ExportService.Export.QUARANTINE
            }) {
                contribution.incrementWriteCount(exports.export(export, day.resolve(export.commandName() + ".csv")));
            }
            return RepeatStatus.FINISHED;
        };
    }
}
