package com.creditledger.jobs.rating;

import com.creditledger.rating.Account;
import com.creditledger.rating.Grant;
import com.creditledger.rating.GrantKind;
import com.creditledger.rating.Pricing;
import com.creditledger.rating.QuarantineReason;
import com.creditledger.rating.RequestEvent;
import com.creditledger.rating.TimelineListener;
import com.creditledger.rating.payment.ChargeRequest;
import com.creditledger.rating.payment.ChargeResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns what a timeline run did into ledger rows (see docs/ledger.md for the design).
 *
 * <p>Grants and expiries are one transaction each. Consumption is aggregated: one USAGE
 * transaction per workspace, run and UTC day, with one posting per grant drawn and one for what
 * became debt; a rated request's usage transaction is the one of its workspace, run and day (the
 * view {@code rated_request_txn}), so the rated row does not store it. Transaction ids derive from
 * the workspace, grant number, run and day, so a restarted run writes the very same rows.
 */
final class LedgerRecorder implements TimelineListener {

    static final String WALLET = LedgerAccount.WALLET.code();
    static final String CONSUMED = LedgerAccount.CONSUMED.code();
    static final String EXPIRED = LedgerAccount.EXPIRED.code();

    record Posting(String account, Integer grantNo, long amount) {}

    record Txn(
            String id,
            String workspaceId,
            String kind,
            Instant effectiveAt,
            String reference,
            List<Posting> postings) {}

    /** A rated request; its usage transaction follows from its workspace, run and day (view rated_request_txn). */
    record Rated(String requestId, Instant processAt, Pricing.Priced pricing) {}

    record Quarantined(String requestId, QuarantineReason reason, String detail) {}

    record Topup(String workspaceId, RequestEvent trigger, Instant at, ChargeRequest charge, ChargeResult result) {}

    private static final class Usage {
        final String id;
        final String workspaceId;
        Instant effectiveAt;
        final Map<Integer, Long> byGrant = new TreeMap<>();
        long uncovered;
        long total;

        Usage(String id, String workspaceId) {
            this.id = id;
            this.workspaceId = workspaceId;
        }
    }

    private final Instant through;
    final List<Txn> txns = new ArrayList<>();
    /** Where each rated request goes as the timeline rates it (while its strings are still in cache). */
    private final Consumer<Rated> ratedSink;

    long ratedCount;
    final List<Quarantined> quarantined = new ArrayList<>();
    final List<Topup> topups = new ArrayList<>();
    final List<Grant> newGrants = new ArrayList<>();
    private final Map<String, Usage> usage = new LinkedHashMap<>();
    private Usage current;
    private long currentDay;

    LedgerRecorder(Instant through, Consumer<Rated> ratedSink) {
        this.through = through;
        this.ratedSink = ratedSink;
    }

    @Override
    public void granted(Account account, Grant grant, long debtRepaid) {
        List<Posting> postings = new ArrayList<>(3);
        postings.add(new Posting(LedgerAccount.issued(grant.kind()), null, -grant.amount()));
        if (grant.amount() - debtRepaid > 0) {
            postings.add(new Posting(WALLET, grant.number(), grant.amount() - debtRepaid));
        }
        if (debtRepaid > 0) {
            postings.add(new Posting(WALLET, null, debtRepaid));
        }
        txns.add(new Txn(
                "G:" + account.workspaceId() + ":" + grant.number(),
                account.workspaceId(),
                LedgerTxnKind.grant(grant.kind()),
                grant.grantedAt(),
                grant.reference(),
                postings));
        newGrants.add(grant);
    }

    @Override
    public void expired(Account account, Grant grant, long amount, Instant at) {
        if (amount == 0) {
            return;
        }
        txns.add(new Txn(
                "E:" + account.workspaceId() + ":" + grant.number(),
                account.workspaceId(),
                LedgerTxnKind.EXPIRY.name(),
                at,
                grant.kind() == GrantKind.PLAN ? grant.reference() : "expiry of grant " + grant.number(),
                List.of(new Posting(WALLET, grant.number(), -amount), new Posting(EXPIRED, null, amount))));
    }

    @Override
    public void rated(Account account, RequestEvent request, Pricing.Priced pricing, List<Draw> draws, long uncovered) {
        if (pricing.cost() > 0) {
            long day = Math.floorDiv(request.processAt().getEpochSecond(), 86_400);
            if (current == null || day != currentDay || !current.workspaceId.equals(account.workspaceId())) {
                String id = "U:" + account.workspaceId() + ":" + LocalDate.ofEpochDay(day) + ":" + through;
                current = usage.computeIfAbsent(id, key -> new Usage(key, account.workspaceId()));
                currentDay = day;
            }
            Usage txn = current;
            txn.effectiveAt = request.processAt();
            for (Draw draw : draws) {
                txn.byGrant.merge(draw.grantNumber(), draw.amount(), Math::addExact);
            }
            txn.uncovered = Math.addExact(txn.uncovered, uncovered);
            txn.total = Math.addExact(txn.total, pricing.cost());
        }
        ratedSink.accept(new Rated(request.requestId(), request.processAt(), pricing));
        ratedCount++;
    }

    @Override
    public void quarantined(Account account, RequestEvent request, Pricing.Rejected rejection) {
        quarantined.add(new Quarantined(request.requestId(), rejection.reason(), rejection.detail()));
    }

    @Override
    public void topupCharged(
            Account account, RequestEvent trigger, Instant at, ChargeRequest charge, ChargeResult result) {
        topups.add(new Topup(account.workspaceId(), trigger, at, charge, result));
    }

    /** Closes the usage transactions of the workspaces processed so far. */
    void closeUsage() {
        for (Usage txn : usage.values()) {
            List<Posting> postings = new ArrayList<>(txn.byGrant.size() + 2);
            txn.byGrant.forEach((grant, amount) -> postings.add(new Posting(WALLET, grant, -amount)));
            if (txn.uncovered > 0) {
                postings.add(new Posting(WALLET, null, -txn.uncovered));
            }
            postings.add(new Posting(CONSUMED, null, txn.total));
            txns.add(new Txn(txn.id, txn.workspaceId, LedgerTxnKind.USAGE.name(), txn.effectiveAt, null, postings));
        }
        usage.clear();
        current = null;
    }
}
