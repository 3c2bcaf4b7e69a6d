package com.creditledger.jobs.system;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Instants to and from PostgreSQL, independent of the JVM's time zone and exact to the nanosecond.
 *
 * <p>An exact instant is stored as two columns (db/migration/V1__baseline.sql): the {@code timestamptz}, the instant rounded
 * down to its microsecond, and {@code <column>_ns}, the nanoseconds past it (0-999). {@link #utc}
 * always rounds down (PostgreSQL would round a finer instant to the nearest microsecond) and
 * {@link #nanos} gives the rest; {@link #exact} reads the pair back.
 */
public final class Sql {

    private Sql() {}

    /** The instant rounded down to its microsecond, as a {@code timestamptz} parameter. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** The nanoseconds past the instant's microsecond, as a {@code <column>_ns} parameter. */
    public static Short nanos(Instant instant) {
        return instant == null ? null : (short) (instant.getNano() % 1000);
    }

    /** A {@code timestamptz} column alone: microseconds (a clock reading, or a month start). */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A {@code timestamptz} column alone: microseconds (a clock reading, or a month start). */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The exact instant stored in {@code column} and {@code column_ns}. */
    public static Instant exact(ResultSet rs, String column) throws SQLException {
        return plusNanos(instant(rs, column), rs.getInt(column + "_ns"));
    }

    /** The exact instant stored in the columns {@code column} and {@code column + 1}. */
    public static Instant exact(ResultSet rs, int column) throws SQLException {
        return plusNanos(instant(rs, column), rs.getInt(column + 1));
    }

    /**
     * An exact instant computed in SQL as nanoseconds since the epoch (a {@code numeric}, e.g. the
     * {@code min} of {@code extract(epoch FROM at) * 1000000000 + at_ns}).
     */
    public static Instant epochNanos(ResultSet rs, int column) throws SQLException {
        BigDecimal nanos = rs.getBigDecimal(column);
        if (nanos == null) {
            return null;
        }
        BigInteger[] secondsAndNanos = nanos.toBigIntegerExact().divideAndRemainder(BILLION);
        long seconds = secondsAndNanos[0].longValueExact();
        long rest = secondsAndNanos[1].longValueExact();
        return rest < 0
                ? Instant.ofEpochSecond(seconds - 1, rest + 1_000_000_000L)
                : Instant.ofEpochSecond(seconds, rest);
    }

    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    private static Instant plusNanos(Instant micros, int nanos) {
        if (micros == null) {
            return null;
        }
        if (nanos < 0 || nanos > 999) {
            throw new IllegalStateException("nanoseconds past the microsecond out of range: " + nanos);
        }
        return micros.plusNanos(nanos);
    }

    /**
     * The watermark (SPEC R9): the greatest through of any rate run started, or null before the
     * first. An event older than it that loads now is late ({@code Lateness}). Not to be confused
     * with a run's start ({@code rating_run.rated_from}, the previous run's through) or the last
     * finished run's through.
     */
    public static Instant watermark(JdbcTemplate jdbc) {
        return jdbc.query(
                "SELECT through, through_ns FROM rating_run ORDER BY through DESC, through_ns DESC LIMIT 1",
                rs -> rs.next() ? exact(rs, 1) : null);
    }
}
