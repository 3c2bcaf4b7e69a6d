package com.creditledger.jobs.rate;

import com.creditledger.rating.Account;
import com.creditledger.rating.Grant;
import com.creditledger.rating.Pricing;
import com.creditledger.rating.QuarantineReason;
import com.creditledger.rating.RequestEvent;
import com.creditledger.rating.TimelineListener;
import com.creditledger.rating.ledger.LedgerTxn;
import com.creditledger.rating.ledger.Postings;
import com.creditledger.rating.ledger.UsageBook;
import com.creditledger.rating.payment.ChargeRequest;
import com.creditledger.rating.payment.ChargeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects what a timeline run did, as the domain's ledger rules ({@code rating.ledger}) put it:
 * the transactions to store ({@link Postings} for grants and expiries, a {@link UsageBook} for
 * consumption), the rated requests (streamed to {@code ratedSink} as they are rated), the
 * quarantined requests, the top-ups and the new grants. It decides no posting itself.
 */
final class LedgerRecorder implements TimelineListener {

    /** A rated request; its usage transaction follows from its workspace, run and day (view rated_request_txn). */
    record Rated(String requestId, Instant processAt, Pricing.Priced pricing) {}

    record Quarantined(String requestId, QuarantineReason reason, String detail) {}

    record Topup(String workspaceId, RequestEvent trigger, Instant at, ChargeRequest charge, ChargeResult result) {}

    final List<LedgerTxn> txns = new ArrayList<>();
    private final UsageBook usage;
    /** Where each rated request goes as the timeline rates it (while its strings are still in cache). */
    private final Consumer<Rated> ratedSink;

    long ratedCount;
    final List<Quarantined> quarantined = new ArrayList<>();
    final List<Topup> topups = new ArrayList<>();
    final List<Grant> newGrants = new ArrayList<>();

    LedgerRecorder(Instant through, Consumer<Rated> ratedSink) {
        this.usage = new UsageBook(through);
        this.ratedSink = ratedSink;
    }

    @Override
    public void granted(Account account, Grant grant, long debtRepaid) {
        txns.add(Postings.grant(account.workspaceId(), grant, debtRepaid));
        newGrants.add(grant);
    }

    @Override
    public void expired(Account account, Grant grant, long amount, Instant at) {
        if (amount > 0) {
            txns.add(Postings.expiry(account.workspaceId(), grant, amount, at));
        }
    }

    @Override
    public void rated(Account account, RequestEvent request, Pricing.Priced pricing, List<Draw> draws, long uncovered) {
        usage.record(account.workspaceId(), request.processAt(), draws, uncovered, pricing.cost());
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
        txns.addAll(usage.close());
    }
}
