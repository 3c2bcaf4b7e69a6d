package com.creditledger.rating.catalog;

import java.util.Objects;

/** A credit pack (packs.csv): buying it grants {@code credits + bonusCredits} (R5). */
public record Pack(String id, long credits, long bonusCredits, long priceMinor, String currency) {

    public Pack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currency, "currency");
        if (credits < 0 || bonusCredits < 0 || priceMinor < 0) {
            throw new IllegalArgumentException("pack " + id + ": amounts must not be negative");
        }
    }

    /** The credits a purchase or top-up of this pack grants. */
    public long grantedCredits() {
        return Math.addExact(credits, bonusCredits);
    }
}
