package com.creditledger.jobs.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * What ingesting one file did. {@code records = accepted + duplicates + quarantined} at ingest;
 * rating may quarantine more of the accepted ones later.
 */
public record IngestSummary(
        String source,
        String sha256,
        boolean skipped,
        long records,
        long accepted,
        long duplicates,
        Map<String, Long> quarantinedByReason,
        double seconds) {

    public long quarantined() {
        return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The one-screen summary printed after an ingest. */
    public String describe() {
        if (skipped) {
            return source + ": skipped, this file (sha256 " + sha256.substring(0, 12)
                    + "…) was ingested before; ingesting it again changes nothing";
        }
        StringBuilder text = new StringBuilder();
        text.append(source)
                .append(": read ")
                .append(records)
                .append(", accepted ")
                .append(accepted)
                .append(", duplicates ")
                .append(duplicates)
                .append(", quarantined ")
                .append(quarantined());
        text.append(String.format(
                " in %.1f s (%,.0f records/s)", seconds, seconds > 0 ? records / seconds : (double) records));
        new TreeMap<>(quarantinedByReason)
                .forEach((reason, count) -> text.append(System.lineSeparator())
                        .append("    ")
                        .append(reason)
                        .append(": ")
                        .append(count));
        return text.toString();
    }
}
