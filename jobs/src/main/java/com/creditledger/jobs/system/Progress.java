package com.creditledger.jobs.system;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * Logs a long step's progress at a steady cadence (every 10 seconds): how far, how fast, and, when
 * the total is known, an estimate of the time left. Cheap to call for every record.
 */
public final class Progress {

    private static final long CADENCE = Duration.ofSeconds(10).toNanos();

    private final Logger log;
    private final String what;
    private final String unit;
    private final long started = System.nanoTime();
    private long nextReport = started + CADENCE;

    public Progress(Logger log, String what, String unit) {
        this.log = log;
        this.what = what;
        this.unit = unit;
    }

    /**
     * Reports if it is time: {@code done} units so far, and ({@code fraction} between 0 and 1, or a
     * negative number when unknown) the share of the work done, for the estimate.
     */
    public void update(long done, double fraction) {
        long now = System.nanoTime();
        if (now < nextReport) {
            return;
        }
        nextReport = now + CADENCE;
        double seconds = (now - started) / 1e9;
        String eta = "";
        if (fraction > 0 && fraction < 1) {
            long left = Math.round(seconds / fraction - seconds);
            eta = String.format(", about %d:%02d left", left / 60, left % 60);
        }
        log.info(
                "{}: {} {} ({} {}/s){}",
                what,
                String.format("%,d", done),
                unit,
                String.format("%,d", Math.round(done / seconds)),
                unit,
                eta);
    }
}
