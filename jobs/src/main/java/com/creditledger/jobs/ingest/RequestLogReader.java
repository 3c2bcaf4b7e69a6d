package com.creditledger.jobs.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Streams the records of one request log file (SPEC §3, §4) as {@link RawRecord}s, one at a time,
 * with memory that does not grow with the file.
 *
 * <p><b>Format.</b> After stripping a trailing {@code .gz} from the file name, a name ending in
 * {@code .jsonl} is read as JSON Lines, anything else as CSV with a header row. Gzip compression is
 * detected by the magic bytes {@code 1f 8b}, whatever the name. Text is UTF-8 (malformed bytes
 * become U+FFFD); a byte order mark is skipped.
 *
 * <p><b>Lines.</b> Physical lines end in LF or CRLF, mixed freely; a lone CR is an ordinary
 * character. Lines are counted from 1 (for CSV the header is line 1), and every record carries the
 * number of the line it starts on. Blank lines (empty or only whitespace) between records are
 * skipped but counted.
 *
 * <p><b>CSV</b> is RFC 4180: a field starting with a double quote is quoted and may hold commas,
 * doubled quotes and line breaks (kept as they are in the file); a quote inside an unquoted field is
 * taken literally. A record is malformed ({@link RawRecord#fields()} {@code null}) when its number
 * of fields differs from the header's, when anything but a comma or the end of the line follows a
 * closing quote, or when a quoted field is still open at the end of the file (everything from the
 * record's first line to the end of the file is then that one malformed record). Header names are
 * trimmed; a header naming a column twice is refused with an {@link IOException}.
 *
 * <p><b>JSON Lines</b>: each non-blank line is one JSON object whose values are strings, numbers
 * (kept as their source text, e.g. {@code 10} or {@code 12.5}), booleans ({@code true}/{@code
 * false}) or {@code null} (absent). A line that is not exactly one JSON object, that repeats a key,
 * or that has an object or array as a value is malformed.
 *
 * <p><b>Size cap.</b> A record longer than {@value #MAX_RECORD_CHARS} characters (which no valid
 * record can be: every field is at most 256 characters) is malformed and its raw text is cut at the
 * cap, so a runaway quote or a file without line breaks cannot exhaust memory.
 *
 * <p>Not thread-safe.
 */
public final class RequestLogReader implements Closeable {

    /** The longest record, in characters, that is split into fields; longer ones are malformed. */
    public static final int MAX_RECORD_CHARS = 1 << 20;

    private static final int CHAR_BUFFER = 1 << 16;
    private static final int BYTE_BUFFER = 1 << 16;
    private static final int SKIP_CHUNK = 1 << 12;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String sourceName;
    private final boolean jsonLines;
    private final BufferedReader reader;
    private final LineScanner lines;
    private final StringBuilder raw = new StringBuilder(1024);
    private final StringBuilder quoted = new StringBuilder(256);
    private String[] scratch = new String[32];
    private CsvRow.Header header;

    private RequestLogReader(String sourceName, boolean jsonLines, BufferedReader reader) {
        this.sourceName = sourceName;
        this.jsonLines = jsonLines;
        this.reader = reader;
        this.lines = new LineScanner(reader, CHAR_BUFFER);
    }

    /**
     * Opens a request log; for CSV the header row is read at once.
     *
     * @throws IOException if the file cannot be read, or a CSV header names a column twice
     */
    public static RequestLogReader open(Path file) throws IOException {
        String name = file.getFileName().toString();
        String base = endsWithIgnoreCase(name, ".gz") ? name.substring(0, name.length() - 3) : name;
        boolean jsonLines = endsWithIgnoreCase(base, ".jsonl");
        InputStream in = Files.newInputStream(file);
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, BYTE_BUFFER);
            buffered.mark(2);
            int b1 = buffered.read();
            int b2 = buffered.read();
            buffered.reset();
            InputStream data = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, BYTE_BUFFER) : buffered;
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), CHAR_BUFFER);
            RequestLogReader result = new RequestLogReader(name, jsonLines, reader);
            if (!jsonLines) {
                try {
                    result.readHeader();
                } catch (IOException | RuntimeException e) {
                    result.close();
                    throw e;
                }
            }
            return result;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The file's name without folders, as the quarantine's {@code source} column. */
    public String sourceName() {
        return sourceName;
    }

    /**
     * The next record, or {@code null} at the end of the file.
     *
     * @throws IOException if the file cannot be read (a bad record is not an exception)
     */
    public RawRecord next() throws IOException {
        return jsonLines ? nextJson() : nextCsv();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    // ---------------------------------------------------------------- CSV

    private void readHeader() throws IOException {
        while (true) {
            raw.setLength(0);
            if (!lines.readLine(raw, MAX_RECORD_CHARS)) {
                return; // empty file: no header, no records
            }
            if (!isBlank(raw)) {
                break;
            }
        }
        int n = splitCsv();
        if (n < 0) {
            throw new IOException(sourceName + ": the CSV header on line " + lines.lineNumber() + " cannot be read");
        }
        String[] names = new String[n];
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String name = scratch[i] == null ? "" : scratch[i].strip();
            names[i] = name;
            if (index.put(name, i) != null) {
                throw new IOException(sourceName + ": the CSV header names the column '" + name + "' twice");
            }
        }
        header = new CsvRow.Header(names, index);
    }

    private RawRecord nextCsv() throws IOException {
        if (header == null) {
            return null;
        }
        while (true) {
            raw.setLength(0);
            if (!lines.readLine(raw, MAX_RECORD_CHARS)) {
                return null;
            }
            if (isBlank(raw)) {
                continue;
            }
            long line = lines.lineNumber();
            int n = splitCsv();
            if (n != header.names.length) {
                return new RawRecord(line, null, raw.toString());
            }
            return new RawRecord(line, new CsvRow(header, Arrays.copyOf(scratch, n)), raw.toString());
        }
    }

    /**
     * Splits the record whose first line is in {@link #raw} into {@link #scratch}, reading further
     * physical lines while a quoted field is open.
     *
     * @return the number of fields, or -1 when the record is malformed
     */
    private int splitCsv() throws IOException {
        if (lines.truncated()) {
            skipRestOfRecord(oddQuotes(raw, 0) ^ lines.droppedQuotesOdd());
            return -1;
        }
        int count = 0;
        int i = 0;
        while (true) {
            int len = raw.length();
            if (i < len && raw.charAt(i) == '"') {
                // quoted field
                i++;
                quoted.setLength(0);
                while (true) {
                    int close = indexOf(raw, '"', i);
                    if (close < 0) {
                        quoted.append(raw, i, raw.length());
                        i = raw.length();
                        if (!appendNextLine()) {
                            return -1;
                        }
                        continue;
                    }
                    quoted.append(raw, i, close);
                    if (close + 1 < raw.length() && raw.charAt(close + 1) == '"') {
                        quoted.append('"');
                        i = close + 2;
                        continue;
                    }
                    i = close + 1;
                    break;
                }
                count = add(count, quoted.length() == 0 ? null : quoted.toString());
                len = raw.length();
                if (i == len) {
                    return count;
                }
                if (raw.charAt(i) != ',') {
                    return -1; // text after a closing quote
                }
                i++;
            } else {
                int comma = indexOf(raw, ',', i);
                int end = comma < 0 ? len : comma;
                count = add(count, end == i ? null : raw.substring(i, end));
                if (comma < 0) {
                    return count;
                }
                i = comma + 1;
            }
        }
    }

    /**
     * Appends the line break and the next physical line to {@link #raw} for an open quoted field.
     *
     * @return {@code false} when the file ends first or the record grows over the cap (the record is
     *     malformed; for the cap, the rest of the record is skipped)
     */
    private boolean appendNextLine() throws IOException {
        int terminator = lines.terminator();
        if (terminator == LineScanner.EOF) {
            return false;
        }
        int before = raw.length();
        raw.append(terminator == LineScanner.CRLF ? "\r\n" : "\n");
        int lineStart = raw.length();
        if (!lines.readLine(raw, MAX_RECORD_CHARS)) {
            raw.setLength(before); // the file ends in the quoted field: raw without the final break
            return false;
        }
        if (lines.truncated() || raw.length() >= MAX_RECORD_CHARS) {
            // the quote was open at the start of the line
            skipRestOfRecord(!(oddQuotes(raw, lineStart) ^ lines.droppedQuotesOdd()));
            return false;
        }
        return true;
    }

    /**
     * For a record over the cap: cuts {@link #raw} at the cap and, while a quoted field is open,
     * reads on (tracking only the parity of double quotes) to the line on which the record ends.
     */
    private void skipRestOfRecord(boolean quoteOpen) throws IOException {
        if (raw.length() > MAX_RECORD_CHARS) {
            raw.setLength(MAX_RECORD_CHARS);
        }
        boolean open = quoteOpen;
        while (open && lines.terminator() != LineScanner.EOF) {
            quoted.setLength(0);
            if (!lines.readLine(quoted, SKIP_CHUNK)) {
                break;
            }
            open ^= oddQuotes(quoted, 0) ^ lines.droppedQuotesOdd();
        }
        quoted.setLength(0);
    }

    /** Whether the number of double quotes in {@code text} from {@code from} is odd. */
    private static boolean oddQuotes(CharSequence text, int from) {
        boolean odd = false;
        for (int i = from, n = text.length(); i < n; i++) {
            if (text.charAt(i) == '"') {
                odd = !odd;
            }
        }
        return odd;
    }

    private int add(int count, String value) {
        if (count == scratch.length) {
            scratch = Arrays.copyOf(scratch, count * 2);
        }
        scratch[count] = value;
        return count + 1;
    }

    private static int indexOf(StringBuilder text, char c, int from) {
        for (int i = from, n = text.length(); i < n; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- JSON Lines

    private RawRecord nextJson() throws IOException {
        while (true) {
            raw.setLength(0);
            if (!lines.readLine(raw, MAX_RECORD_CHARS)) {
                return null;
            }
            if (isBlank(raw)) {
                continue;
            }
            long line = lines.lineNumber();
            String text = raw.toString();
            if (lines.truncated()) {
                return new RawRecord(line, null, text);
            }
            return new RawRecord(line, parseJsonObject(text), text);
        }
    }

    /** The fields of a one-line JSON object, or {@code null} when it is not one (see class doc). */
    static Map<String, String> parseJsonObject(String text) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (value) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        String s = parser.getString();
                        if (!s.isEmpty()) {
                            fields.put(name, s);
                        }
                    }
                    case VALUE_TRUE -> fields.put(name, "true");
                    case VALUE_FALSE -> fields.put(name, "false");
                    case VALUE_NULL -> {
                        // absent
                    }
                    default -> {
                        return null; // nested object or array
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
            return Collections.unmodifiableMap(fields);
        } catch (JacksonException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isBlank(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
