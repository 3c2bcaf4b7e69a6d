package com.creditledger.jobs.system;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into a table with PostgreSQL's binary {@code COPY ... FROM STDIN}: the server
 * neither parses timestamps nor numbers, which is most of what a text COPY costs it for the wide
 * request rows. The caller's values must match the column types exactly ({@code text}, {@code
 * bigint}, {@code integer} and {@code smallint} through their own methods, {@code boolean},
 * {@code timestamptz}, {@code uuid}, {@code bytea}); PostgreSQL rejects the COPY otherwise. Rows are buffered and
 * sent in blocks of 64 KiB, on the caller's connection and transaction.
 *
 * <p>{@link #inMemory} encodes rows without a COPY open: they are kept, already encoded, and
 * {@link #seal} hands them over for one COPY ({@link Encoded#copyTo}). The rate step uses it so that nothing is open on the
 * connection while a timeline may call the payment gateway.
 */
public final class BinaryCopyWriter implements AutoCloseable {

    /** Small blocks keep PostgreSQL busy while the next rows are encoded. */
    private static final int FLUSH_BYTES = 1 << 16;

    private static final byte[] HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z (the reader's too). */
    static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    /** The open COPY, or null while the rows are kept in memory ({@link #inMemory}). */
    private final CopyIn copy;
    /** In memory: the full blocks encoded so far, in order. */
    private final List<byte[]> blocks = new ArrayList<>();

    private final String table;
    private final String columns;
    private final short fields;
    private byte[] buffer = new byte[FLUSH_BYTES + 8192];
    private int length;
    private int rowFields;
    private final AsciiCopier ascii = new AsciiCopier();

    private BinaryCopyWriter(CopyIn copy, String table, String columns) {
        this.copy = copy;
        this.table = table;
        this.columns = columns;
        this.fields = (short) columns.split(",").length;
        System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
        length = HEADER.length;
    }

    /** Starts {@code COPY table (columns) FROM STDIN (FORMAT binary)}. */
    public static BinaryCopyWriter open(Connection connection, String table, String columns) {
        return new BinaryCopyWriter(start(connection, table, columns), table, columns);
    }

    /** Encodes rows for {@code COPY table (columns)} and keeps them until {@link #seal}. */
    public static BinaryCopyWriter inMemory(String table, String columns) {
        return new BinaryCopyWriter(null, table, columns);
    }

    private static CopyIn start(Connection connection, String table, String columns) {
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            return pg.getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)");
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " could not start: " + e.getMessage(), e);
        }
    }

    /**
     * In memory: ends the rows, which can no longer change, and returns them for one COPY.
     */
    public Encoded seal() {
        if (copy != null) {
            throw new IllegalStateException("seal is for rows kept in memory; the COPY into " + table + " is open");
        }
        ensure(2);
        buffer[length++] = (byte) 0xFF;
        buffer[length++] = (byte) 0xFF;
        flush();
        buffer = new byte[0];
        return new Encoded(table, columns, List.copyOf(blocks));
    }

    /** Rows encoded in memory for {@code COPY table (columns)}, header and trailer included. */
    public record Encoded(String table, String columns, List<byte[]> blocks) {

        /** Sends the rows in one COPY on {@code connection}'s transaction. */
        public void copyTo(Connection connection) {
            CopyIn copy = start(connection, table, columns);
            try {
                for (byte[] block : blocks) {
                    copy.writeToCopy(block, 0, block.length);
                }
                copy.endCopy();
            } catch (SQLException e) {
                throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
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

    /**
     * A {@code text} column (null allowed).
     *
     * @throws IllegalArgumentException if the value holds a NUL or a lone surrogate, which {@code
     *     text} cannot store: PostgreSQL would refuse the first and UTF-8 encoding would replace the
     *     second with {@code ?} (the reader never lets either through; this is the writer's check);
     *     the COPY must then be cancelled
     */
    public BinaryCopyWriter add(String value) {
        if (value == null) {
            return addNull();
        }
        startField();
        int chars = value.length();
        ensure(4 + 3 * chars); // UTF-8 takes at most 3 bytes per UTF-16 unit
        int bytes = chars;
        if (!ascii.copy(value, buffer, length + 4)) { // not ASCII without NUL, which ids and codes almost always are
            requireStorable(value);
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(utf8, 0, buffer, length + 4, utf8.length);
            bytes = utf8.length;
        }
        putInt(length, bytes);
        length += 4 + bytes;
        return this;
    }

    private void requireStorable(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException("a value for " + table + " holds a NUL, which text cannot store");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    throw new IllegalArgumentException(
                            "a value for " + table + " holds a lone surrogate, which UTF-8 cannot encode");
                }
            }
        }
    }

    /** A {@code bytea} column (null allowed), the bytes as they are. */
    public BinaryCopyWriter add(byte[] value) {
        if (value == null) {
            return addNull();
        }
        startField();
        ensure(4 + value.length);
        putInt(length, value.length);
        System.arraycopy(value, 0, buffer, length + 4, value.length);
        length += 4 + value.length;
        return this;
    }

    public BinaryCopyWriter add(long value) {
        startField();
        ensure(12);
        putInt(length, 8);
        putLong(length + 4, value);
        length += 12;
        return this;
    }

    /**
     * An {@code integer} column (null allowed). Named apart from {@link #add(long)} so that an
     * {@code int} meant for a {@code bigint} column never becomes an {@code integer} by overloading.
     */
    public BinaryCopyWriter addInteger(Integer value) {
        if (value == null) {
            return addNull();
        }
        startField();
        ensure(8);
        putInt(length, 4);
        putInt(length + 4, value);
        length += 8;
        return this;
    }

    /** A {@code smallint} column. */
    public BinaryCopyWriter addSmallint(short value) {
        startField();
        ensure(6);
        putInt(length, 2);
        buffer[length + 4] = (byte) (value >>> 8);
        buffer[length + 5] = (byte) value;
        length += 6;
        return this;
    }

    /** A {@code smallint} column, or null. */
    public BinaryCopyWriter addSmallint(Short value) {
        return value == null ? addNull() : addSmallint(value.shortValue());
    }

    public BinaryCopyWriter add(boolean value) {
        startField();
        ensure(5);
        putInt(length, 1);
        buffer[length + 4] = (byte) (value ? 1 : 0);
        length += 5;
        return this;
    }

    /** A {@code timestamptz} column: the instant rounded down to its microsecond. */
    public BinaryCopyWriter add(Instant value) {
        if (value == null) {
            return addNull();
        }
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1000);
        return add(micros - PG_EPOCH_MICROS);
    }

    /**
     * An exact instant as two columns: the {@code timestamptz} rounded down to the microsecond and
     * the {@code smallint} nanoseconds past it (see {@link Sql}); both null for null.
     */
    public BinaryCopyWriter addExact(Instant value) {
        if (value == null) {
            return addNull().addNull();
        }
        return add(value).addSmallint((short) (value.getNano() % 1000));
    }

    public BinaryCopyWriter add(UUID value) {
        if (value == null) {
            return addNull();
        }
        startField();
        ensure(20);
        putInt(length, 16);
        putLong(length + 4, value.getMostSignificantBits());
        putLong(length + 12, value.getLeastSignificantBits());
        length += 20;
        return this;
    }

    private BinaryCopyWriter addNull() {
        startField();
        ensure(4);
        putInt(length, -1);
        length += 4;
        return this;
    }

    /** Ends the current row, which must have had one value per column. */
    public void endRow() {
        if (rowFields != fields) {
            throw new IllegalStateException(
                    "a row for " + table + " has " + rowFields + " values for " + fields + " columns");
        }
        rowFields = 0;
        if (length >= FLUSH_BYTES) {
            flush();
        }
    }

    private void startField() {
        if (rowFields++ == 0) {
            ensure(2);
            buffer[length++] = (byte) (fields >>> 8);
            buffer[length++] = (byte) fields;
        }
    }

    private void ensure(int bytes) {
        if (length + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + bytes));
        }
    }

    private void putInt(int at, int value) {
        buffer[at] = (byte) (value >>> 24);
        buffer[at + 1] = (byte) (value >>> 16);
        buffer[at + 2] = (byte) (value >>> 8);
        buffer[at + 3] = (byte) value;
    }

    private void putLong(int at, long value) {
        putInt(at, (int) (value >>> 32));
        putInt(at + 4, (int) value);
    }

    private void flush() {
        if (length == 0) {
            return;
        }
        if (copy == null) {
            blocks.add(Arrays.copyOf(buffer, length));
            length = 0;
            return;
        }
        try {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** Sends what is buffered and the trailer, and ends the COPY. */
    @Override
    public void close() {
        if (copy == null) {
            throw new IllegalStateException("the rows for " + table + " are kept in memory: seal them and send them");
        }
        try {
            ensure(2);
            buffer[length++] = (byte) 0xFF;
            buffer[length++] = (byte) 0xFF;
            flush();
            copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        } finally {
            cancel();
        }
    }

    /** Abandons the COPY if it is still open, so the connection can roll back. */
    public void cancel() {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the transaction is rolled back by the caller
            }
        }
    }
}
