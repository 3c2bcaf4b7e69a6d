package com.creditledger.rating.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One ledger transaction: postings that sum to zero, exactly (double entry). It cannot be made
 * otherwise: the constructor refuses an empty or unbalanced list, summing without overflow.
 *
 * @param id derived from what it records ({@link TxnIds}), so a restarted run writes the same ids
 * @param reference what it came from (a purchase id, a top-up key, a cycle); null for usage
 */
public record LedgerTxn(
        String id, String workspaceId, TxnKind kind, Instant effectiveAt, String reference, List<Posting> postings) {

    public LedgerTxn {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        postings = List.copyOf(postings);
        if (postings.size() < 2) {
            throw new IllegalArgumentException("transaction " + id + " has " + postings.size() + " posting(s)");
        }
        long sum = 0;
        long high = 0; // the sum's carry beyond 64 bits, so that no order of postings overflows
        for (Posting posting : postings) {
            long next = sum + posting.amount();
            if (((sum ^ next) & (posting.amount() ^ next)) < 0) {
                high += posting.amount() < 0 ? -1 : 1;
            }
            sum = next;
        }
        if (sum != 0 || high != 0) {
            throw new IllegalArgumentException("transaction " + id + " does not sum to zero: " + postings);
        }
    }
}
