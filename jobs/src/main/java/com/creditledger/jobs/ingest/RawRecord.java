package com.creditledger.jobs.ingest;

import java.util.Map;

/**
 * One record of a request log as read, before validation: one physical line.
 *
 * @param line the 1-based physical line of the file (for CSV the header is line 1)
 * @param fields field name to value, {@code null} when the line is malformed (see {@link
 *     RequestLogReader}); an empty cell, an empty JSON string and JSON {@code null} are absent from
 *     the map. Unknown columns are kept. The map is unmodifiable.
 * @param problem why the line is malformed, for people; {@code null} when it is not
 * @param raw the line's text without its terminator, for the quarantine; {@code null} when its
 *     bytes are not text ({@link #rawBytes()} then holds them)
 * @param rawBytes the line's bytes, unchanged, when they are not valid UTF-8 or hold a NUL (which
 *     PostgreSQL's {@code text} cannot store); else {@code null}
 * @param cut whether the line was longer than the reader keeps: {@code raw} or {@code rawBytes}
 *     then hold only its first {@link LineSource#MAX_CHUNK_BYTES} bytes, and a value longer than
 *     {@link LineCursor#KEEP_CHARS} characters (far over the 256 allowed) only its start
 */
public record RawRecord(
        long line, Map<String, String> fields, String problem, String raw, byte[] rawBytes, boolean cut) {

    /** A line split into fields. */
    static RawRecord of(long line, Map<String, String> fields, String raw, boolean cut) {
        return new RawRecord(line, fields, null, raw, null, cut);
    }

    /** A line of text that could not be split into fields. */
    static RawRecord malformed(long line, String problem, String raw, boolean cut) {
        return new RawRecord(line, null, problem, raw, null, cut);
    }

    /** A line whose bytes are not text. */
    static RawRecord undecodable(long line, String problem, byte[] rawBytes, boolean cut) {
        return new RawRecord(line, null, problem, null, rawBytes, cut);
    }

    /** Whether the record could not be split into fields ({@link #fields()} is {@code null}). */
    public boolean malformed() {
        return fields == null;
    }
}
