package com.creditledger.rating.price;

import java.util.Optional;

/** A model's price tier, as written in prices.csv. */
public enum Tier {
    LIGHTWEIGHT("lightweight"),
    STANDARD("standard"),
    FRONTIER("frontier");

    private final String code;

    Tier(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Tier> fromCode(String code) {
        for (Tier tier : values()) {
            if (tier.code.equals(code)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
