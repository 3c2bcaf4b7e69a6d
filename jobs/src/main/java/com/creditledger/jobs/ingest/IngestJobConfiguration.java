package com.creditledger.jobs.ingest;

import com.creditledger.jobs.system.BillingProperties;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code ingest} job: one execution per request log, identified by the file's SHA-256, so a
 * file that was ingested completely can never be ingested twice and a failed one restarts.
 */
@Configuration(proxyBeanMethods = false)
public class IngestJobConfiguration {

    public static final String JOB_NAME = "ingest";

    @Bean
    Job ingestJob(JobRepository jobRepository, Step ingestRecords) {
        return new JobBuilder(JOB_NAME, jobRepository).start(ingestRecords).build();
    }

    @Bean
    Step ingestRecords(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, IngestTasklet tasklet) {
        return new StepBuilder("ingestRecords", jobRepository)
                .tasklet(tasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    IngestTasklet ingestTasklet(
            DataSource dataSource,
            JdbcTemplate jdbc,
            Clock clock,
            @Value("#{jobParameters['file']}") String file,
            @Value("#{jobParameters['sha256']}") String sha256,
            BillingProperties properties) {
        return new IngestTasklet(
                dataSource,
                jdbc,
                clock,
                Path.of(file),
                sha256,
                properties.ingest().batchRows());
    }
}
