package com.creditledger.jobs.rate;

import com.creditledger.jobs.catalog.Catalog;
import com.creditledger.jobs.system.BinaryCopyWriter;
import com.creditledger.jobs.system.DatabaseUnavailableException;
import com.creditledger.rating.Account;
import com.creditledger.rating.CreditTimeline;
import com.creditledger.rating.Grant;
import com.creditledger.rating.Pricing;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.catalog.Workspace;
import com.creditledger.rating.payment.PaymentGateway;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;

/**
 * The rate step's fold: runs the timelines of a chunk's workspaces ({@link CreditTimeline}, the
 * domain's rules) and returns what they did as an immutable {@link ChunkResult}. It reads and
 * writes no table, so nothing is open on the chunk's connection while a timeline calls the payment
 * gateway (which journals each call in transactions of its own: docs/ledger.md). The rated rows
 * are encoded for their COPY as they are rated, while their strings are still in cache.
 */
final class ChunkFold {

    static final String RATED_COLUMNS = "request_id, process_at, price_id, cost, run_through, run_through_ns";

    /** What a fold came to: every workspace folded, or the first that failed because of its own data. */
    sealed interface Outcome {}

    record Folded(ChunkResult result) implements Outcome {}

    record Failed(String workspaceId, RuntimeException failure) implements Outcome {}

    private final Catalog catalog;
    private final PaymentGateway gateway;
    private final Instant through;

    ChunkFold(Catalog catalog, PaymentGateway gateway, Instant through) {
        this.catalog = catalog;
        this.gateway = gateway;
        this.through = through;
    }

    /**
     * Folds every workspace of {@code input}. A failure that the database or the connection is in
     * is thrown (the chunk fails and restarts); any other is the workspace's own, and the outcome
     * names it so that the chunk can be folded again without it.
     */
    Outcome fold(ChunkLoader.Input input) {
        BinaryCopyWriter ratedRows = BinaryCopyWriter.inMemory("rated_request", RATED_COLUMNS);
        LedgerRecorder recorder = new LedgerRecorder(through, rated -> encode(ratedRows, rated));
        List<Account> rated = new ArrayList<>(input.ids().size());
        Map<String, List<Grant>> touchedGrants = new LinkedHashMap<>();
        for (String id : input.ids()) {
            try {
                Workspace workspace = input.workspaces().get(id);
                Plan plan = catalog.plans().get(workspace.planId());
                Account account = input.accounts().getOrDefault(id, Account.opening(id));
                List<Grant> touched = new ArrayList<>(account.liveGrants());
                int firstNew = recorder.newGrants.size();
                new CreditTimeline(workspace, plan, catalog.packs(), catalog.prices(), gateway, recorder)
                        .run(account, input.events().getOrDefault(id, List.of()), through);
                touched.addAll(recorder.newGrants.subList(firstNew, recorder.newGrants.size()));
                touchedGrants.put(id, List.copyOf(touched));
                rated.add(account);
            } catch (RuntimeException e) {
                if (!causedByItsData(e)) {
                    throw e;
                }
                return new Failed(id, e);
            }
        }
        recorder.closeUsage();
        return new Folded(new ChunkResult(
                recorder.txns,
                ratedRows.seal(),
                recorder.ratedCount,
                recorder.quarantined,
                recorder.topups,
                rated,
                touchedGrants));
    }

    /**
     * A failure is one workspace's to bear unless the database or the connection is in it (a
     * gateway that lost its journal's connection, say): those fail the chunk, and the same command
     * restarts it.
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

    private void encode(BinaryCopyWriter copy, LedgerRecorder.Rated rated) {
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
}
