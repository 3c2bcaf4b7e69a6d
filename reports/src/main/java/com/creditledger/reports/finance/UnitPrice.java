package com.creditledger.reports.finance;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A purchased grant's own price per credit: {@code price_minor / (credits + bonus)}. The one place
 * where money is rounded: {@link #value(long)} values a number of the grant's credits in minor units
 * as {@code credits × price_minor / grant_credits}, computed exactly and rounded once, half-even, to
 * a whole minor unit. Revenue and the deferred liability are differences of such values over a
 * grant's cumulative use, so over a grant's life they add up to its price exactly.
 */
public record UnitPrice(long priceMinor, long grantCredits) {

    /** Scale of the per-credit price shown for reading (it is never used to compute money). */
    public static final int DISPLAY_SCALE = 6;

    /** The value in minor units of {@code credits} of the grant; 0 for a grant of no credits. */
    public long value(long credits) {
        if (grantCredits == 0) {
            return 0;
        }
        return BigDecimal.valueOf(Math.multiplyExact(credits, priceMinor))
                .divide(BigDecimal.valueOf(grantCredits), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /** The price per credit in minor units, for display only, {@value #DISPLAY_SCALE} decimals half-even. */
    public BigDecimal perCredit() {
        if (grantCredits == 0) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(priceMinor)
                .divide(BigDecimal.valueOf(grantCredits), DISPLAY_SCALE, RoundingMode.HALF_EVEN);
    }
}
