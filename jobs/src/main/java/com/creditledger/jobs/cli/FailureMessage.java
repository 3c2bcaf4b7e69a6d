package com.creditledger.jobs.cli;

import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.DatabaseUnavailableException;
import com.creditledger.jobs.system.DiskFull;
import com.creditledger.jobs.topup.Secrets;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one line a failure is reported with: what was wrong, where, and what to do. Said in their
 * own words: a full disk (wherever it surfaced), a {@link BillingException} or {@link
 * DatabaseUnavailableException}, a database that cannot be reached or refuses the login, a port
 * another program holds. Anything else is a bug, which the caller reports with its stack trace.
 * Every line is redacted.
 */
final class FailureMessage {

    /**
     * Where the failing command worked.
     *
     * @param embeddedDirectory the embedded PostgreSQL's data directory, or null for an external one
     * @param database the database, for messages (never with its password)
     * @param writtenFolders other folders the command writes to (spill files, temporary files)
     */
    record Where(Path embeddedDirectory, String database, List<Path> writtenFolders) {}

    private FailureMessage() {}

    /** The line for a known failure, or empty for an unexpected one. */
    static Optional<String> of(Throwable failure, Where where) {
        Throwable said = null;
        for (Throwable cause = failure; cause != null && said == null; cause = cause.getCause()) {
            if (cause instanceof BillingException || cause instanceof DatabaseUnavailableException) {
                said = cause;
            }
        }
        // a server that stopped because it could not write its WAL leaves only refused connections
        boolean diskFull = DiskFull.causes(failure)
                || (lostTheDatabase(failure)
                        && DiskFull.nearlyFull(folders(where)).isPresent());
        if (said != null && (!diskFull || DiskFull.says(said.getMessage()))) {
            return Optional.of(Secrets.redact(said.getMessage()));
        }
        if (diskFull) {
            return Optional.of(Secrets.redact(DiskFull.message(fullPlace(failure, where))));
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PortInUseException taken) {
                return Optional.of("billing serve cannot listen on port " + taken.getPort() + ": another program"
                        + " uses it; stop that program, or give this server another port (server.port, env"
                        + " SERVER_PORT)");
            }
        }
        return connection(failure, where).map(Secrets::redact);
    }

    private static Object fullPlace(Throwable failure, Where where) {
        Optional<Path> named = DiskFull.namedFolder(failure);
        if (named.isPresent()) {
            return named.get();
        }
        Set<Path> folders = folders(where);
        Optional<Path> nearlyFull = DiskFull.nearlyFull(folders);
        if (nearlyFull.isPresent()) {
            return nearlyFull.get();
        }
        if (serverSide(failure)) {
            return where.embeddedDirectory() != null
                    ? where.embeddedDirectory()
                    : "the data directory of the PostgreSQL server at " + where.database();
        }
        return "a folder this command writes to (" + folders + ")";
    }

    private static Set<Path> folders(Where where) {
        Set<Path> folders = new LinkedHashSet<>();
        if (where.embeddedDirectory() != null) {
            folders.add(where.embeddedDirectory());
        }
        folders.addAll(where.writtenFolders());
        return folders;
    }

    /** Whether the connection to the database failed or broke off (refused, reset, server shutting down). */
    private static boolean lostTheDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause instanceof ConnectException
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    /** Whether PostgreSQL, not this process, failed to write (its messages say "could not extend/write file"). */
    private static boolean serverSide(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof SQLException
                    || message.contains("could not extend file")
                    || message.contains("could not write to file")) {
                return true;
            }
        }
        return false;
    }

    /** A database that cannot be reached, or that refuses this login. */
    private static Optional<String> connection(Throwable failure, Where where) {
        String state = null;
        Throwable network = null;
        String serverMessage = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && state == null) {
                state = sql.getSQLState();
                serverMessage = firstLine(sql.getMessage());
            }
            if (cause instanceof UnknownHostException
                    || cause instanceof ConnectException
                    || cause instanceof NoRouteToHostException
                    || cause instanceof SocketTimeoutException) {
                network = cause;
            }
        }
        boolean embedded = where.embeddedDirectory() != null;
        if (state != null && (state.equals("28P01") || state.equals("28000"))) {
            return Optional.of("the database at " + where.database() + " refused the login: " + serverMessage
                    + "; check the user in --db-url (or BILLING_DB_URL) and the password (in the URL or "
                    + DatabaseUrl.PASSWORD_VARIABLE + ")");
        }
        if (state != null && state.equals("3D000")) {
            return Optional.of("could not connect to " + where.database() + ": " + serverMessage
                    + "; create the database or fix the name in --db-url");
        }
        boolean lost = state != null && (state.startsWith("08") || state.startsWith("57P"));
        if (network == null && !lost) {
            return Optional.empty();
        }
        String why = network instanceof UnknownHostException
                ? "unknown host '" + network.getMessage() + "'"
                : network != null ? firstLine(network.getMessage()) : serverMessage;
        if (embedded) {
            return Optional.of("lost the connection to the embedded PostgreSQL in " + where.embeddedDirectory() + ": "
                    + why + "; run the same command again (the server's own messages are in "
                    + where.embeddedDirectory().resolve("postgres.log") + ")");
        }
        return Optional.of("could not connect to the database at " + where.database() + ": " + why
                + "; check --db-url (or BILLING_DB_URL) and that PostgreSQL runs there and accepts connections");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
