package com.creditledger.rating.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A plan of the catalog (plans.csv).
 *
 * @param monthlyCredits the PLAN grant of each cycle (R2), or null when each workspace carries a
 *     custom allowance
 * @param overdraftCredits how far below zero a balance may go and stay in GRACE (R8)
 * @param packExpiryDays days (×24h) after which packs and top-ups bought on this plan expire
 *     (R5), or null for never
 * @param autoModel the model an {@code auto} request is priced as when the router's pick is
 *     unknown (R1)
 */
public record Plan(String id, Long monthlyCredits, long overdraftCredits, Integer packExpiryDays, String autoModel) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(autoModel, "autoModel");
        if (overdraftCredits < 0) {
            throw new IllegalArgumentException("overdraft_credits must not be negative");
        }
    }

    /** When a pack or top-up granted at {@code grantedAt} expires on this plan, or null for never. */
    public Instant packExpiry(Instant grantedAt) {
        return packExpiryDays == null ? null : grantedAt.plus(Duration.ofDays(packExpiryDays));
    }
}
