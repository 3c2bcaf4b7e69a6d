package com.creditledger.jobs.ingest;

import java.util.Map;

/**
 * One record of a request log as read, before validation.
 *
 * @param line the 1-based physical line on which the record starts (for CSV the header is line 1; a
 *     record spanning several lines keeps the number of its first line)
 * @param fields field name to value, {@code null} when the record is malformed (wrong number of
 *     fields for the header, not RFC 4180, unparsable JSON, a JSON object or array as a value, a JSON
 *     top level that is not an object, or a record over the reader's size cap); an empty cell, an
 *     empty JSON string and JSON {@code null} are absent from the map. Unknown columns are kept. The
 *     map is unmodifiable.
 * @param raw the record's original text without its final line terminator (line breaks inside a
 *     multi-line CSV record are kept as they were), for the quarantine table
 */
public record RawRecord(long line, Map<String, String> fields, String raw) {

    /** Whether the record could not be split into fields ({@link #fields()} is {@code null}). */
    public boolean malformed() {
        return fields == null;
    }
}
