package com.creditledger.jobs.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits a character stream into physical lines and counts them. A line ends at LF; a CR right
 * before the LF (CRLF) is part of the terminator, so LF and CRLF may be mixed in one file. A lone CR
 * is an ordinary character. A CR as the very last character of the stream is dropped. A UTF-8 byte
 * order mark (U+FEFF) at the start of the stream is skipped.
 */
final class LineScanner {

    /** The stream ended without a terminator after the line. */
    static final int EOF = 0;
    /** The line ended with LF. */
    static final int LF = 1;
    /** The line ended with CR LF. */
    static final int CRLF = 2;

    private final Reader in;
    private final char[] buf;
    private int pos;
    private int limit;
    private boolean atStart = true;
    private boolean eof;
    private long lineNumber;
    private int terminator = EOF;
    private boolean truncated;
    private boolean droppedQuotesOdd;

    LineScanner(Reader in, int bufferSize) {
        this.in = in;
        this.buf = new char[bufferSize];
    }

    /** The 1-based number of the line last read by {@link #readLine}, 0 before the first. */
    long lineNumber() {
        return lineNumber;
    }

    /** How the line last read ended: {@link #EOF}, {@link #LF} or {@link #CRLF}. */
    int terminator() {
        return terminator;
    }

    /** Whether the line last read was longer than the cap and only its start was appended. */
    boolean truncated() {
        return truncated;
    }

    /**
     * Whether the part of the line last read that was dropped over the cap held an odd number of
     * double quotes (so a CSV reader can still tell whether a quoted field is open after the line).
     */
    boolean droppedQuotesOdd() {
        return droppedQuotesOdd;
    }

    /**
     * Appends the next line, without its terminator, to {@code out}, keeping at most {@code cap}
     * characters of {@code out} in total; the rest of an over-long line is read and discarded (see
     * {@link #truncated()}).
     *
     * @return {@code false} at the end of the stream (nothing was read)
     */
    boolean readLine(StringBuilder out, int cap) throws IOException {
        truncated = false;
        droppedQuotesOdd = false;
        if (pos >= limit && !fill()) {
            return false;
        }
        int start = out.length();
        boolean lastWasCr = false; // for a CR that ended the previous chunk of a line over the cap
        while (true) {
            int lf = -1;
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            int end = lf < 0 ? limit : lf;
            if (end > pos) {
                int room = cap - out.length();
                if (room >= end - pos) {
                    out.append(buf, pos, end - pos);
                } else {
                    int kept = Math.max(room, 0);
                    out.append(buf, pos, kept);
                    for (int i = pos + kept; i < end; i++) {
                        if (buf[i] == '"') {
                            droppedQuotesOdd = !droppedQuotesOdd;
                        }
                    }
                    truncated = true;
                }
                lastWasCr = buf[end - 1] == '\r';
            }
            if (lf >= 0) {
                pos = lf + 1;
                lineNumber++;
                if (lastWasCr) {
                    dropTrailingCr(out, start);
                    terminator = CRLF;
                } else {
                    terminator = LF;
                }
                return true;
            }
            pos = limit;
            if (!fill()) {
                lineNumber++;
                if (lastWasCr) {
                    dropTrailingCr(out, start);
                }
                terminator = EOF;
                return true;
            }
        }
    }

    private static void dropTrailingCr(StringBuilder out, int start) {
        int n = out.length();
        if (n > start && out.charAt(n - 1) == '\r') {
            out.setLength(n - 1);
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        if (atStart) {
            atStart = false;
            if (buf[0] == '\uFEFF') {
                pos = 1;
                if (limit == 1) {
                    return fill();
                }
            }
        }
        return true;
    }
}
