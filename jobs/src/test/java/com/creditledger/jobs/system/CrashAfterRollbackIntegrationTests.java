package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server dies right after a transaction that gave a table new files was rolled back, before
 * PostgreSQL wrote that rollback's WAL record (it never flushes one; the WAL writer does within
 * {@code wal_writer_delay}, 200 ms): what a full disk does to an ingest, whose shutdown checkpoint
 * then fails, and what a {@code kill -9} or a power loss can do. Recovery replays the new files
 * without the rollback. For an unlogged table PostgreSQL 14 then fails its first restart (its
 * rollback had deleted the new init fork and left the main fork as an empty file; recovery
 * recreates the init fork and cannot copy it over the main fork: "could not create file ...: File
 * exists"). The schema has no unlogged table, so billing's first restart recovers.
 *
 * <p>The WAL writer waits 10 s here, so that the rollback's record is not written before the
 * crash, as it was not in the fault suite's disk-full trial.
 */
class CrashAfterRollbackIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void postgresFailsItsFirstRestartAfterACrashThatFollowedARolledBackTruncateOfAnUnloggedTable() throws Exception {
        // given a server with an unlogged table (what the stage tables once were)
        Path data = dir.resolve("pg");
        EmbeddedDatabase db = EmbeddedDatabase.start(data);
        execute(db, "CREATE UNLOGGED TABLE probe (line bigint, raw text)", "CHECKPOINT");

        // when a transaction truncates it and rolls back, and the server dies before that is written
        crashAfterRolledBackTruncate(db, "probe");

        // then its first restart fails in recovery, and the second one recovers (if PostgreSQL no
        // longer does this, the reason they are logged is gone: the stage tables could be unlogged again)
        assertThatThrownBy(() -> EmbeddedDatabase.start(data).close())
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("could not create file \"base/")
                .hasMessageContaining("File exists");
        EmbeddedDatabase again = EmbeddedDatabase.start(data);
        try {
            assertThat(count(again, "SELECT count(*) FROM probe")).isZero();
        } finally {
            again.close();
        }
    }

    @Test
    void theFirstRestartRecoversAfterACrashThatFollowedARolledBackTruncateOfTheStageTables() throws Exception {
        // given billing's schema
        Path data = dir.resolve("pg");
        EmbeddedDatabase db = EmbeddedDatabase.start(data);
        Flyway.configure()
                .dataSource(db.jdbcUrl(), null, null)
                .locations("classpath:db/migration")
                .placeholders(SchemaPlaceholders.values())
                .load()
                .migrate();
        execute(db, "CHECKPOINT");
        assertThat(strings(db, "SELECT relname FROM pg_class WHERE relpersistence = 'u'"))
                .as("unlogged relations (their init forks are what recovery fails on)")
                .isEmpty();

        // when an ingest's transaction truncates the stage and rolls back, and the server dies
        // before that is written
        crashAfterRolledBackTruncate(db, "request_stage, request_stage_inserted");

        // then the first restart recovers
        EmbeddedDatabase again = EmbeddedDatabase.start(data);
        try {
            assertThat(count(again, "SELECT count(*) FROM request_stage")).isZero();
        } finally {
            again.close();
        }
    }

    /**
     * Truncates {@code tables} in a transaction that rolls back, then stops the server at once
     * (SIGQUIT, an immediate shutdown: no checkpoint, no WAL written), and lets go of the folder.
     */
    private static void crashAfterRolledBackTruncate(EmbeddedDatabase db, String tables) throws Exception {
        execute(db, "ALTER SYSTEM SET wal_writer_delay = '10s'", "SELECT pg_reload_conf()");
        Thread.sleep(1_000); // the WAL writer's last 200 ms wait ends; it waits 10 s from now on
        long postmaster = postmasterPid(db.dataDirectory());
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("TRUNCATE " + tables);
            connection.rollback();
        }
        Process kill = new ProcessBuilder("kill", "-s", "QUIT", Long.toString(postmaster))
                .redirectErrorStream(true)
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill -QUIT %d", postmaster)
                .isTrue();
        ProcessHandle.of(postmaster)
                .ifPresent(process ->
                        process.onExit().orTimeout(60, TimeUnit.SECONDS).join());
        db.close(); // pg_ctl finds no server to stop; the folder's lock is released
    }

    private static long postmasterPid(Path dataDirectory) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                .get(0)
                .strip());
    }

    private static void execute(EmbeddedDatabase db, String... sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static long count(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> strings(EmbeddedDatabase db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
