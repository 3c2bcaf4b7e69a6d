package com.creditledger.rating;

import com.creditledger.rating.payment.ChargeRequest;
import com.creditledger.rating.payment.ChargeResult;
import java.time.Instant;
import java.util.List;

/**
 * Receives, in processing order, everything a {@link CreditTimeline} run does to one account: the
 * jobs module turns these into ledger transactions, rated requests and notifications.
 */
public interface TimelineListener {

    /** Credits drawn from one grant for one request (R4). */
    record Draw(int grantNumber, GrantKind kind, long amount) {}

    /** A grant was made at {@code grant.grantedAt()}; {@code debtRepaid} of it went to debt (R3). */
    default void granted(Account account, Grant grant, long debtRepaid) {}

    /** {@code amount} credits of a grant expired at {@code at}. */
    default void expired(Account account, Grant grant, long amount, Instant at) {}

    /**
     * A request was rated; {@code draws} say which grants paid, {@code uncovered} what became
     * debt. Zero-cost requests come here too, with no draws.
     */
    default void rated(
            Account account, RequestEvent request, Pricing.Priced pricing, List<Draw> draws, long uncovered) {}

    /** A request failed a rating-time check of SPEC §4 and was not charged. */
    default void quarantined(Account account, RequestEvent request, Pricing.Rejected rejection) {}

    /** An auto top-up charge was attempted at {@code at} (R6), with its answer. */
    default void topupCharged(
            Account account, RequestEvent trigger, Instant at, ChargeRequest charge, ChargeResult result) {}

    /** The status changed at {@code at} (R8). */
    default void statusChanged(Account account, AccountStatus status, Instant at) {}
}
