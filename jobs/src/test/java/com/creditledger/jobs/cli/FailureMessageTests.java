package com.creditledger.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.system.BillingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class FailureMessageTests {

    private static final FailureMessage.Where EXTERNAL =
            new FailureMessage.Where(null, "jdbc:postgresql://db:5432/billing", List.of());
    private static final Path DATA = Path.of("/srv/billing/var/pg");
    private static final FailureMessage.Where EMBEDDED =
            new FailureMessage.Where(DATA, "the embedded PostgreSQL in " + DATA, List.of());

    @Test
    void aDatabaseThatCannotBeReachedIsNamedWithTheReason() {
        // given what Spring makes of pgjdbc's failures
        RuntimeException unknownHost = new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLException("The connection attempt failed.", "08001", new UnknownHostException("db")));
        RuntimeException refused = new IllegalStateException(
                "Unable to obtain connection from database: Connection to db:5432 refused.\n-----\nSQL State  : 08001",
                new SQLException(
                        "Connection to db:5432 refused.", "08001", new ConnectException("Connection refused")));
        // when / then
        assertThat(FailureMessage.of(unknownHost, EXTERNAL))
                .hasValue("could not connect to the database at jdbc:postgresql://db:5432/billing: unknown host 'db';"
                        + " check --db-url (or BILLING_DB_URL) and that PostgreSQL runs there and accepts connections");
        assertThat(FailureMessage.of(refused, EXTERNAL))
                .hasValue("could not connect to the database at jdbc:postgresql://db:5432/billing: Connection refused;"
                        + " check --db-url (or BILLING_DB_URL) and that PostgreSQL runs there and accepts connections");
    }

    @Test
    void aRefusedLoginSaysWhereThePasswordComesFrom() {
        // given
        RuntimeException login = new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLException("FATAL: password authentication failed for user \"billing\"", "28P01"));
        // when / then
        assertThat(FailureMessage.of(login, EXTERNAL))
                .hasValue("the database at jdbc:postgresql://db:5432/billing refused the login: FATAL: password"
                        + " authentication failed for user \"billing\"; check the user in --db-url (or BILLING_DB_URL)"
                        + " and the password (in the URL or BILLING_DB_PASSWORD)");
    }

    @Test
    void aFullDiskIsSaidAsSuchWhereverItSurfaces() {
        // given PostgreSQL's disk_full, a job's failure that quotes it, and a write to a named file
        RuntimeException serverFull = new CannotGetJdbcConnectionException(
                "Could not open JDBC Connection for transaction",
                new SQLException(
                        "ERROR: could not extend file \"base/16384/16385\": No space left on device", "53100"));
        RuntimeException jobFailed = new BillingException("job ingest (execution 7) ended FAILED: ingestFile: ERROR:"
                + " could not extend file \"base/16384/16385\": No space left on device; fix the cause and run the"
                + " same command again to restart it from where it stopped");
        RuntimeException shortWrite = new BillingException("job ingest (execution 49) ended FAILED: ingestRecords:"
                + " ERROR: could not extend file \"base/13695/17165\": wrote only 4096 of 8192 bytes at block 6968\n"
                + "  Hint: Check free disk space.\n  Where: COPY request, line 13000; fix the cause and run the same"
                + " command again to restart it from where it stopped");
        RuntimeException fileFull = new UncheckedIOException(
                new FileSystemException("/data/spill/part-3", null, "No space left on device"));
        // when / then
        assertThat(FailureMessage.of(serverFull, EMBEDDED))
                .hasValue("no space left on device in /srv/billing/var/pg: free space and run the same command again");
        assertThat(FailureMessage.of(jobFailed, EMBEDDED))
                .hasValue("no space left on device in /srv/billing/var/pg: free space and run the same command again");
        assertThat(FailureMessage.of(shortWrite, EMBEDDED))
                .hasValue("no space left on device in /srv/billing/var/pg: free space and run the same command again");
        assertThat(FailureMessage.of(serverFull, EXTERNAL))
                .hasValue("no space left on device in the data directory of the PostgreSQL server at"
                        + " jdbc:postgresql://db:5432/billing: free space and run the same command again");
        assertThat(FailureMessage.of(fileFull, EXTERNAL))
                .hasValue("no space left on device in /data/spill: free space and run the same command again");
    }

    @Test
    void aBillingExceptionSpeaksForItselfAndAnythingElseIsABug() {
        // when / then
        assertThat(FailureMessage.of(
                        new IllegalStateException("wrapped", new BillingException("no such file: x.csv")), EXTERNAL))
                .hasValue("no such file: x.csv");
        assertThat(FailureMessage.of(new NullPointerException(), EXTERNAL)).isEmpty();
        assertThat(FailureMessage.of(new UncheckedIOException(new IOException("Broken pipe")), EXTERNAL))
                .isEmpty();
    }
}
