package com.creditledger.jobs.ingest;

import java.io.IOException;
import java.util.Arrays;

/**
 * Splits one physical line of a request-log CSV into fields (SPEC §4: the CSV is line-oriented).
 * Fields are separated by commas. A field that starts with a double quote is quoted: it ends at the
 * next quote that is not doubled, may hold commas and doubled quotes ({@code ""} is one quote), and
 * must be followed by a comma or the end of the line. A quote anywhere else, in an unquoted field
 * ({@code ab"c}) or after a quoted one ({@code "a"b}), and a quoted field still open at the end of
 * the line, make the line malformed; a quoted field never spans lines. Values are not trimmed; an
 * empty field, quoted or not, is absent ({@code null}).
 *
 * <p>Not thread-safe.
 */
final class CsvLineParser extends LineCursor {

    private String[] fields = new String[32];
    private String quoteChunk;
    private int quoteAt;

    CsvLineParser(LineSource line) {
        super(line);
    }

    /** The fields of the last {@link #split}, valid up to the count it returned. */
    String[] fields() {
        return fields;
    }

    /**
     * Splits the current line, from its first chunk (which must be text) to its end.
     *
     * @param maxFields more fields than this make the line malformed (the rest is not split)
     * @return the number of fields, or -1 when the line is malformed ({@link #problem} says why)
     */
    int split(int maxFields) throws IOException {
        return split(maxFields, line.text());
    }

    /** {@link #split(int)} with the text of the line's first chunk given (the header's may hold a NUL). */
    int split(int maxFields, String firstChunk) throws IOException {
        begin(firstChunk);
        int count = 0;
        while (true) {
            if (count == maxFields) {
                fail("more than the header's " + maxFields + " fields");
                return -1;
            }
            String field = peek() == '"' ? quoted() : unquoted();
            if (field == FAIL) {
                return -1;
            }
            if (count == fields.length) {
                fields = Arrays.copyOf(fields, count * 2);
            }
            fields[count++] = field;
            int c = next(); // a comma, or the end of the line
            if (c < 0) {
                return problem == null ? count : -1; // a later chunk may not have been text
            }
            if (c != ',') {
                fail("text after a closing quote");
                return -1;
            }
        }
    }

    /** An unquoted field, up to the next comma or the end of the line. */
    private String unquoted() throws IOException {
        int start = i;
        boolean gathered = false;
        value.setLength(0);
        while (true) {
            String t = s;
            int end = n;
            int comma = t.indexOf(',', i);
            int j = comma < 0 ? end : comma;
            if (quoteAtOrAfter(i) < j) {
                return fail("a quote inside an unquoted field");
            }
            if (j < end || !line.more()) {
                i = j;
                if (!gathered) {
                    return j == start ? null : t.substring(start, j);
                }
                keep(t, start, j);
                return kept();
            }
            keep(t, start, end);
            gathered = true;
            i = end;
            if (peek() < 0) {
                return problem == null ? kept() : FAIL;
            }
            start = i;
        }
    }

    /**
     * The first quote at or after {@code from} in the current chunk, or its length: found once and
     * reused while the cursor has not passed it (most lines hold no quote), so an unquoted field is
     * one vectorized {@code indexOf} for its comma.
     */
    private int quoteAtOrAfter(int from) {
        if (quoteChunk != s || (quoteAt < from && quoteAt < n)) {
            int q = s.indexOf('"', from);
            quoteAt = q < 0 ? n : q;
            quoteChunk = s;
        }
        return quoteAt;
    }

    /** A quoted field, from its opening quote to just after its closing one. */
    private String quoted() throws IOException {
        i++; // the opening quote
        int start = i;
        boolean gathered = false;
        value.setLength(0);
        while (true) {
            int q = s.indexOf('"', i);
            if (q < 0) {
                keep(s, start, n);
                gathered = true;
                i = n;
                if (peek() < 0) {
                    return fail("a quoted field does not end on its line");
                }
                start = i;
                continue;
            }
            if (q + 1 < n || !line.more()) {
                if (q + 1 < n && s.charAt(q + 1) == '"') { // a doubled quote: one quote of the value
                    keep(s, start, q + 1);
                    gathered = true;
                    i = q + 2;
                    start = i;
                    continue;
                }
                i = q + 1; // the closing quote
                if (!gathered) {
                    return q == start ? null : s.substring(start, q);
                }
                keep(s, start, q);
                return kept();
            }
            // the quote ends a chunk: the next chunk's first character tells a doubled quote
            keep(s, start, q);
            gathered = true;
            i = n;
            if (peek() == '"') {
                keep('"');
                i++;
                start = i;
                continue;
            }
            return problem == null ? kept() : FAIL;
        }
    }
}
