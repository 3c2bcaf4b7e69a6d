package com.creditledger.rating;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A bucket of credits (SPEC §2). {@link #number()} is the workspace's grant creation order, which
 * breaks every remaining tie in drain and expiry order.
 *
 * <p>{@code amount} is what was granted; {@code remaining} is what is left after repaying debt
 * (R3) and draining (R4). Only the remaining changes.
 */
public final class Grant {

    /** R4 drain order: expiry ascending (never-expiring last), then grant instant, then creation. */
    public static final Comparator<Grant> DRAIN_ORDER = Comparator.comparing(
                    Grant::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Grant::grantedAt)
            .thenComparingInt(Grant::number);

    private final int number;
    private final GrantKind kind;
    private final long amount;
    private final Instant grantedAt;
    private final Instant expiresAt;
    private final String reference;
    private long remaining;

    public Grant(
            int number,
            GrantKind kind,
            long amount,
            long remaining,
            Instant grantedAt,
            Instant expiresAt,
            String reference) {
        if (amount < 0 || remaining < 0 || remaining > amount) {
            throw new IllegalArgumentException(
                    "grant " + number + ": remaining " + remaining + " not within 0.." + amount);
        }
        this.number = number;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.amount = amount;
        this.remaining = remaining;
        this.grantedAt = Objects.requireNonNull(grantedAt, "grantedAt");
        this.expiresAt = expiresAt;
        this.reference = reference;
    }

    public int number() {
        return number;
    }

    public GrantKind kind() {
        return kind;
    }

    public long amount() {
        return amount;
    }

    public long remaining() {
        return remaining;
    }

    public Instant grantedAt() {
        return grantedAt;
    }

    /** When the grant expires, or null for never. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** What created it: a purchase id, a top-up's idempotency key, a cycle, an adjustment id. */
    public String reference() {
        return reference;
    }

    /** Takes up to {@code wanted} credits and returns how many were taken. */
    long take(long wanted) {
        long taken = Math.min(wanted, remaining);
        remaining -= taken;
        return taken;
    }

    @Override
    public String toString() {
        return kind + "#" + number + "(" + remaining + "/" + amount + ")";
    }
}
