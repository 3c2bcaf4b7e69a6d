package com.creditledger.jobs.system;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into a table with PostgreSQL {@code COPY ... FROM STDIN} (text format) on the
 * caller's connection and transaction: bulk writes without a round trip per row. Rows are
 * buffered and sent in blocks of about 1 MiB.
 */
public final class CopyWriter implements AutoCloseable {

    private static final int FLUSH_BYTES = 1 << 20;

    private final CopyIn copy;
    private final StringBuilder row = new StringBuilder(256);
    private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);
    private boolean first = true;
    private long rows;

    private CopyWriter(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts {@code COPY table (columns) FROM STDIN}. */
    public static CopyWriter open(Connection connection, String table, String columns) {
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            return new CopyWriter(pg.getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN"));
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " could not start: " + e.getMessage(), e);
        }
    }

    public CopyWriter add(String value) {
        separate();
        if (value == null) {
            row.append("\\N");
            return this;
        }
        int i = 0;
        while (i < value.length() && !special(value.charAt(i))) {
            i++;
        }
        if (i == value.length()) {
            row.append(value);
            return this;
        }
        row.append(value, 0, i);
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
        return this;
    }

    private static boolean special(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    public CopyWriter add(long value) {
        separate();
        row.append(value);
        return this;
    }

    public CopyWriter add(Long value) {
        return value == null ? add((String) null) : add(value.longValue());
    }

    public CopyWriter add(Integer value) {
        return value == null ? add((String) null) : add(value.longValue());
    }

    public CopyWriter add(boolean value) {
        separate();
        row.append(value ? 't' : 'f');
        return this;
    }

    public CopyWriter add(Instant value) {
        if (value == null) {
            return add((String) null);
        }
        separate();
        row.append(value); // ISO-8601 in UTC, e.g. 2026-11-23T14:05:00Z, which timestamptz reads as is
        return this;
    }

    public CopyWriter add(UUID value) {
        separate();
        row.append(value);
        return this;
    }

    /** Ends the current row. */
    public void endRow() {
        row.append('\n');
        buffer.append(row);
        row.setLength(0);
        first = true;
        rows++;
        if (buffer.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    public long rows() {
        return rows;
    }

    private void separate() {
        if (!first) {
            row.append('\t');
        }
        first = false;
    }

    private void flush() {
        if (buffer.length() == 0) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
        }
    }

    /** Sends what is buffered and ends the COPY; returns the rows written. */
    @Override
    public void close() {
        try {
            flush();
            copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the transaction is rolled back by the caller
                }
            }
        }
    }
}
