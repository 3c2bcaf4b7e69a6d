package com.creditledger.rating.ledger;

import com.creditledger.rating.TimelineListener.Draw;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The granularity rule: consumption is one {@link TxnKind#USAGE} transaction per workspace, run
 * and UTC day of processing, with one posting per grant drawn (R4), one for what became debt and
 * one to {@code consumed} for the total. A rated request's usage transaction is therefore the one
 * of its workspace, its run and the day of its {@code process_at} ({@link #day}); the rated row
 * does not store it.
 *
 * <p>One book serves one run ({@code runThrough}); requests are recorded as they are rated, and
 * {@link #close} turns what was recorded since the last close into transactions.
 */
public final class UsageBook {

    private static final long SECONDS_PER_DAY = 86_400;

    private static final class Day {
        final String workspaceId;
        Instant effectiveAt;
        final Map<Integer, Long> byGrant = new TreeMap<>();
        long uncovered;
        long total;

        Day(String workspaceId) {
            this.workspaceId = workspaceId;
        }
    }

    private final Instant runThrough;
    private final Map<String, Day> open = new LinkedHashMap<>();
    private Day current;
    private long currentDay;

    public UsageBook(Instant runThrough) {
        this.runThrough = runThrough;
    }

    /** The UTC day whose usage transaction charges a request processed at {@code processAt}. */
    public static LocalDate day(Instant processAt) {
        return LocalDate.ofEpochDay(Math.floorDiv(processAt.getEpochSecond(), SECONDS_PER_DAY));
    }

    /**
     * Records one rated request of {@code cost} credits: what each grant paid ({@code draws}) and
     * what no grant covered ({@code uncovered}). A request that cost nothing is no transaction's.
     */
    public void record(String workspaceId, Instant processAt, List<Draw> draws, long uncovered, long cost) {
        if (cost <= 0) {
            return;
        }
        long epochDay = Math.floorDiv(processAt.getEpochSecond(), SECONDS_PER_DAY);
        if (current == null || epochDay != currentDay || !current.workspaceId.equals(workspaceId)) {
            current = open.computeIfAbsent(
                    TxnIds.usage(workspaceId, LocalDate.ofEpochDay(epochDay), runThrough), key -> new Day(workspaceId));
            currentDay = epochDay;
        }
        Day txn = current;
        txn.effectiveAt = processAt;
        for (Draw draw : draws) {
            txn.byGrant.merge(draw.grantNumber(), draw.amount(), Math::addExact);
        }
        txn.uncovered = Math.addExact(txn.uncovered, uncovered);
        txn.total = Math.addExact(txn.total, cost);
    }

    /** The usage transactions recorded since the last close, in the order they were opened. */
    public List<LedgerTxn> close() {
        List<LedgerTxn> txns = new ArrayList<>(open.size());
        open.forEach((id, txn) -> {
            List<Posting> postings = new ArrayList<>(txn.byGrant.size() + 2);
            txn.byGrant.forEach((grant, amount) -> postings.add(Posting.grant(grant, -amount)));
            if (txn.uncovered > 0) {
                postings.add(Posting.debt(-txn.uncovered));
            }
            postings.add(new Posting(LedgerAccount.CONSUMED, null, txn.total));
            txns.add(new LedgerTxn(id, txn.workspaceId, TxnKind.USAGE, txn.effectiveAt, null, postings));
        });
        open.clear();
        current = null;
        return txns;
    }
}
