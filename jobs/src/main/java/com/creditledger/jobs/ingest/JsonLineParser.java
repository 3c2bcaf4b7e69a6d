package com.creditledger.jobs.ingest;

import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads one physical line of a JSON Lines request log as one JSON object (RFC 8259, strictly: no
 * comments, no trailing comma, no leading zeros, no single quotes) whose values are strings, numbers,
 * {@code true}, {@code false} or {@code null} (SPEC §4). A value is kept as text: a string as
 * decoded, a number as written ({@code 10}, {@code 1000.0}, {@code 1e3}), a boolean as {@code
 * true}/{@code false}; {@code null} and the empty string are absent. The line is malformed when it is
 * not exactly one such object, when a key appears twice, when a value is an object or an array, or
 * when a string (key or value) holds a NUL ({@code \u0000}) or a lone surrogate ({@code \ud800}),
 * which could not be stored as text, only replaced.
 *
 * <p>Not thread-safe.
 */
final class JsonLineParser extends LineCursor {

    private final Set<String> names = new HashSet<>();
    private final StringBuilder number = new StringBuilder(24);

    JsonLineParser(LineSource line) {
        super(line);
    }

    /**
     * Parses the current line, from its first chunk (which must be text) to its end.
     *
     * @return the fields, unmodifiable, in the order of the line, or {@code null} when the line is
     *     malformed ({@link #problem} says why)
     */
    Map<String, String> parse() throws IOException {
        begin(line.text());
        names.clear();
        skipWhitespace();
        if (next() != '{') {
            fail("not a JSON object");
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            i++;
        } else {
            while (true) {
                if (next() != '"') {
                    fail("a JSON key that is not a string");
                    return null;
                }
                String name = string();
                if (name == FAIL) {
                    return null;
                }
                if (!names.add(name)) {
                    fail("the key " + RequestValidator.shown(name) + " twice");
                    return null;
                }
                skipWhitespace();
                if (next() != ':') {
                    fail("no colon after a JSON key");
                    return null;
                }
                skipWhitespace();
                String value = value(name);
                if (value == FAIL) {
                    return null;
                }
                if (value != null && !value.isEmpty()) {
                    fields.put(name, value);
                }
                skipWhitespace();
                int c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    fail("no comma or closing brace after a JSON value");
                    return null;
                }
                skipWhitespace();
                if (peek() == '}') {
                    fail("a trailing comma in a JSON object");
                    return null;
                }
            }
        }
        skipWhitespace();
        if (peek() >= 0) {
            fail("text after the JSON object");
        }
        return problem == null ? Collections.unmodifiableMap(fields) : null;
    }

    /** A value as text, {@code null} for JSON {@code null}, or {@link #FAIL}. */
    private String value(String name) throws IOException {
        int c = peek();
        switch (c) {
            case '"' -> {
                i++;
                return string();
            }
            case 't' -> {
                return literal("true") ? "true" : FAIL;
            }
            case 'f' -> {
                return literal("false") ? "false" : FAIL;
            }
            case 'n' -> {
                return literal("null") ? null : FAIL;
            }
            case '{', '[' -> {
                return fail("an object or array as the value of " + RequestValidator.shown(name));
            }
            default -> {
                if (c == '-' || isDigit(c)) {
                    return number();
                }
                return fail("no JSON value for " + RequestValidator.shown(name));
            }
        }
    }

    private boolean literal(String word) throws IOException {
        for (int k = 0; k < word.length(); k++) {
            if (next() != word.charAt(k)) {
                fail("not a JSON value");
                return false;
            }
        }
        return true;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, as written. */
    private String number() throws IOException {
        number.setLength(0);
        if (peek() == '-') {
            take();
        }
        int c = peek();
        if (c == '0') {
            take();
        } else if (isDigit(c)) {
            takeDigits();
        } else {
            return fail("a JSON number without digits");
        }
        if (peek() == '.') {
            take();
            if (!isDigit(peek())) {
                return fail("a JSON number without digits after its point");
            }
            takeDigits();
        }
        c = peek();
        if (c == 'e' || c == 'E') {
            take();
            c = peek();
            if (c == '+' || c == '-') {
                take();
            }
            if (!isDigit(peek())) {
                return fail("a JSON number without digits in its exponent");
            }
            takeDigits();
        }
        return number.toString();
    }

    private void takeDigits() throws IOException {
        while (isDigit(peek())) {
            take();
        }
    }

    /** Moves the character at the cursor into {@link #number}, up to {@link #KEEP_CHARS}. */
    private void take() throws IOException {
        int c = next();
        if (number.length() < KEEP_CHARS) {
            number.append((char) c);
        } else {
            cut = true;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A string's text, after its opening quote, up to and past its closing quote. */
    private String string() throws IOException {
        int start = i;
        boolean gathered = false;
        value.setLength(0);
        while (true) {
            String t = s;
            int end = n;
            int j = i;
            char c = 0;
            while (j < end) {
                c = t.charAt(j);
                if (c == '"' || c == '\\' || c < 0x20) {
                    break;
                }
                j++;
            }
            if (j == end) { // the chunk ends inside the string
                keep(t, start, end);
                gathered = true;
                i = end;
                if (peek() < 0) {
                    return fail("a JSON string that does not end on its line");
                }
                start = i;
                continue;
            }
            if (c == '"') {
                i = j + 1;
                if (!gathered) {
                    return t.substring(start, j);
                }
                keep(t, start, j);
                return value.toString();
            }
            if (c < 0x20) {
                return fail("a control character in a JSON string");
            }
            keep(t, start, j);
            gathered = true;
            i = j + 1;
            if (!escape()) {
                return FAIL;
            }
            start = i;
        }
    }

    /** The escape after a backslash, appended to {@link #value}. */
    private boolean escape() throws IOException {
        int e = next();
        switch (e) {
            case '"', '\\', '/' -> keep((char) e);
            case 'b' -> keep('\b');
            case 'f' -> keep('\f');
            case 'n' -> keep('\n');
            case 'r' -> keep('\r');
            case 't' -> keep('\t');
            case 'u' -> {
                int unit = hex4();
                if (unit < 0) {
                    fail("a \\u escape without four hex digits");
                    return false;
                }
                if (unit == 0) {
                    fail("a NUL (\\u0000) in a JSON string");
                    return false;
                }
                if (Character.isLowSurrogate((char) unit)) {
                    fail("a lone surrogate in a JSON string");
                    return false;
                }
                if (Character.isHighSurrogate((char) unit)) {
                    int low = next() == '\\' && next() == 'u' ? hex4() : -1;
                    if (low < 0 || !Character.isLowSurrogate((char) low)) {
                        fail("a lone surrogate in a JSON string");
                        return false;
                    }
                    keep((char) unit);
                    keep((char) low);
                } else {
                    keep((char) unit);
                }
            }
            default -> {
                fail("a bad escape in a JSON string");
                return false;
            }
        }
        return true;
    }

    private int hex4() throws IOException {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int c = next();
            int d = c >= '0' && c <= '9'
                    ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private void skipWhitespace() throws IOException {
        while (true) {
            int c = peek();
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            i++;
        }
    }
}
