package com.creditledger.jobs.rate;

import com.creditledger.jobs.catalog.Catalog;
import com.creditledger.jobs.catalog.CatalogRepository;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.Progress;
import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.TimelineException;
import com.creditledger.rating.payment.PaymentGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Rates one partition of workspaces, a chunk at a time. Each call of {@link #execute} is one
 * transaction (the step's) and reads as reader, fold, writer: {@link ChunkLoader} reads a chunk of
 * not-yet-rated workspaces with their accounts and events, {@link ChunkFold} runs each timeline,
 * and {@link ChunkWriter} writes ledger, rated requests, grants and accounts in bulk together with
 * the partition's progress (the last workspace id, in the step's execution context). Killed at any point, the step restarts after the last committed chunk. As its step's
 * listener it releases the partition's spill file when the step ends, however it ends.
 *
 * <p>A workspace whose timeline fails (what no quarantine reason foresaw: a grant past 2^63 − 1, a
 * gateway that did not answer) is set aside, never the partition: the chunk is folded again
 * without it, from freshly loaded accounts (its other workspaces are rated exactly as they would
 * have been; their top-ups are answered from the payment journal the second time), the partition's other workspaces are rated, and once its last chunk is committed the
 * step fails with one line per workspace naming the request (with its file and line) or the
 * event it failed at. The run stays unfinished; the same command rates the workspaces set aside,
 * which the execution context lists, and nothing else again.
 */
class RateChunkTasklet implements Tasklet, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RateChunkTasklet.class);
    private static final String LAST_WORKSPACE = "lastWorkspace";
    /** The partition's workspaces that failed to rate and are still to rate (an ArrayList of ids). */
    private static final String HELD = "heldWorkspaces";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final CatalogRepository catalogRepository;
    private final AccountRepository accounts;
    private final PaymentGateway gateway;
    private final Instant through;
    private final WorkspaceBuckets buckets;
    private final int chunkSize;
    private final Duration chunkPause;
    private final Path spillDirectory;
    private final ChunkWriter writer;
    /** Set when the partition starts, with the catalog and the run's window. */
    private ChunkLoader loader;

    private ChunkFold folder;
    /** The partition's loaded workspaces: requests of any other are quarantined, not rated. */
    private Set<String> known;
    /** The run's window starts here: the previous run's through (far past on the first run). */
    private Instant from;

    /** This execution's workspaces whose fold failed, each with a line that says where and why. */
    private final Map<String, String> failed = new LinkedHashMap<>();
    /** Workspaces an earlier execution held back that this one has not reached yet. */
    private final Set<String> retrying = new LinkedHashSet<>();
    /** Every chunk is committed but some workspaces failed: the next call fails the step. */
    private boolean failAfterLastChunk;

    private Progress progressLog;
    private RequestCursor requests;
    private long partitionTotal;
    private long partitionDone;
    private long requestsRated;

    RateChunkTasklet(
            DataSource dataSource,
            JdbcTemplate jdbc,
            CatalogRepository catalogRepository,
            AccountRepository accounts,
            PaymentGateway gateway,
            Instant through,
            WorkspaceBuckets buckets,
            int chunkSize,
            Duration chunkPause,
            Path spillDirectory) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.catalogRepository = catalogRepository;
        this.accounts = accounts;
        this.gateway = gateway;
        this.through = through;
        this.buckets = buckets;
        this.chunkSize = chunkSize;
        this.chunkPause = chunkPause;
        this.spillDirectory = spillDirectory;
        this.writer = new ChunkWriter(jdbc, accounts, through);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
        if (loader != null && !chunkPause.isZero()) {
            Thread.sleep(chunkPause.toMillis());
        }
        ExecutionContext progress =
                chunkContext.getStepContext().getStepExecution().getExecutionContext();
        String last = progress.containsKey(LAST_WORKSPACE) ? progress.getString(LAST_WORKSPACE) : "";
        if (failAfterLastChunk) {
            throw new WorkspacesNotRatedException(failed.values());
        }
        try {
            if (loader == null) {
                start();
            }
            if (requests == null) {
                openRequests(last, held(progress));
            }
            RequestCursor.Chunk chunk = requests.next();
            if (chunk.workspaces().isEmpty()) { // nothing left to rate, but maybe requests of unknown workspaces
                contribution.incrementFilterCount(writer.quarantine(List.of(), chunk.unknown()));
                closeRequests();
                return RepeatStatus.FINISHED;
            }
            return rate(contribution, progress, chunk);
        } catch (RuntimeException e) {
            closeRequests();
            throw e;
        }
    }

    /** What a partition reads once: the catalog, its known workspaces and where the run starts. */
    private void start() {
        Catalog catalog = catalogRepository.catalog();
        known = new HashSet<>(jdbc.queryForList(
                "SELECT workspace_id FROM workspace w WHERE " + buckets.condition("w.bucket"), String.class));
        progressLog = new Progress(log, "rating " + buckets, "requests rated");
        Instant ratedFrom = jdbc.queryForObject(
                "SELECT rated_from, rated_from_ns FROM rating_run WHERE through = ? AND through_ns = ?",
                (rs, n) -> Sql.exact(rs, 1),
                Sql.utc(through),
                Sql.nanos(through));
        from = ratedFrom == null ? Instant.EPOCH.minusSeconds(1L << 40) : ratedFrom;
        loader = new ChunkLoader(jdbc, catalogRepository, accounts, from, through);
        folder = new ChunkFold(catalog, gateway, through);
    }

    /**
     * Plans the chunks after the last committed workspace and sets their requests aside. When an
     * earlier execution held workspaces back, it plans every workspace of the partition still to
     * rate instead: those and the ones after the last committed (the others are rated through this
     * run already).
     */
    private void openRequests(String lastCommitted, List<String> held) {
        retrying.clear();
        retrying.addAll(held);
        String last = held.isEmpty() ? lastCommitted : "";
        long t0 = System.nanoTime();
        List<String> toRate = jdbc.queryForList(
                """
                SELECT w.workspace_id FROM workspace w LEFT JOIN account_state s USING (workspace_id)
                WHERE %s AND w.workspace_id > ?
                  AND (s.rated_through IS NULL OR (s.rated_through, s.rated_through_ns) < (?, ?))
                ORDER BY w.workspace_id
                """.formatted(buckets.condition("w.bucket")), String.class, last, Sql.utc(through), Sql.nanos(through));
        requests =
                RequestCursor.open(dataSource, from, through, buckets, last, toRate, chunkSize, known, spillDirectory);
        partitionTotal = toRate.size();
        partitionDone = 0;
        log.debug(
                "{}: {} requests of {} workspaces set aside by chunk in {} ms",
                buckets,
                requests.rows(),
                toRate.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private RepeatStatus rate(StepContribution contribution, ExecutionContext progress, RequestCursor.Chunk chunk) {
        long t0 = System.nanoTime();
        List<String> ids = chunk.workspaces();
        ChunkLoader.Input input = loader.load(chunk);
        long t1 = System.nanoTime();
        ChunkResult result = fold(input);
        long t2 = System.nanoTime();
        contribution.incrementFilterCount(
                writer.write(DataSourceUtils.getConnection(dataSource), result, input.unknown()));
        progress.putString(LAST_WORKSPACE, ids.get(ids.size() - 1));
        recordHeld(progress, ids);
        contribution.incrementWriteCount(result.ratedCount());
        partitionDone += ids.size();
        requestsRated += result.ratedCount();
        progressLog.update(requestsRated, (double) partitionDone / Math.max(1, partitionTotal));
        long t3 = System.nanoTime();
        if (log.isDebugEnabled()) {
            log.debug(
                    "{}: {} workspaces, {} requests: load {} ms, rate {} ms, write {} ms",
                    buckets,
                    ids.size(),
                    result.ratedCount(),
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000);
        }
        if (chunk.last()) {
            closeRequests();
            if (!failed.isEmpty()) { // this chunk commits; the next call fails the step, naming them
                failAfterLastChunk = true;
                return RepeatStatus.CONTINUABLE;
            }
            return RepeatStatus.FINISHED;
        }
        return RepeatStatus.CONTINUABLE;
    }

    /**
     * Folds the chunk; when a workspace fails because of its own data, sets it aside and folds the
     * chunk again without it. Only this rare path costs anything beyond one fold.
     */
    private ChunkResult fold(ChunkLoader.Input input) {
        while (true) {
            ChunkFold.Outcome outcome = folder.fold(input);
            if (outcome instanceof ChunkFold.Folded folded) {
                return folded.result();
            }
            ChunkFold.Failed failure = (ChunkFold.Failed) outcome;
            hold(failure.workspaceId(), failure.failure());
            input = loader.without(input, failure.workspaceId());
        }
    }

    /** Sets a failed workspace aside for this run, with one line naming where it failed and why. */
    private void hold(String workspaceId, RuntimeException failure) {
        String where;
        String problem;
        if (failure instanceof TimelineException timeline) {
            Throwable cause = timeline.getCause();
            problem = cause instanceof BillingException ? cause.getMessage() : TimelineException.problem(cause);
            where = timeline.requestId() != null
                    ? "request " + timeline.requestId() + " ("
                            + loader.origin("request", "request_id", timeline.requestId()) + ")"
                    : timeline.purchaseId() != null
                            ? "purchase " + timeline.purchaseId() + " ("
                                    + loader.origin("purchase", "purchase_id", timeline.purchaseId()) + ")"
                            : timeline.where();
        } else {
            where = "before its first event";
            problem = TimelineException.problem(failure);
        }
        String line = "workspace " + workspaceId + " failed at " + where + ": " + problem;
        failed.put(workspaceId, line);
        log.error(
                "{}: {}; it is not rated through {}, its partition's other workspaces are",
                buckets,
                line,
                through,
                failure);
    }

    /** The workspaces still held back after the chunk of {@code ids}: for a restart to plan them again. */
    private void recordHeld(ExecutionContext progress, List<String> ids) {
        ids.forEach(retrying::remove);
        if (retrying.isEmpty() && failed.isEmpty()) {
            progress.remove(HELD);
            return;
        }
        ArrayList<String> held = new ArrayList<>(retrying);
        held.addAll(failed.keySet());
        progress.put(HELD, held);
    }

    @SuppressWarnings("unchecked")
    private static List<String> held(ExecutionContext progress) {
        Object held = progress.get(HELD);
        return held == null ? List.of() : (List<String>) held;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        closeRequests();
        return null;
    }

    private void closeRequests() {
        if (requests != null) {
            requests.close();
            requests = null;
        }
    }
}
