package com.creditledger.jobs.demo;

import java.time.DayOfWeek;

/** When traffic happens: the weekday and hour-of-day rhythm, and exact splits of row counts by it. */
final class Rhythm {

    static final int SECONDS_PER_DAY = 86_400;
    static final int MINUTES_PER_DAY = 1_440;

    /** Relative traffic per UTC hour: a global user base, quiet at night in the Americas and Europe. */
    private static final double[] HOUR_WEIGHTS = {
        0.45, 0.40, 0.35, 0.30, 0.30, 0.35, 0.50, 0.70, 0.90, 1.00, 1.05, 1.10,
        1.20, 1.30, 1.40, 1.40, 1.35, 1.25, 1.10, 0.95, 0.85, 0.75, 0.65, 0.55
    };

    private Rhythm() {}

    /** The weekday factor of each day of the period. */
    static double[] dayFactors(DatasetGenerator.Spec spec) {
        double[] factors = new double[spec.days()];
        for (int d = 0; d < spec.days(); d++) {
            factors[d] = weekdayFactor(spec.start().plusDays(d).getDayOfWeek());
        }
        return factors;
    }

    /** The relative traffic of each minute of a day. */
    static double[] minuteWeights() {
        double[] weights = new double[MINUTES_PER_DAY];
        for (int m = 0; m < MINUTES_PER_DAY; m++) {
            weights[m] = HOUR_WEIGHTS[m / 60];
        }
        return weights;
    }

    /** Splits {@code total} in proportion to {@code weights} by cumulative rounding: exact sum. */
    static long[] apportion(long total, double[] weights, double weightTotal) {
        long[] out = new long[weights.length];
        if (total == 0 || weightTotal <= 0) {
            return out;
        }
        double cumulative = 0;
        long assigned = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            long upTo = i == weights.length - 1 ? total : Math.round(total * (cumulative / weightTotal));
            upTo = Math.min(total, Math.max(assigned, upTo));
            out[i] = upTo - assigned;
            assigned = upTo;
        }
        return out;
    }

    private static double weekdayFactor(DayOfWeek day) {
        return switch (day) {
            case MONDAY -> 1.00;
            case TUESDAY -> 1.06;
            case WEDNESDAY -> 1.08;
            case THURSDAY -> 1.05;
            case FRIDAY -> 0.92;
            case SATURDAY -> 0.58;
            case SUNDAY -> 0.52;
        };
    }
}
