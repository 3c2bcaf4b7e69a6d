package com.creditledger.rating.ledger;

import java.util.Objects;

/**
 * One line of a transaction: {@code amount} credits on {@code account}. Only the
 * {@link LedgerAccount#WALLET} is kept per grant; a wallet posting without a grant number is the
 * workspace's debt (R3).
 */
public record Posting(LedgerAccount account, Integer grantNo, long amount) {

    public Posting {
        Objects.requireNonNull(account, "account");
        if (grantNo != null && account != LedgerAccount.WALLET) {
            throw new IllegalArgumentException("only the wallet is kept per grant, not " + account.code());
        }
    }

    /** The wallet of grant {@code grantNo}. */
    public static Posting grant(int grantNo, long amount) {
        return new Posting(LedgerAccount.WALLET, grantNo, amount);
    }

    /** The wallet's debt (no grant). */
    public static Posting debt(long amount) {
        return new Posting(LedgerAccount.WALLET, null, amount);
    }
}
