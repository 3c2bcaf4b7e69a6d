package com.creditledger.reports.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the machine-readable exports of SPEC §6 byte for byte: RFC 4180 with LF line ends, a
 * field quoted only when it holds a comma, a double quote, CR or LF (quotes inside doubled), UTF-8,
 * values as they are (no spreadsheet-safety prefix: that is for human reports).
 *
 * <p>Commons CSV's minimal quote mode also quotes some fields that need no quotes (a leading
 * {@code #}, an empty first field), which the byte-exact contract does not allow, hence this
 * small writer.
 */
public final class CsvExportWriter implements AutoCloseable {

    private final Writer out;
    private long rows;

    private CsvExportWriter(Writer out) {
        this.out = out;
    }

    /** Creates (or replaces) the file, creating its folders. */
    public static CsvExportWriter create(Path file, String... header) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream stream = Files.newOutputStream(file);
            CsvExportWriter writer = new CsvExportWriter(
                    new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16));
            writer.row((Object[]) header);
            writer.rows = 0;
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes one row; null is written as an empty field. */
    public void row(Object... values) {
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(field(values[i]));
            }
            out.write('\n');
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Data rows written, header excluded. */
    public long rows() {
        return rows;
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
