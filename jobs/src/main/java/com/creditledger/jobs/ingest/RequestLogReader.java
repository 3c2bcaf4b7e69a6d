package com.creditledger.jobs.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Streams the records of one request log file (SPEC §3, §4) as {@link RawRecord}s, one at a time,
 * with memory that does not grow with the file or with a line.
 *
 * <p><b>Format.</b> After stripping a trailing {@code .gz} from the file name, a name ending in
 * {@code .jsonl} is read as JSON Lines, anything else as CSV with a header row. Gzip compression is
 * detected by the magic bytes {@code 1f 8b}, whatever the name.
 *
 * <p><b>Lines.</b> The file is read as bytes and split into physical lines by {@link LineSource}
 * (LF or CRLF, mixed freely; a byte order mark is skipped). Each physical line is exactly one
 * record, so a bad line never costs another one; lines are counted from 1 (for CSV the header is
 * line 1). Blank lines (empty or only whitespace) are skipped but counted. A line whose bytes are
 * not valid UTF-8 or hold a NUL is malformed; its bytes are kept unchanged ({@link
 * RawRecord#rawBytes()}), never replaced.
 *
 * <p><b>CSV</b>: each line is split by {@link CsvLineParser} (a quoted field may hold commas and
 * doubled quotes, never a line break; any other quote makes the line malformed). A line is
 * malformed when it is not that grammar or its number of fields differs from the header's. Header
 * names are trimmed; a header naming a column twice, not UTF-8, or not that grammar is refused
 * with an {@link IOException}.
 *
 * <p><b>JSON Lines</b>: each non-blank line is one JSON object read by {@link JsonLineParser}
 * (values as text, {@code null} absent; an object or array as a value, a repeated key, a NUL or a
 * lone surrogate make the line malformed).
 *
 * <p><b>Long lines.</b> A line over {@link LineSource#MAX_CHUNK_BYTES} bytes is still read to its
 * end and judged whole (a 10 MB value in a line with the right fields is a value that is too long,
 * not a malformed line), but only its first bytes are kept as its raw text and only the start of
 * each long value (see {@link RawRecord#cut()}).
 *
 * <p>Not thread-safe.
 */
public final class RequestLogReader implements Closeable {

    private static final int BYTE_BUFFER = 1 << 16;

    private final String sourceName;
    private final boolean jsonLines;
    private final InputStream in;
    private final LineSource lines;
    private final CsvLineParser csv;
    private final JsonLineParser json;
    private CsvRow.Header header;

    private RequestLogReader(String sourceName, boolean jsonLines, InputStream in, int maxChunkBytes) {
        this.sourceName = sourceName;
        this.jsonLines = jsonLines;
        this.in = in;
        this.lines = new LineSource(in, maxChunkBytes);
        this.csv = new CsvLineParser(lines);
        this.json = new JsonLineParser(lines);
    }

    /**
     * Opens a request log; for CSV the header row is read at once.
     *
     * @throws IOException if the file cannot be read, or a CSV header cannot be used
     */
    public static RequestLogReader open(Path file) throws IOException {
        return open(file, LineSource.MAX_CHUNK_BYTES);
    }

    /** {@link #open(Path)} with another chunk size (see {@link LineSource}), for tests. */
    static RequestLogReader open(Path file, int maxChunkBytes) throws IOException {
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
            RequestLogReader result = new RequestLogReader(name, jsonLines, data, maxChunkBytes);
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

    /** How many bytes of the file's content (after decompression) have been read. */
    public long position() {
        return lines.position();
    }

    /**
     * The next record, or {@code null} at the end of the file.
     *
     * @throws IOException if the file cannot be read (a bad record is not an exception)
     */
    public RawRecord next() throws IOException {
        while (lines.nextLine()) {
            long line = lines.lineNumber();
            String text = lines.text();
            boolean cut = lines.more();
            if (text == null) {
                return RawRecord.undecodable(line, lines.whyNotText(), lines.copyChunkBytes(), cut);
            }
            if (!cut && isBlank(text)) {
                continue;
            }
            return jsonLines ? json(line, text, cut) : csv(line, text, cut);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void readHeader() throws IOException {
        String text;
        do {
            if (!lines.nextLine()) {
                return; // empty file: no header, no records
            }
            text = lines.textAllowingNul(); // a name with a NUL is merely unknown; names are never stored
            if (text == null) {
                throw new IOException(sourceName + ": the CSV header on line " + lines.lineNumber()
                        + " holds bytes that are not UTF-8; the file must be UTF-8 text");
            }
        } while (!lines.more() && isBlank(text));
        if (lines.more()) {
            throw new IOException(sourceName + ": the CSV header on line " + lines.lineNumber() + " is over "
                    + LineSource.MAX_CHUNK_BYTES + " bytes");
        }
        int n = csv.split(Integer.MAX_VALUE, text);
        if (n < 0) {
            throw new IOException(
                    sourceName + ": the CSV header on line " + lines.lineNumber() + " cannot be read: " + csv.problem);
        }
        String[] names = new String[n];
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String name = csv.fields()[i] == null ? "" : csv.fields()[i].strip();
            names[i] = name;
            if (index.put(name, i) != null) {
                throw new IOException(sourceName + ": the CSV header names the column '" + name + "' twice");
            }
        }
        header = new CsvRow.Header(names, index);
    }

    private RawRecord csv(long line, String text, boolean cut) throws IOException {
        if (header == null) {
            return null; // cannot happen: an empty file has no lines after its header
        }
        int width = header.names.length;
        int n = csv.split(width);
        if (n < 0) {
            return RawRecord.malformed(line, csv.problem, text, cut);
        }
        if (n != width) {
            return RawRecord.malformed(line, n + " fields for a header of " + width, text, cut);
        }
        return RawRecord.of(line, new CsvRow(header, Arrays.copyOf(csv.fields(), n)), text, cut || csv.cut);
    }

    private RawRecord json(long line, String text, boolean cut) throws IOException {
        Map<String, String> fields = json.parse();
        if (fields == null) {
            return RawRecord.malformed(line, json.problem, text, cut);
        }
        return RawRecord.of(line, fields, text, cut || json.cut);
    }

    private static boolean isBlank(String text) {
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
