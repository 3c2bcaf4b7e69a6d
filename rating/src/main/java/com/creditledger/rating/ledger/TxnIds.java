package com.creditledger.rating.ledger;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The transaction id scheme: ids are derived from what a transaction records, never generated,
 * so a run that is killed and restarted writes exactly the ids an uninterrupted run writes, and a
 * second write of the same transaction violates the primary key instead of posting twice.
 */
public final class TxnIds {

    private TxnIds() {}

    /** {@code G:<workspace>:<grant no>}: the grant's transaction. */
    public static String grant(String workspaceId, int grantNo) {
        return "G:" + workspaceId + ":" + grantNo;
    }

    /** {@code E:<workspace>:<grant no>}: the grant's expiry. */
    public static String expiry(String workspaceId, int grantNo) {
        return "E:" + workspaceId + ":" + grantNo;
    }

    /** {@code U:<workspace>:<day>:<run through>}: the workspace's usage of one run and UTC day. */
    public static String usage(String workspaceId, LocalDate day, Instant runThrough) {
        return "U:" + workspaceId + ":" + day + ":" + runThrough;
    }
}
