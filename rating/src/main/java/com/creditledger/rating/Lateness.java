package com.creditledger.rating;

import java.time.Instant;

/**
 * R9 lateness: an event is processed at its own instant, unless the watermark (the greatest
 * through of any rate run started) has passed it when it is loaded; then it is processed at the
 * watermark, so that it lands in the next run instead of changing a finished one.
 */
public final class Lateness {

    private Lateness() {}

    /**
     * When an event of instant {@code at} is processed, loaded while the watermark is {@code
     * watermark} (null before the first rate run).
     */
    public static Instant processAt(Instant at, Instant watermark) {
        return watermark != null && at.isBefore(watermark) ? watermark : at;
    }
}
