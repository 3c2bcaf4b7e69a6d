package com.creditledger.rating.price;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One model's price in one version (SPEC R1).
 *
 * <p>Cost = {@code creditsPerRequest + ceil((inputTokens × creditsPer1kInput + outputTokens ×
 * creditsPer1kOutput) / 1000)}, in exact integer arithmetic: the only rounding is that single
 * ceiling, taken once over the sum of both token components (never per component). The products
 * and their sum are exact at any size: a product beyond 64 bits whose cost still fits in a {@code
 * long} (2^63 − 1 input tokens at 10 credits per 1k) is priced exactly, and only a cost that does
 * not fit throws {@link ArithmeticException} (SPEC §4 COST_OVERFLOW).
 */
public record ModelPrice(
        String model, Tier tier, long creditsPerRequest, long creditsPer1kInput, long creditsPer1kOutput) {

    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tier, "tier");
        if (creditsPerRequest < 0 || creditsPer1kInput < 0 || creditsPer1kOutput < 0) {
            throw new IllegalArgumentException("prices must not be negative: " + model);
        }
    }

    /**
     * The credits one request costs with these token counts (both non-negative).
     *
     * @throws ArithmeticException when the exact cost does not fit in a {@code long}
     */
    public long cost(long inputTokens, long outputTokens) {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        long input = inputTokens * creditsPer1kInput;
        long output = outputTokens * creditsPer1kOutput;
        long tokenMillicredits = input + output;
        // all four factors are non-negative: a product fits in a long when its high 64 bits are zero
        // and its low 64 bits read as non-negative, and the sum of two that fit fits when it stays
        // non-negative. Only when one does not is the cost computed the slow, exact way.
        if ((Math.multiplyHigh(inputTokens, creditsPer1kInput) | Math.multiplyHigh(outputTokens, creditsPer1kOutput))
                        != 0
                || (input | output | tokenMillicredits) < 0) {
            return fitting(exactCost(inputTokens, outputTokens));
        }
        long tokenCredits = -Math.floorDiv(-tokenMillicredits, 1000); // the ceiling, for a non-negative dividend
        long cost = creditsPerRequest + tokenCredits;
        if (cost < 0) { // two non-negative terms: a negative sum wrapped
            return fitting(exactCost(inputTokens, outputTokens));
        }
        return cost;
    }

    /**
     * R1 at any size, with no overflow anywhere: the same number {@link #cost} returns when that
     * fits in a {@code long}, and the exact cost when it does not.
     */
    public BigInteger exactCost(long inputTokens, long outputTokens) {
        BigInteger tokenMillicredits = BigInteger.valueOf(inputTokens)
                .multiply(BigInteger.valueOf(creditsPer1kInput))
                .add(BigInteger.valueOf(outputTokens).multiply(BigInteger.valueOf(creditsPer1kOutput)));
        BigInteger[] quotientAndRemainder = tokenMillicredits.divideAndRemainder(THOUSAND);
        BigInteger tokenCredits = quotientAndRemainder[1].signum() > 0
                ? quotientAndRemainder[0].add(BigInteger.ONE)
                : quotientAndRemainder[0];
        return tokenCredits.add(BigInteger.valueOf(creditsPerRequest));
    }

    private long fitting(BigInteger cost) {
        if (cost.bitLength() > 63) {
            throw new ArithmeticException("the cost on " + model + " is " + cost
                    + " credits, more than a signed 64-bit integer holds (" + Long.MAX_VALUE + ")");
        }
        return cost.longValue();
    }
}
