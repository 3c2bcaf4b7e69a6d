package com.creditledger.rating;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

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

    /** Cycle {@code index} of a workspace: from boundary {@code index} to boundary {@code index + 1}. */
    public record Cycle(long index, Instant start, Instant end) {}

    /**
     * The cycle that ends in {@code month} (its end, a boundary, falls in the month; a statement's
     * month): boundaries fall one per month, so there is at most one, and none before the first
     * cycle has ended.
     */
    public static Optional<Cycle> endingIn(LocalDate anchor, YearMonth month) {
        long endIndex = YearMonth.from(anchor).until(month, ChronoUnit.MONTHS);
        if (endIndex < 1) {
            return Optional.empty();
        }
        return Optional.of(new Cycle(endIndex - 1, boundary(anchor, endIndex - 1), boundary(anchor, endIndex)));
    }
}
