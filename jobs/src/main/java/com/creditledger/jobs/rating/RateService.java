package com.creditledger.jobs.rating;

import com.creditledger.jobs.ledger.LedgerSql;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.JobRunner;
import com.creditledger.jobs.system.Sql;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** {@code billing rate --through T}: checks T against the watermark, then runs the rate job. */
@Service
public class RateService {

    /** What a run did. */
    public record RateSummary(
            Instant through,
            Instant watermark,
            long rated,
            long quarantined,
            BigInteger credits,
            long topups,
            double seconds) {

        public String describe() {
            return String.format(
                    "rated through %s (from %s): %d requests, %d credits, %d quarantined, %d top-ups charged in %.1f s",
                    through,
                    watermark == null ? "the beginning" : watermark.toString(),
                    rated,
                    credits,
                    quarantined,
                    topups,
                    seconds);
        }
    }

    private final JobRunner jobRunner;
    private final Job rateJob;
    private final JdbcTemplate jdbc;

    public RateService(JobRunner jobRunner, Job rateJob, JdbcTemplate jdbc) {
        this.jobRunner = jobRunner;
        this.rateJob = rateJob;
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
                throw new BillingException("already rated through " + through + "; a run never repeats."
                        + " To rate newer data, pass a later --through");
            }
            if (last.finished() && !through.isAfter(last.through())) {
                throw new BillingException("--through " + through + " is not after the watermark " + last.through()
                        + "; rating only moves forward: pass a later instant");
            }
        }
        JobExecution execution = jobRunner.run(
                rateJob,
                new JobParametersBuilder()
                        .addString("through", through.toString())
                        .toJobParameters());
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
        Instant watermark = jdbc.query(
                "SELECT watermark, watermark_ns FROM rating_run WHERE through = ? AND through_ns = ?",
                rs -> rs.next() ? Sql.exact(rs, 1) : null,
                Sql.utc(through),
                Sql.nanos(through));
        return new RateSummary(
                through,
                watermark,
                rated,
                quarantined,
                credits(through),
                topups(through),
                (System.nanoTime() - started) / 1e9);
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
