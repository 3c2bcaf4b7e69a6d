package com.creditledger.rating;

import java.time.Instant;

/**
 * R9 lateness: an event is processed at its own instant, unless a rate run has already started
 * past it when it is loaded; then it is processed at that run's cutoff (the greatest through of
 * any run started), so that it lands in the next run instead of changing a finished one.
 */
public final class Lateness {

    private Lateness() {}

    /**
     * When an event of instant {@code at}, loaded while {@code cutoff} is the greatest through of
     * any rate run started (null before the first), is processed.
     */
    public static Instant processAt(Instant at, Instant cutoff) {
        return cutoff != null && at.isBefore(cutoff) ? cutoff : at;
    }
}
