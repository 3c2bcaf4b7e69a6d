package com.creditledger.jobs.system;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads the rows of {@code COPY (query) TO STDOUT (FORMAT binary)} one at a time: the cheapest way
 * to stream millions of rows out of PostgreSQL (no cursor round trips, no text to parse). The
 * caller reads each row's columns in order with the getter matching the column's type ({@code
 * text}, {@code bigint}, {@code boolean}, {@code timestamptz}). Rows can be set aside whole in a
 * {@link SpillFile} and read again later with the same getters ({@link #replay}).
 */
public final class BinaryCopyReader implements AutoCloseable {

    private final CopyOut copy;
    private final SpillFile.Records saved;
    private byte[] row;
    private int rowStart;
    private int at;
    private boolean headerRead;
    private long lastMicros;
    private Instant lastInstant;

    private static final int SHARED_INITIAL = 1 << 10;
    private static final int SHARED_MAX = 100_000;
    private byte[][] sharedKeys = new byte[SHARED_INITIAL][];
    private String[] sharedValues = new String[SHARED_INITIAL];
    private int sharedCount;

    private BinaryCopyReader(CopyOut copy, SpillFile.Records saved) {
        this.copy = copy;
        this.saved = saved;
    }

    /** Starts {@code COPY (query) TO STDOUT (FORMAT binary)}; the query must have no parameters. */
    public static BinaryCopyReader open(Connection connection, String query) {
        try {
            CopyOut copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)");
            return new BinaryCopyReader(copy, null);
        } catch (SQLException e) {
            throw new IllegalStateException("could not start reading: " + e.getMessage(), e);
        }
    }

    /** Reads again the rows {@link #spill spilled} to one group of a spill file, in the order they went in. */
    public static BinaryCopyReader replay(SpillFile.Records saved) {
        return new BinaryCopyReader(null, saved);
    }

    /** Moves to the next row; false at the end. */
    public boolean next() {
        if (saved != null) {
            if (!saved.next()) {
                return false;
            }
            row = saved.array();
            at = saved.offset() + 2; // past the field count
            return true;
        }
        if (!copy.isActive()) {
            return false;
        }
        try {
            row = copy.readFromCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("reading failed: " + e.getMessage(), e);
        }
        if (row == null) {
            return false;
        }
        at = 0;
        if (!headerRead) {
            headerRead = true;
            at = 11 + 4; // signature and flags
            at += 4 + getInt(at); // header extension
        }
        rowStart = at;
        short fields = (short) (((row[at] & 0xFF) << 8) | (row[at + 1] & 0xFF));
        at += 2;
        return fields != -1;
    }

    /** Adds the current row, whole, as a record of {@code group} (before or after reading its columns). */
    public void spill(SpillFile spill, int group) {
        if (saved != null) {
            throw new IllegalStateException("a replayed row is spilled already");
        }
        spill.add(group, row, rowStart, row.length - rowStart);
    }

    public String text() {
        int length = length();
        if (length < 0) {
            return null;
        }
        String value = new String(row, at, length, StandardCharsets.UTF_8);
        at += length;
        return value;
    }

    /**
     * A text column whose values repeat (workspace ids, model names, codes): one string per distinct
     * value, found by its bytes, so repeats allocate nothing and the rows read share their strings.
     * Holds up to {@value #SHARED_MAX} distinct values, then starts over (a bound, not a cache
     * policy: they are read in workspace order and seldom return).
     */
    public String sharedText() {
        int length = length();
        if (length < 0) {
            return null;
        }
        int mask = sharedKeys.length - 1;
        for (int slot = hash(row, at, at + length) & mask; ; slot = (slot + 1) & mask) {
            byte[] key = sharedKeys[slot];
            if (key == null) {
                String value = new String(row, at, length, StandardCharsets.UTF_8);
                sharedKeys[slot] = Arrays.copyOfRange(row, at, at + length);
                sharedValues[slot] = value;
                at += length;
                if (++sharedCount * 2 > sharedKeys.length) {
                    growShared();
                }
                return value;
            }
            if (Arrays.equals(key, 0, key.length, row, at, at + length)) {
                at += length;
                return sharedValues[slot];
            }
        }
    }

    private void growShared() {
        byte[][] keys = sharedKeys;
        String[] values = sharedValues;
        int capacity = sharedCount > SHARED_MAX ? SHARED_INITIAL : keys.length * 2;
        sharedKeys = new byte[capacity][];
        sharedValues = new String[capacity];
        sharedCount = 0;
        if (capacity == SHARED_INITIAL) {
            return; // started over
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                int slot = hash(keys[i], 0, keys[i].length) & (capacity - 1);
                while (sharedKeys[slot] != null) {
                    slot = (slot + 1) & (capacity - 1);
                }
                sharedKeys[slot] = keys[i];
                sharedValues[slot] = values[i];
                sharedCount++;
            }
        }
    }

    private static int hash(byte[] bytes, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash ^ (hash >>> 16);
    }

    public long int8() {
        expect(8);
        long value = getLong(at);
        at += 8;
        return value;
    }

    public boolean bool() {
        expect(1);
        return row[at++] != 0;
    }

    public Instant timestamptz() {
        int length = length();
        if (length < 0) {
            return null;
        }
        long micros = getLong(at) + BinaryCopyWriter.PG_EPOCH_MICROS;
        at += 8;
        if (lastInstant == null || micros != lastMicros) { // a row's instants are often equal: one object
            lastMicros = micros;
            lastInstant =
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        }
        return lastInstant;
    }

    /**
     * An exact instant: a {@code timestamptz} column (rounded down to the microsecond) followed by its
     * {@code smallint} nanoseconds past the microsecond (see {@link Sql}).
     */
    public Instant exactInstant() {
        Instant micros = timestamptz();
        int length = length();
        if (length < 0) {
            return micros; // a null instant: both columns null
        }
        if (length != 2) {
            throw new IllegalStateException("a column of " + length + " bytes where 2 were expected");
        }
        int nanos = ((row[at] & 0xFF) << 8) | (row[at + 1] & 0xFF);
        at += 2;
        if (micros == null || nanos == 0) {
            return micros;
        }
        if (nanos > 999) {
            throw new IllegalStateException("nanoseconds past the microsecond out of range: " + nanos);
        }
        return micros.plusNanos(nanos);
    }

    private void expect(int bytes) {
        int length = length();
        if (length != bytes) {
            throw new IllegalStateException("a column of " + length + " bytes where " + bytes + " were expected");
        }
    }

    private int length() {
        int length = getInt(at);
        at += 4;
        return length;
    }

    private int getInt(int i) {
        return ((row[i] & 0xFF) << 24) | ((row[i + 1] & 0xFF) << 16) | ((row[i + 2] & 0xFF) << 8) | (row[i + 3] & 0xFF);
    }

    private long getLong(int i) {
        return ((long) getInt(i) << 32) | (getInt(i + 4) & 0xFFFFFFFFL);
    }

    /**
     * Reads what is left, so the connection goes back to its pool in a clean state (cancelling a
     * COPY midway leaves the driver's protocol state unusable for the next borrower).
     */
    @Override
    public void close() {
        if (copy == null) {
            return;
        }
        try {
            while (copy.isActive() && copy.readFromCopy() != null) {
                // drain
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading failed: " + e.getMessage(), e);
        }
    }
}
