package com.creditledger.rating.price;

import java.util.Objects;

/**
 * One model's price in one version (SPEC R1).
 *
 * <p>Cost = {@code creditsPerRequest + ceil((inputTokens × creditsPer1kInput + outputTokens ×
 * creditsPer1kOutput) / 1000)}, in exact integer arithmetic: the only rounding is that single
 * ceiling, and every multiplication and sum throws {@link ArithmeticException} on overflow.
 */
public record ModelPrice(
        String model, Tier tier, long creditsPerRequest, long creditsPer1kInput, long creditsPer1kOutput) {

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        if (creditsPerRequest < 0 || creditsPer1kInput < 0 || creditsPer1kOutput < 0) {
            throw new IllegalArgumentException("prices must not be negative: " + model);
        }
    }

    /** The credits one request costs with these token counts (both non-negative). */
    public long cost(long inputTokens, long outputTokens) {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        long tokenMillicredits = Math.addExact(
                Math.multiplyExact(inputTokens, creditsPer1kInput),
                Math.multiplyExact(outputTokens, creditsPer1kOutput));
        return Math.addExact(creditsPerRequest, ceilDiv(tokenMillicredits, 1000));
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}
