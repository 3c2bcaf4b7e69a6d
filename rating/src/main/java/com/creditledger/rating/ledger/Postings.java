package com.creditledger.rating.ledger;

import com.creditledger.rating.Grant;
import com.creditledger.rating.GrantKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The posting rules for grants and expiries (docs/ledger.md, "Transactions"). */
public final class Postings {

    private Postings() {}

    /**
     * A grant: its issuing account gives the whole amount; the grant's wallet takes what was not
     * used to repay debt, the debt takes the rest (R3).
     */
    public static LedgerTxn grant(String workspaceId, Grant grant, long debtRepaid) {
        if (debtRepaid < 0 || debtRepaid > grant.amount()) {
            throw new IllegalArgumentException(
                    "grant " + grant.number() + " repays " + debtRepaid + " of " + grant.amount());
        }
        List<Posting> postings = new ArrayList<>(3);
        postings.add(new Posting(LedgerAccount.issuing(grant.kind()), null, -grant.amount()));
        if (grant.amount() - debtRepaid > 0) {
            postings.add(Posting.grant(grant.number(), grant.amount() - debtRepaid));
        }
        if (debtRepaid > 0) {
            postings.add(Posting.debt(debtRepaid));
        }
        return new LedgerTxn(
                TxnIds.grant(workspaceId, grant.number()),
                workspaceId,
                TxnKind.granting(grant.kind()),
                grant.grantedAt(),
                grant.reference(),
                postings);
    }

    /**
     * What was left of a grant when it expired moves from its wallet to {@code expired}. A plan
     * grant's expiry keeps the cycle as its reference; any other names the grant.
     */
    public static LedgerTxn expiry(String workspaceId, Grant grant, long amount, Instant at) {
        if (amount <= 0) {
            throw new IllegalArgumentException("grant " + grant.number() + " expires with " + amount + " left");
        }
        return new LedgerTxn(
                TxnIds.expiry(workspaceId, grant.number()),
                workspaceId,
                TxnKind.EXPIRY,
                at,
                grant.kind() == GrantKind.PLAN ? grant.reference() : "expiry of grant " + grant.number(),
                List.of(Posting.grant(grant.number(), -amount), new Posting(LedgerAccount.EXPIRED, null, amount)));
    }
}
