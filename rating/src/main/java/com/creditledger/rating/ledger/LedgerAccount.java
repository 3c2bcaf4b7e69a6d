package com.creditledger.rating.ledger;

import com.creditledger.rating.GrantKind;

/**
 * The ledger's accounts (docs/ledger.md). {@link #code()} is the value stored in
 * {@code ledger_posting.account}; the schema's CHECK constraint is built from these.
 */
public enum LedgerAccount {
    /** A workspace's credits: with a grant number what is left of that grant, without it the debt. */
    WALLET("wallet"),
    /** Where a cycle's allowance comes from (R2); negative. */
    ISSUED_PLAN("issued:plan"),
    /** Where pack purchases' credits come from (R5); negative. */
    ISSUED_PACK("issued:pack"),
    /** Where auto top-ups' credits come from (R6); negative. */
    ISSUED_TOPUP("issued:topup"),
    /** Where support's adjustments come from; negative. */
    ISSUED_ADJUSTMENT("issued:adjustment"),
    /** Credits consumed by requests; positive. */
    CONSUMED("consumed"),
    /** Credits that expired unused (breakage); positive. */
    EXPIRED("expired");

    private final String code;

    LedgerAccount(String code) {
        this.code = code;
    }

    /** The stored name, as {@code issued:plan}. */
    public String code() {
        return code;
    }

    /** True for the accounts credits are issued from: granted = − Σ their postings. */
    public boolean issues() {
        return code.startsWith("issued:");
    }

    /** The account a grant of {@code kind} is issued from. */
    public static LedgerAccount issuing(GrantKind kind) {
        return switch (kind) {
            case PLAN -> ISSUED_PLAN;
            case PACK -> ISSUED_PACK;
            case TOPUP -> ISSUED_TOPUP;
            case ADJUSTMENT -> ISSUED_ADJUSTMENT;
        };
    }

    /** The account stored as {@code code}. */
    public static LedgerAccount ofCode(String code) {
        for (LedgerAccount account : values()) {
            if (account.code.equals(code)) {
                return account;
            }
        }
        throw new IllegalArgumentException("no ledger account is stored as '" + code + "'");
    }
}
