package com.creditledger.rating.ledger;

import com.creditledger.rating.GrantKind;

/**
 * What a ledger transaction records (docs/ledger.md). The name is the value stored in
 * {@code ledger_txn.kind}; the schema's CHECK constraint is built from these.
 */
public enum TxnKind {
    /** A cycle's allowance (R2), one per grant. */
    GRANT_PLAN,
    /** A pack purchase (R5), one per grant. */
    GRANT_PACK,
    /** An auto top-up (R6), one per grant. */
    GRANT_TOPUP,
    /** A support adjustment, one per grant. */
    GRANT_ADJUSTMENT,
    /** What was left of one grant when it expired. */
    EXPIRY,
    /** What one workspace consumed in one run on one UTC day of processing. */
    USAGE;

    /** The kind of the transaction that makes a grant of {@code kind}. */
    public static TxnKind granting(GrantKind kind) {
        return switch (kind) {
            case PLAN -> GRANT_PLAN;
            case PACK -> GRANT_PACK;
            case TOPUP -> GRANT_TOPUP;
            case ADJUSTMENT -> GRANT_ADJUSTMENT;
        };
    }
}
