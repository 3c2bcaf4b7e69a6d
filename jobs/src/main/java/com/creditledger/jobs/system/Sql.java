package com.creditledger.jobs.system;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;

/** Instants to and from {@code timestamptz}, independent of the JVM's time zone. */
public final class Sql {

    private Sql() {}

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The rating watermark: the greatest through of any rate run started, or null before the first. */
    public static Instant watermark(JdbcTemplate jdbc) {
        return jdbc.query("SELECT max(through) FROM rating_run", rs -> rs.next() ? instant(rs, 1) : null);
    }
}
