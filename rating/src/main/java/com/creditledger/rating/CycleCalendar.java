package com.creditledger.rating;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Billing cycle boundaries (SPEC R2). Boundary k is the anchor's day-of-month in the k-th month
 * after the anchor, at 00:00Z, clamped to that month's last day; boundary 0 is the anchor.
 *
 * <p>Each boundary is computed from the anchor directly, never by chaining {@code plusMonths}:
 * chaining would carry a clamp forward (Jan 31 → Feb 28 → Mar 28).
 */
public final class CycleCalendar {

    private CycleCalendar() {}

    public static Instant boundary(LocalDate anchor, long k) {
        if (k < 0) {
            throw new IllegalArgumentException("boundary index must not be negative: " + k);
        }
        YearMonth month = YearMonth.from(anchor).plusMonths(k);
        int day = Math.min(anchor.getDayOfMonth(), month.lengthOfMonth());
        return month.atDay(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
