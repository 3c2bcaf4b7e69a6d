package com.creditledger.jobs.ingest;

import com.creditledger.rating.QuarantineReason;

/** The outcome of the ingest checks for one record: {@link Accepted} or {@link Rejected}. */
public sealed interface Validation {

    /**
     * The record passed checks 1–8.
     *
     * @param record the typed record
     */
    record Accepted(RequestRecord record) implements Validation {}

    /**
     * The record failed a check and goes to the quarantine.
     *
     * @param reason the first failing check
     * @param requestId the record's {@code request_id} when present and at most 256 characters,
     *     else {@code null} (always {@code null} for {@link QuarantineReason#MALFORMED_ROW})
     * @param field the offending field, {@code null} for {@link QuarantineReason#MALFORMED_ROW}
     * @param detail for people: what was wrong and what was found, about 80 characters at most
     */
    record Rejected(QuarantineReason reason, String requestId, String field, String detail) implements Validation {}
}
