package com.creditledger.jobs.rate;

import com.creditledger.jobs.ledger.LedgerSql;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.JobRunner;
import com.creditledger.jobs.system.Sql;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** {@code billing rate --through T}: checks T against the watermark, then runs the rate job. */
@Service
public class RateService {

    /**
     * What a run did.
     *
     * @param finishedAt when the run finished, for a run that had finished before this command (it
     *     did nothing then); null when this command rated
     */
    public record RateSummary(
            Instant through,
            Instant from,
            long rated,
            long quarantined,
            BigInteger credits,
            long topups,
            double seconds,
            Instant finishedAt) {

        public String describe() {
            if (finishedAt != null) {
                return String.format(
                        "already rated through %s (run finished at %s); nothing to do. That run (from %s): %d requests,"
                                + " %d credits, %d quarantined, %d top-ups charged",
                        through,
                        finishedAt,
                        from == null ? "the beginning" : from.toString(),
                        rated,
                        credits,
                        quarantined,
                        topups);
            }
            return String.format(
                    "rated through %s (from %s): %d requests, %d credits, %d quarantined, %d top-ups charged in %.1f s",
                    through,
                    from == null ? "the beginning" : from.toString(),
                    rated,
                    credits,
                    quarantined,
                    topups,
                    seconds);
        }
    }

    private final JobRunner jobRunner;
    private final Job rateJob;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;

    public RateService(JobRunner jobRunner, Job rateJob, JobRepository jobRepository, JdbcTemplate jdbc) {
        this.jobRunner = jobRunner;
        this.rateJob = rateJob;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
    }

    public RateSummary rate(Instant through) {
        long started = System.nanoTime();
        Run last = jdbc.query("""
                SELECT through, through_ns, finished_at IS NOT NULL FROM rating_run
                ORDER BY through DESC, through_ns DESC LIMIT 1
                """, rs -> rs.next() ? new Run(Sql.exact(rs, 1), rs.getBoolean(3)) : null);
        if (last != null) {
            if (!last.finished() && !last.through().equals(through)) {
                throw new BillingException("the rate run through " + last.through() + " is unfinished; finish it"
                        + " first with 'billing rate --through " + last.through() + "' (it resumes where it stopped)");
            }
            if (last.finished() && last.through().equals(through)) {
                return alreadyRated(through);
            }
            if (last.finished() && !through.isAfter(last.through())) {
                throw new BillingException("--through " + through + " is not after the watermark " + last.through()
                        + "; rating only moves forward: pass a later instant");
            }
        }
        JobExecution execution = jobRunner.run(rateJob, parameters(through));
        // the manager step "rateWorkspaces" sums its partitions, wherever they ran (remote workers'
        // step executions are not in this process's copy of the execution)
        long rated = execution.getStepExecutions().stream()
                .filter(step -> step.getStepName().equals("rateWorkspaces"))
                .mapToLong(StepExecution::getWriteCount)
                .sum();
        long quarantined = execution.getStepExecutions().stream()
                .filter(step -> !step.getStepName().startsWith("rateWorkspacePartition"))
                .mapToLong(StepExecution::getFilterCount)
                .sum();
        Instant from = jdbc.query(
                "SELECT rated_from, rated_from_ns FROM rating_run WHERE through = ? AND through_ns = ?",
                rs -> rs.next() ? Sql.exact(rs, 1) : null,
                Sql.utc(through),
                Sql.nanos(through));
        return new RateSummary(
                through,
                from,
                rated,
                quarantined,
                credits(through),
                topups(through),
                (System.nanoTime() - started) / 1e9,
                null);
    }

    /**
     * The same command again after its run finished (a rate killed after its last commit, before its
     * process exited; or simply run twice): nothing is rated or posted, and the finished run's
     * summary is the answer, as "run the same command again" promises. A job execution the killed
     * process left unfinished (its run finished, its job not yet marked COMPLETED) is completed
     * first: every step that rates is done, so the restart only finishes the run's last step again.
     */
    private RateSummary alreadyRated(Instant through) {
        JobParameters parameters = parameters(through);
        JobInstance instance = jobRepository.getJobInstance(rateJob.getName(), parameters);
        JobExecution lastExecution = instance == null ? null : jobRepository.getLastJobExecution(instance);
        if (lastExecution != null && lastExecution.getStatus() != BatchStatus.COMPLETED) {
            jobRunner.run(rateJob, parameters);
        }
        StepExecution rating = instance == null ? null : jobRepository.getLastStepExecution(instance, "rateWorkspaces");
        Instant[] run = jdbc.query(
                "SELECT rated_from, rated_from_ns, finished_at FROM rating_run WHERE through = ? AND through_ns = ?",
                rs -> rs.next()
                        ? new Instant[] {Sql.exact(rs, 1), rs.getTimestamp(3).toInstant()}
                        : new Instant[] {null, null},
                Sql.utc(through),
                Sql.nanos(through));
        return new RateSummary(
                through,
                run[0],
                rating == null ? 0 : rating.getWriteCount(),
                rating == null ? 0 : rating.getFilterCount(),
                credits(through),
                topups(through),
                0,
                run[1]);
    }

    private static JobParameters parameters(Instant through) {
        return new JobParametersBuilder()
                .addString("through", through.toString())
                .toJobParameters();
    }

    private record Run(Instant through, boolean finished) {}

    /**
     * Credits consumed by the run through {@code through}: its usage transactions' consumed postings.
     * Each workspace's fit in a {@code long} (COST_OVERFLOW sees to it); their sum need not.
     */
    public BigInteger credits(Instant through) {
        return jdbc.queryForObject(LedgerSql.of("""
                SELECT coalesce(sum(p.amount), 0) FROM ledger_txn t JOIN ledger_posting p USING (txn_id, effective_at)
                WHERE t.run_through = ? AND t.run_through_ns = ? AND p.account = {CONSUMED}
                """), BigDecimal.class, Sql.utc(through), Sql.nanos(through))
                .toBigIntegerExact();
    }

    /** Successful auto top-ups of the run through {@code through}. */
    public long topups(Instant through) {
        return jdbc.queryForObject(
                LedgerSql.of("SELECT count(*) FROM ledger_txn WHERE run_through = ? AND run_through_ns = ?"
                        + " AND kind = {GRANT_TOPUP}"),
                Long.class,
                Sql.utc(through),
                Sql.nanos(through));
    }
}
