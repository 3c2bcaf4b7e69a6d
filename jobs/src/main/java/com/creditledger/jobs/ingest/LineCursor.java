package com.creditledger.jobs.ingest;

import java.io.IOException;

/**
 * Reads the text of the current line of a {@link LineSource} character by character across its
 * chunks, for the CSV and JSON Lines parsers. A parser takes slices of the current chunk where it
 * can; a value that spans chunks (only in a line over {@link LineSource#MAX_CHUNK_BYTES}) is
 * gathered in {@link #value}, kept to its first {@value #KEEP_CHARS} characters: any value that
 * long is over the 256-character limit whatever the rest, so nothing the checks decide is lost.
 */
abstract class LineCursor {

    /** The characters of a value kept when it spans chunks (at least 512 code points, over 256). */
    static final int KEEP_CHARS = 1024;

    /** Returned by a parse step that found the line malformed; {@link #problem} says why. */
    static final String FAIL = new String("(malformed)");

    final LineSource line;
    final StringBuilder value = new StringBuilder(64);
    String s;
    int i;
    int n;
    /** Whether a value was cut to {@link #KEEP_CHARS}. */
    boolean cut;
    /** Why the line is malformed, or {@code null}. */
    String problem;

    LineCursor(LineSource line) {
        this.line = line;
    }

    /** Starts on the current line's first chunk, whose text is given. */
    final void begin(String firstChunk) {
        s = firstChunk;
        i = 0;
        n = s.length();
        cut = false;
        problem = null;
    }

    /** The character at the cursor, reading on into the line's next chunks, or -1 at its end. */
    final int peek() throws IOException {
        while (i == n) {
            if (problem != null || !line.nextChunk()) {
                return -1;
            }
            String text = line.text();
            if (text == null) {
                fail(line.whyNotText());
                return -1;
            }
            s = text;
            i = 0;
            n = text.length();
        }
        return s.charAt(i);
    }

    /** {@link #peek()}, then moves past the character. */
    final int next() throws IOException {
        int c = peek();
        if (c >= 0) {
            i++;
        }
        return c;
    }

    /** Marks the line malformed (the first reason given stays) and returns {@link #FAIL}. */
    final String fail(String why) {
        if (problem == null) {
            problem = why;
        }
        return FAIL;
    }

    /** Appends {@code text[from, to)} to {@link #value}, up to {@link #KEEP_CHARS} in all. */
    final void keep(String text, int from, int to) {
        int room = KEEP_CHARS - value.length();
        if (to - from <= room) {
            value.append(text, from, to);
        } else {
            value.append(text, from, from + Math.max(room, 0));
            cut = true;
        }
    }

    /** Appends one character to {@link #value}, up to {@link #KEEP_CHARS} in all. */
    final void keep(char c) {
        if (value.length() < KEEP_CHARS) {
            value.append(c);
        } else {
            cut = true;
        }
    }

    /** What {@link #value} holds, {@code null} for the empty text (an absent value). */
    final String kept() {
        return value.isEmpty() ? null : value.toString();
    }
}
