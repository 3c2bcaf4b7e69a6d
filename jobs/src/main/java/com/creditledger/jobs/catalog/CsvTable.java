package com.creditledger.jobs.catalog;

import com.creditledger.jobs.system.InputFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A small catalog CSV file read whole (SPEC §3: header row, UTF-8, optional BOM, optionally
 * gzip; column order free, unknown columns ignored, an empty cell is absent). Typed getters throw
 * {@link CatalogFileException} naming the file, line and column.
 */
final class CsvTable {

    private final Path file;
    private final List<Row> rows;

    private CsvTable(Path file, List<Row> rows) {
        this.file = file;
        this.rows = rows;
    }

    static CsvTable read(Path file, String... requiredColumns) {
        InputFiles.requireReadable(file);
        try (Reader reader = open(file);
                CSVParser parser = CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setIgnoreEmptyLines(true)
                        .setTrim(false)
                        .get()
                        .parse(reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String column : requiredColumns) {
                if (!header.containsKey(column)) {
                    throw new CatalogFileException(
                            file,
                            1,
                            column,
                            "the header has no column '" + column + "'; expected columns: "
                                    + String.join(",", requiredColumns));
                }
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                long line = record.getRecordNumber() + 1;
                if (record.size() != header.size()) {
                    throw new CatalogFileException(
                            file, line, null, "expected " + header.size() + " fields, found " + record.size());
                }
                Map<String, String> values = new HashMap<>();
                for (Map.Entry<String, Integer> column : header.entrySet()) {
                    String value = record.get(column.getValue());
                    if (!value.isEmpty()) {
                        values.put(column.getKey(), value);
                    }
                }
                rows.add(new Row(file, line, values));
            }
            return new CsvTable(file, rows);
        } catch (IOException | UncheckedIOException e) {
            throw new CatalogFileException(file, "could not read the file: " + e.getMessage());
        }
    }

    private static Reader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        if (in.read() == 0x1f && in.read() == 0x8b) {
            in.reset();
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16));
        } else {
            in.reset();
        }
        in.mark(3);
        if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
            in.reset();
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    Path file() {
        return file;
    }

    List<Row> rows() {
        return rows;
    }

    /** One data row; {@code line} is 1-based with the header as line 1. */
    record Row(Path file, long line, Map<String, String> values) {

        String text(String column) {
            return values.get(column);
        }

        String required(String column) {
            String value = values.get(column);
            if (value == null) {
                throw error(column, "a value is required");
            }
            return value;
        }

        Long optionalLong(String column, long min) {
            String value = values.get(column);
            if (value == null) {
                return null;
            }
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw error(column, "'" + value + "' is not a whole number");
            }
            if (parsed < min) {
                throw error(column, "'" + value + "' must be at least " + min);
            }
            return parsed;
        }

        long requiredLong(String column, long min) {
            required(column);
            return optionalLong(column, min);
        }

        Instant requiredInstant(String column) {
            String value = required(column);
            try {
                return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException e) {
                throw error(
                        column, "'" + value + "' is not an ISO-8601 instant with an offset, like 2026-11-01T00:00:00Z");
            }
        }

        LocalDate requiredDate(String column) {
            String value = required(column);
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw error(column, "'" + value + "' is not a date like 2026-01-31");
            }
        }

        boolean requiredBoolean(String column) {
            String value = required(column);
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            throw error(column, "'" + value + "' is neither true nor false");
        }

        CatalogFileException error(String column, String problem) {
            return new CatalogFileException(file, line, column, problem);
        }
    }
}
