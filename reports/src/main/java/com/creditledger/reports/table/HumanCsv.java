package com.creditledger.reports.table;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV for people (Commons CSV): UTF-8 with a byte-order mark so spreadsheets detect the encoding,
 * RFC 4180 quoting, LF line ends, a header row, and text a spreadsheet would evaluate prefixed
 * with {@code '} (OWASP). Numbers are written plainly, money in major units with the currency's
 * decimals, instants as ISO-8601 UTC. A formula column writes its computed value instead; there is
 * no totals row.
 */
public final class HumanCsv {

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private HumanCsv() {}

    /** Writes the table to {@code file}; returns the number of data rows. */
    public static <R> long write(Path file, Table<R> table, Stream<R> rows) {
        List<Column<R>> columns = table.columns();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer writer = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
                    CSVPrinter printer = new CSVPrinter(writer, FORMAT);
                    rows) {
                writer.write('\uFEFF');
                for (Column<R> column : columns) {
                    printer.print(column.header());
                }
                printer.println();
                long count = 0;
                Iterator<R> it = rows.iterator();
                while (it.hasNext()) {
                    R row = it.next();
                    for (Column<R> column : columns) {
                        printer.print(field(column.value().apply(row)));
                    }
                    printer.println();
                    count++;
                }
                return count;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Formula formula) {
            return field(formula.csv());
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        if (value instanceof String text) {
            return SpreadsheetText.forCsv(text);
        }
        return value.toString();
    }
}
