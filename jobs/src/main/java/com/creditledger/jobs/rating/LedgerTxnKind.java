package com.creditledger.jobs.rating;

import com.creditledger.rating.GrantKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of ledger transaction (docs/ledger.md), as {@code ledger_txn.kind} stores them; its
 * CHECK constraint allows exactly {@link #all()}.
 */
public enum LedgerTxnKind {
    /** A workspace's consumption in one run and UTC day. */
    USAGE,
    /** What was left in a grant when it expired. */
    EXPIRY;

    private static final String GRANT = "GRANT_";

    /** The kind of a grant's transaction: {@code GRANT_PLAN}, {@code GRANT_PACK}, ... */
    public static String grant(GrantKind kind) {
        return GRANT + kind.name();
    }

    /** Every kind a transaction can have: one per grant kind and these. */
    public static List<String> all() {
        List<String> all = new ArrayList<>();
        for (GrantKind kind : GrantKind.values()) {
            all.add(grant(kind));
        }
        for (LedgerTxnKind kind : values()) {
            all.add(kind.name());
        }
        return List.copyOf(all);
    }
}
