package com.creditledger.jobs.rating;

import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.JobRunner;
import com.creditledger.jobs.system.Sql;
import java.time.Instant;
import java.util.Map;
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
            long credits,
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
        Map<String, Object> pending = jdbc.query(
                "SELECT through, finished_at FROM rating_run ORDER BY through DESC LIMIT 1",
                rs -> rs.next()
                        ? Map.of("through", Sql.instant(rs, "through"), "finished", rs.getObject("finished_at") != null)
                        : Map.of());
        if (!pending.isEmpty()) {
            Instant last = (Instant) pending.get("through");
            boolean finished = (Boolean) pending.get("finished");
            if (!finished && !last.equals(through)) {
                throw new BillingException("the rate run through " + last + " is unfinished; finish it first with"
                        + " 'billing rate --through " + last + "' (it resumes where it stopped)");
            }
            if (finished && last.equals(through)) {
                throw new BillingException("already rated through " + through + "; a run never repeats."
                        + " To rate newer data, pass a later --through");
            }
            if (finished && !through.isAfter(last)) {
                throw new BillingException("--through " + through + " is not after the watermark " + last
                        + "; rating only moves forward: pass a later instant");
            }
        }
        JobExecution execution = jobRunner.run(
                rateJob,
                new JobParametersBuilder()
                        .addString("through", through.toString())
                        .toJobParameters());
        long rated = 0;
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStepName().startsWith("rateWorkspacePartition")) {
                rated += step.getWriteCount();
            }
        }
        Map<String, Object> totals = jdbc.queryForMap("""
                SELECT (SELECT watermark FROM rating_run WHERE through = ?) AS watermark,
                       (SELECT coalesce(sum(cost), 0) FROM rated_request WHERE run_through = ?) AS credits,
                       (SELECT count(*) FROM topup_attempt WHERE run_through = ? AND outcome = 'SUCCEEDED') AS topups
                """, Sql.utc(through), Sql.utc(through), Sql.utc(through));
        long quarantined = execution.getStepExecutions().stream()
                .filter(step -> !step.getStepName().equals("rateWorkspaces"))
                .mapToLong(StepExecution::getFilterCount)
                .sum();
        Object watermark = totals.get("watermark");
        // the manager step "rateWorkspaces" aggregates its partitions, so it is left out of the sums
        return new RateSummary(
                through,
                watermark == null ? null : ((java.sql.Timestamp) watermark).toInstant(),
                rated,
                quarantined,
                ((Number) totals.get("credits")).longValue(),
                ((Number) totals.get("topups")).longValue(),
                (System.nanoTime() - started) / 1e9);
    }
}
