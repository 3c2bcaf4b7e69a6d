/**
 * Ingest of AI request logs (SPEC §3 "request logs", §4 "Ingest and quarantine"): streaming
 * readers for CSV and JSON Lines files (optionally gzip-compressed) that read bytes, never past a
 * line break, and turn every physical line into a {@link com.creditledger.jobs.ingest.RawRecord}
 * (bytes that are not text are kept as bytes, never replaced), and the {@link
 * com.creditledger.jobs.ingest.RequestValidator} that applies the ingest checks 1–8 and either
 * accepts a record as a typed {@link com.creditledger.jobs.ingest.RequestRecord} or rejects it with
 * a {@link com.creditledger.rating.QuarantineReason}.
 *
 * <p>The classes here are plain Java, free of Spring, and not thread-safe unless stated otherwise.
 */
package com.creditledger.jobs.ingest;
