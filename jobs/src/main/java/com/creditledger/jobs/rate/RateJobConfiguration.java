package com.creditledger.jobs.rate;

import com.creditledger.jobs.catalog.CatalogRepository;
import com.creditledger.jobs.check.LedgerCheck;
import com.creditledger.jobs.remote.ManagerConfiguration;
import com.creditledger.jobs.system.BillingProperties;
import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.payment.PaymentGateway;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code rate} job (SPEC R9), identified by its through-instant: {@code startRun} records
 * the run and where it starts (the previous run's through), {@code rateWorkspaces} runs every workspace's timeline in parallel
 * partitions (ranges of workspace hash buckets, so a timeline never splits) and quarantines the
 * requests of workspaces nobody loaded as its scan meets them, and {@code
 * finishRun} marks the run finished and checks the ledger of every workspace it touched.
 */
@Configuration(proxyBeanMethods = false)
public class RateJobConfiguration {

    public static final String JOB_NAME = "rate";

    @Bean
    Job rateJob(JobRepository jobRepository, Step startRun, Step rateWorkspaces, Step finishRun) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(startRun)
                .next(rateWorkspaces)
                .next(finishRun)
                .build();
    }

    @Bean
    Step startRun(JobRepository jobRepository, PlatformTransactionManager transactionManager, Tasklet startRunTasklet) {
        return new StepBuilder("startRun", jobRepository)
                .tasklet(startRunTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    Tasklet startRunTasklet(JdbcTemplate jdbc, Clock clock, @Value("#{jobParameters['through']}") String through) {
        Instant t = Instant.parse(through);
        return (contribution, chunkContext) -> {
            jdbc.update("""
                    INSERT INTO rating_run (through, through_ns, rated_from, rated_from_ns, started_at)
                    SELECT ?, ?, last.through, last.through_ns, ?
                    FROM (SELECT) one LEFT JOIN LATERAL (
                        SELECT through, through_ns FROM rating_run ORDER BY through DESC, through_ns DESC LIMIT 1
                    ) last ON true
                    ON CONFLICT (through, through_ns) DO NOTHING
                    """, Sql.utc(t), Sql.nanos(t), Sql.utc(clock.instant()));
            // the month partitions of the run's month and the next three exist before anything is written
            jdbc.queryForList("""
                    SELECT create_month_partitions('ledger_posting', 'effective_at', ?, 4)
                    UNION ALL SELECT create_month_partitions('rated_request', 'process_at', ?, 4)
                    """, Integer.class, Sql.utc(t), Sql.utc(t));
            return RepeatStatus.FINISHED;
        };
    }

    @Bean
    Step rateWorkspaces(
            JobRepository jobRepository,
            Step rateWorkspacePartition,
            TaskExecutor partitionTaskExecutor,
            BillingProperties properties,
            ObjectProvider<ManagerConfiguration.RemoteRating> remote,
            PartitionLeases leases,
            BeanFactory beanFactory) {
        int partitions = properties.rating().effectivePartitions();
        ManagerConfiguration.RemoteRating remoteRating = remote.getIfAvailable();
        if (remoteRating != null) {
            // the same partitions, run by `billing worker` processes; they report through the JobRepository
            return new RemotePartitioningManagerStepBuilder("rateWorkspaces", jobRepository)
                    .partitioner("rateWorkspacePartition", workspacePartitioner(partitions))
                    .gridSize(partitions)
                    .outputChannel(remoteRating.requests())
                    .pollInterval(1000)
                    .timeout(remoteRating.timeoutMillis())
                    .beanFactory(beanFactory)
                    .listener(new DeadWorkerWatch(jobRepository, leases))
                    .build();
        }
        return new StepBuilder("rateWorkspaces", jobRepository)
                .partitioner("rateWorkspacePartition", workspacePartitioner(partitions))
                .step(rateWorkspacePartition)
                .gridSize(partitions)
                .taskExecutor(partitionTaskExecutor)
                .build();
    }

    /**
     * One partition per bucket range, named after it ({@link WorkspaceBuckets#partitionName}); the
     * contexts start empty and only ever hold the partition's progress. A restart reuses the
     * partitions of the failed execution.
     */
    static Partitioner workspacePartitioner(int partitions) {
        return gridSize -> {
            Map<String, ExecutionContext> contexts = new HashMap<>();
            for (WorkspaceBuckets range : WorkspaceBuckets.split(partitions)) {
                contexts.put(range.partitionName(), new ExecutionContext());
            }
            return contexts;
        };
    }

    @Bean
    Step rateWorkspacePartition(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            RateChunkTasklet rateChunkTasklet,
            PartitionLeases leases) {
        return new StepBuilder("rateWorkspacePartition", jobRepository)
                .tasklet(rateChunkTasklet, transactionManager)
                .listener((StepExecutionListener) rateChunkTasklet) // releases its spill file however the step ends
                .listener(new PartitionLeaseListener(leases))
                .build();
    }

    @Bean
    @StepScope
    RateChunkTasklet rateChunkTasklet(
            DataSource dataSource,
            JdbcTemplate jdbc,
            CatalogRepository catalogRepository,
            AccountRepository accountRepository,
            PaymentGateway paymentGateway,
            BillingProperties properties,
            @Value("#{jobParameters['through']}") String through,
            @Value("#{stepExecution.stepName}") String stepName) {
        return new RateChunkTasklet(
                dataSource,
                jdbc,
                catalogRepository,
                accountRepository,
                paymentGateway,
                Instant.parse(through),
                WorkspaceBuckets.ofPartitionStep(stepName),
                properties.rating().workspacesPerChunk(),
                properties.rating().chunkPause(),
                properties.rating().effectiveSpillDirectory());
    }

    @Bean
    Step finishRun(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, Tasklet finishRunTasklet) {
        return new StepBuilder("finishRun", jobRepository)
                .tasklet(finishRunTasklet, transactionManager)
                .build();
    }

    @Bean
    @StepScope
    Tasklet finishRunTasklet(
            JdbcTemplate jdbc,
            Clock clock,
            LedgerCheck ledgerCheck,
            @Value("#{jobParameters['through']}") String through) {
        Instant t = Instant.parse(through);
        return (contribution, chunkContext) -> {
            // autovacuum never analyzes a partitioned table's parent, a run may have doubled the
            // ledger, and request's autovacuum is paced to run after the run (docs/schema.md): fresh statistics
            // keep the check's (and the reports') joins hash joins. The two tables of a row per
            // request, which the check does not read, are analyzed beside the check on a connection of
            // their own: these are the run's last seconds, and they ran on one core.
            CompletableFuture<Void> requestTables = CompletableFuture.runAsync(
                    () -> jdbc.execute("ANALYZE rated_request, request"),
                    task -> new Thread(task, "analyze-request-tables").start());
            jdbc.execute("ANALYZE ledger_txn, ledger_posting, credit_grant, account_state");
            ledgerCheck.check(t).throwIfFailed();
            try {
                requestTables.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            jdbc.update(
                    // finished again (its process killed before the job was marked COMPLETED): it keeps
                    // the time it first finished at
                    "UPDATE rating_run SET finished_at = coalesce(finished_at, ?) WHERE through = ? AND through_ns = ?",
                    Sql.utc(clock.instant()),
                    Sql.utc(t),
                    Sql.nanos(t));
            return RepeatStatus.FINISHED;
        };
    }
}
