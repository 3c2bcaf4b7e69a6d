package com.creditledger.jobs.rating;

import com.creditledger.jobs.catalog.Catalog;
import com.creditledger.jobs.catalog.CatalogRepository;
import com.creditledger.jobs.ledger.LedgerWriter;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.BinaryCopyWriter;
import com.creditledger.jobs.system.DatabaseUnavailableException;
import com.creditledger.jobs.system.Progress;
import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.Account;
import com.creditledger.rating.CreditTimeline;
import com.creditledger.rating.Grant;
import com.creditledger.rating.Pricing;
import com.creditledger.rating.PurchaseEvent;
import com.creditledger.rating.QuarantineReason;
import com.creditledger.rating.TimelineEvent;
import com.creditledger.rating.TimelineException;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.catalog.Workspace;
import com.creditledger.rating.payment.ChargeResult;
import com.creditledger.rating.payment.PaymentGateway;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
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
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Rates one partition of workspaces, a chunk at a time. Each call of {@link #execute} is one
 * transaction (the step's): it loads a chunk of not-yet-rated workspaces with their accounts and
 * events, runs each timeline, and writes ledger, rated requests, grants and accounts in bulk
 * together with the partition's progress (the last workspace id, in the step's execution
 * context). Killed at any point, the step restarts after the last committed chunk. As its step's
 * listener it releases the partition's spill file when the step ends, however it ends.
 *
 * <p>A workspace whose timeline fails (what no quarantine reason foresaw: a grant past 2^63 − 1, a
 * gateway that did not answer) is set aside, never the partition: the chunk is folded again
 * without it, the partition's other workspaces are rated, and once its last chunk is committed the
 * step fails with one line per workspace naming the request (with its file and line) or the
 * event it failed at. The run stays unfinished; the same command rates the workspaces set aside,
 * which the execution context lists, and nothing else again.
 */
class RateChunkTasklet implements Tasklet, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RateChunkTasklet.class);
    private static final String LAST_WORKSPACE = "lastWorkspace";
    /** The partition's workspaces that failed to rate and are still to rate (an ArrayList of ids). */
    private static final String HELD = "heldWorkspaces";

    private static final String RATED_COLUMNS = "request_id, process_at, price_id, cost, run_through, run_through_ns";

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
    private Catalog catalog;
    /** The partition's loaded workspaces: requests of any other are quarantined, not rated. */
    private Set<String> known;
    /** The run's window starts here: the watermark it started from (far past on the first run). */
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
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
        if (catalog != null && !chunkPause.isZero()) {
            Thread.sleep(chunkPause.toMillis());
        }
        ExecutionContext progress =
                chunkContext.getStepContext().getStepExecution().getExecutionContext();
        String last = progress.containsKey(LAST_WORKSPACE) ? progress.getString(LAST_WORKSPACE) : "";
        if (failAfterLastChunk) {
            throw new WorkspacesNotRatedException(failed.values());
        }
        try {
            if (catalog == null) {
                start();
            }
            if (requests == null) {
                openRequests(last, held(progress));
            }
            RequestCursor.Chunk chunk = requests.next();
            if (chunk.workspaces().isEmpty()) { // nothing left to rate, but maybe requests of unknown workspaces
                quarantine(contribution, List.of(), chunk.unknown());
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
        catalog = catalogRepository.catalog();
        known = new HashSet<>(jdbc.queryForList(
                "SELECT workspace_id FROM workspace w WHERE " + buckets.condition("w.workspace_id"), String.class));
        progressLog = new Progress(log, "rating " + buckets, "requests rated");
        Instant watermark = jdbc.queryForObject(
                "SELECT watermark, watermark_ns FROM rating_run WHERE through = ? AND through_ns = ?",
                (rs, n) -> Sql.exact(rs, 1),
                Sql.utc(through),
                Sql.nanos(through));
        from = watermark == null ? Instant.EPOCH.minusSeconds(1L << 40) : watermark;
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
                """.formatted(buckets.condition("w.workspace_id")),
                String.class,
                last,
                Sql.utc(through),
                Sql.nanos(through));
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
        String[] idArray = ids.toArray(String[]::new);
        Map<String, Workspace> workspaces = catalogRepository.workspaces(idArray);
        Map<String, Account> stored = accounts.load(idArray);
        Map<String, List<TimelineEvent>> events = chunk.events();
        loadPurchases(idArray, events);

        long t1 = System.nanoTime();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Fold fold = fold(connection, ids, workspaces, stored, events);
        LedgerRecorder recorder = fold.recorder();
        long t2 = System.nanoTime();

        LedgerWriter.write(connection, recorder.txns, through);
        quarantine(contribution, recorder.quarantined, chunk.unknown());
        writeTopups(connection, recorder);
        accounts.save(connection, fold.rated(), fold.touchedGrants(), through);
        progress.putString(LAST_WORKSPACE, ids.get(ids.size() - 1));
        recordHeld(progress, ids);
        contribution.incrementWriteCount(recorder.ratedCount);
        partitionDone += ids.size();
        requestsRated += recorder.ratedCount;
        progressLog.update(requestsRated, (double) partitionDone / Math.max(1, partitionTotal));
        long t3 = System.nanoTime();
        if (log.isDebugEnabled()) {
            log.debug(
                    "{}: {} workspaces, {} requests: load {} ms, rate (streaming rated rows) {} ms, write {} ms",
                    buckets,
                    ids.size(),
                    recorder.ratedCount,
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

    /** What a chunk's timelines did: the rows to write, and the accounts to store with their grants. */
    private record Fold(LedgerRecorder recorder, List<Account> rated, Map<String, List<Grant>> touchedGrants) {}

    /**
     * Runs the timelines of the chunk's workspaces, streaming their rated requests into a COPY.
     * When one fails because of its own data (not the database's), the chunk's work so far is
     * rolled back to a savepoint and the chunk is folded again without that workspace, from freshly
     * loaded accounts: the failed workspace is left as it was, not rated through this run, and the
     * others are rated exactly as they would have been (their top-ups are answered from the
     * payment journal the second time). Only this rare path costs anything beyond the savepoint.
     */
    private Fold fold(
            Connection connection,
            List<String> ids,
            Map<String, Workspace> workspaces,
            Map<String, Account> stored,
            Map<String, List<TimelineEvent>> events) {
        List<String> toFold = ids;
        Map<String, Account> accountsToFold = stored;
        while (true) {
            Savepoint savepoint = savepoint(connection);
            BinaryCopyWriter ratedRows = BinaryCopyWriter.open(connection, "rated_request", RATED_COLUMNS);
            LedgerRecorder recorder = new LedgerRecorder(through, rated -> writeRated(ratedRows, rated));
            List<Account> rated = new ArrayList<>(toFold.size());
            Map<String, List<Grant>> touchedGrants = new LinkedHashMap<>();
            String folding = null;
            try {
                for (String id : toFold) {
                    folding = id;
                    Workspace workspace = workspaces.get(id);
                    Plan plan = catalog.plans().get(workspace.planId());
                    Account account = accountsToFold.getOrDefault(id, Account.opening(id));
                    touchedGrants.put(id, new ArrayList<>(account.liveGrants()));
                    int firstNew = recorder.newGrants.size();
                    new CreditTimeline(workspace, plan, catalog.packs(), catalog.prices(), gateway, recorder)
                            .run(account, events.getOrDefault(id, List.of()), through);
                    touchedGrants.get(id).addAll(recorder.newGrants.subList(firstNew, recorder.newGrants.size()));
                    rated.add(account);
                }
                folding = null;
                ratedRows.close();
            } catch (RuntimeException e) {
                ratedRows.cancel(); // an open COPY would hold the connection's rollback
                if (folding == null || !causedByItsData(e)) {
                    throw e;
                }
                rollbackTo(connection, savepoint);
                hold(folding, e);
                String failedId = folding;
                toFold = toFold.stream().filter(id -> !id.equals(failedId)).toList();
                accountsToFold = toFold.isEmpty() ? Map.of() : accounts.load(toFold.toArray(String[]::new));
                continue;
            }
            release(connection, savepoint);
            recorder.closeUsage();
            return new Fold(recorder, rated, touchedGrants);
        }
    }

    private static Savepoint savepoint(Connection connection) {
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the chunk's savepoint: " + e.getMessage(), e);
        }
    }

    private static void rollbackTo(Connection connection, Savepoint savepoint) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException("could not roll the chunk back to its savepoint: " + e.getMessage(), e);
        }
    }

    private static void release(Connection connection, Savepoint savepoint) {
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException("could not release the chunk's savepoint: " + e.getMessage(), e);
        }
    }

    /**
     * A failure is one workspace's to bear unless the database or the connection is in it: those
     * fail the chunk as before, and the same command restarts it.
     */
    private static boolean causedByItsData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessException
                    || t instanceof SQLException
                    || t instanceof DatabaseUnavailableException) {
                return false;
            }
        }
        return true;
    }

    /** Sets a failed workspace aside for this run, with one line naming where it failed and why. */
    private void hold(String workspaceId, RuntimeException failure) {
        String where;
        String problem;
        if (failure instanceof TimelineException timeline) {
            Throwable cause = timeline.getCause();
            problem = cause instanceof BillingException ? cause.getMessage() : TimelineException.problem(cause);
            where = timeline.requestId() != null
                    ? "request " + timeline.requestId() + " (" + origin("request", "request_id", timeline.requestId())
                            + ")"
                    : timeline.purchaseId() != null
                            ? "purchase " + timeline.purchaseId() + " ("
                                    + origin("purchase", "purchase_id", timeline.purchaseId()) + ")"
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

    /** The file and line a request or a purchase came from, as {@code hostile.csv line 2007}. */
    private String origin(String table, String idColumn, String id) {
        String sql = table.equals("request")
                ? "SELECT f.source, r.line FROM request r JOIN ingested_file f USING (file_id) WHERE r.request_id = ?"
                : "SELECT source, line FROM purchase WHERE purchase_id = ?";
        List<String> found = jdbc.query(sql, (rs, n) -> rs.getString(1) + " line " + rs.getLong(2), id);
        return found.isEmpty() ? "no " + table + " row has " + idColumn + " " + id : found.get(0);
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

    private void loadPurchases(String[] ids, Map<String, List<TimelineEvent>> events) {
        jdbc.query(
                """
                SELECT purchase_id, workspace_id, purchased_at, purchased_at_ns, process_at, process_at_ns, pack_id
                FROM purchase WHERE workspace_id = ANY (?)
                  AND (process_at, process_at_ns) >= (?, ?) AND (process_at, process_at_ns) < (?, ?)
                """,
                rs -> {
                    events.get(rs.getString("workspace_id"))
                            .add(new PurchaseEvent(
                                    rs.getString("purchase_id"),
                                    Sql.exact(rs, "purchased_at"),
                                    Sql.exact(rs, "process_at"),
                                    rs.getString("pack_id")));
                },
                ids,
                Sql.utc(from),
                Sql.nanos(from),
                Sql.utc(through),
                Sql.nanos(through));
    }

    private void writeRated(BinaryCopyWriter copy, LedgerRecorder.Rated rated) {
        Pricing.Priced pricing = rated.pricing();
        copy.add(rated.requestId())
                .add(rated.processAt())
                // version, model and tier are its price row's (model_price); a free app clone has none
                .addInteger(
                        pricing.versionId() == null
                                ? null
                                : catalog.priceId(pricing.versionId(), pricing.pricedModel()))
                .add(pricing.cost())
                .addExact(through)
                .endRow();
    }

    /**
     * Sets aside the chunk's requests that were not charged: those the timelines refused and those of
     * workspaces nobody loaded, with the file and line they came from.
     */
    private void quarantine(
            StepContribution contribution,
            List<LedgerRecorder.Quarantined> refused,
            List<RequestCursor.Unknown> unknown) {
        int count = refused.size() + unknown.size();
        if (count == 0) {
            return;
        }
        String[] requestIds = new String[count];
        String[] reasons = new String[count];
        String[] details = new String[count];
        int i = 0;
        for (LedgerRecorder.Quarantined q : refused) {
            requestIds[i] = q.requestId();
            reasons[i] = q.reason().name();
            details[i++] = q.detail();
        }
        for (RequestCursor.Unknown u : unknown) {
            requestIds[i] = u.requestId();
            reasons[i] = QuarantineReason.UNKNOWN_WORKSPACE.name();
            details[i++] = "workspace " + u.workspaceId() + " is not loaded";
        }
        // a restart may meet requests it quarantined before: only the new rows count
        int inserted = jdbc.update("""
                INSERT INTO quarantine (file_id, line, source, request_id, reason, detail, raw)
                SELECT r.file_id, r.line, f.source, r.request_id, q.reason, q.detail, NULL
                FROM unnest(?::text[], ?::text[], ?::text[]) AS q (request_id, reason, detail)
                JOIN request r ON r.request_id = q.request_id JOIN ingested_file f ON f.file_id = r.file_id
                ON CONFLICT (file_id, line) DO NOTHING
                """, requestIds, reasons, details);
        contribution.incrementFilterCount(inserted);
    }

    private void writeTopups(Connection connection, LedgerRecorder recorder) {
        if (recorder.topups.isEmpty()) {
            return;
        }
        try (BinaryCopyWriter copy = BinaryCopyWriter.open(
                connection,
                "topup_attempt",
                "idempotency_key, workspace_id, request_id, attempted_at, attempted_at_ns, pack_id, amount_minor,"
                        + " currency, outcome, payment_ref, decline_code, run_through, run_through_ns")) {
            for (LedgerRecorder.Topup topup : recorder.topups) {
                copy.add(topup.charge().idempotencyKey())
                        .add(topup.workspaceId())
                        .add(topup.trigger().requestId())
                        .addExact(topup.at())
                        .add(topup.charge().packId())
                        .add(topup.charge().amountMinor())
                        .add(topup.charge().currency())
                        .add(topup.result().outcome().name())
                        .add(topup.result().reference())
                        .add(topup.result().declineCode())
                        .addExact(through)
                        .endRow();
            }
        }
        try (BinaryCopyWriter copy =
                BinaryCopyWriter.open(connection, "notification", "workspace_id, at, at_ns, kind, reason, reference")) {
            for (LedgerRecorder.Topup topup : recorder.topups) {
                ChargeResult result = topup.result();
                if (result.outcome() == ChargeResult.Outcome.DECLINED) {
                    copy.add(topup.workspaceId())
                            .addExact(topup.at())
                            .add("TOPUP_DECLINED")
                            .add("auto top-up declined (" + result.declineCode()
                                    + "); auto top-up is suspended until the next billing cycle")
                            .add(topup.charge().idempotencyKey())
                            .endRow();
                } else if (result.outcome() == ChargeResult.Outcome.HELD) {
                    copy.add(topup.workspaceId())
                            .addExact(topup.at())
                            .add("TOPUP_HELD")
                            .add("auto top-up held for review (" + result.declineCode()
                                    + "); nothing was charged or granted")
                            .add(topup.charge().idempotencyKey())
                            .endRow();
                }
            }
        }
    }
}
