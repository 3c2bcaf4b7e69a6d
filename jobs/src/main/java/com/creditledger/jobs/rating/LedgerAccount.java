package com.creditledger.jobs.rating;

import com.creditledger.rating.GrantKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The accounts a ledger posting moves credits between (docs/ledger.md), as {@code
 * ledger_posting.account} stores them; its CHECK constraint allows exactly {@link #all()}.
 */
public enum LedgerAccount {
    /** A workspace's credits: per grant ({@code grant_no}), or its debt (no grant). */
    WALLET("wallet"),
    /** Where the credits of rated requests go. */
    CONSUMED("consumed"),
    /** Where the credits left in an expired grant go. */
    EXPIRED("expired");

    private static final String ISSUED = "issued:";

    private final String code;

    LedgerAccount(String code) {
        this.code = code;
    }

    /** The account as stored, e.g. {@code wallet}. */
    public String code() {
        return code;
    }

    /** The account a grant of the kind is issued from: {@code issued:plan}, {@code issued:pack}, ... */
    public static String issued(GrantKind kind) {
        return ISSUED + kind.name().toLowerCase(Locale.ROOT);
    }

    /** Every account a posting can name: these and one issuing account per grant kind. */
    public static List<String> all() {
        List<String> all = new ArrayList<>();
        for (LedgerAccount account : values()) {
            all.add(account.code);
        }
        for (GrantKind kind : GrantKind.values()) {
            all.add(issued(kind));
        }
        return List.copyOf(all);
    }
}
