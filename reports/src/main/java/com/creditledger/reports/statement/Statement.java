package com.creditledger.reports.statement;

import java.time.Instant;
import java.util.List;

/**
 * A workspace's statement for one billing cycle {@code [start, end)}: opening + granted − consumed −
 * expired = closing, all from ledger postings effective in the cycle.
 *
 * @param number {@code ST-<workspace>-<cycle index>}: the same cycle always gets the same number
 * @param cycle the cycle's index k (R2: from boundary k to boundary k + 1)
 */
public record Statement(
        String number,
        String workspaceId,
        String workspaceName,
        String plan,
        long cycle,
        Instant start,
        Instant end,
        long opening,
        long grantedPlan,
        long grantedPacks,
        long grantedTopups,
        long grantedAdjustments,
        long consumed,
        long expired,
        long closing,
        List<Item> items,
        List<ModelLine> usage) {

    public Statement {
        items = List.copyOf(items);
        usage = List.copyOf(usage);
    }

    public static String number(String workspaceId, long cycle) {
        return "ST-" + workspaceId + "-" + cycle;
    }

    public long granted() {
        return grantedPlan + grantedPacks + grantedTopups + grantedAdjustments;
    }

    /** opening + granted − consumed − expired − closing; 0 for a statement that reconciles. */
    public long difference() {
        return opening + granted() - consumed - expired - closing;
    }

    /**
     * A pack purchase, an auto top-up or a declined top-up in the cycle.
     *
     * @param amountMinor what was charged, minor units of {@code currency}; null if nothing was
     */
    public record Item(
            String number,
            Instant at,
            String kind,
            String packId,
            long credits,
            long bonus,
            Long amountMinor,
            String currency,
            String reference) {}

    /** Requests charged in the cycle by model ({@code model} empty for app clones). */
    public record ModelLine(String number, String model, String tier, long requests, long credits) {}
}
