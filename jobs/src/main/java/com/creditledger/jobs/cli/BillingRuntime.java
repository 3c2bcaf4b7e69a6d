package com.creditledger.jobs.cli;

import com.creditledger.jobs.BillingApplication;
import com.creditledger.jobs.system.BillingProperties;
import com.creditledger.jobs.system.DatabaseUnavailableException;
import com.creditledger.jobs.system.DiskFull;
import com.creditledger.jobs.system.EmbeddedDatabase;
import com.creditledger.jobs.system.UnreleasedSchemaException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The database and Spring context one {@code billing} process works in, started on first use
 * and shared by every command of a script.
 */
final class BillingRuntime implements AutoCloseable {

    /**
     * Loggers that log a failure of a command on its way up (a failed step, a broken connection, a
     * rollback), before the command line reports it in one line.
     */
    private static final List<String> FAILURE_ECHOES = List.of(
            "org.springframework.batch.core.step.AbstractStep",
            "org.springframework.batch.core.step.tasklet.TaskletStep",
            "org.springframework.batch.core.job.AbstractJob",
            "org.springframework.jdbc.support.JdbcTransactionManager",
            // "Application exception overridden by rollback exception", with a trace, when the
            // connection died under a transaction (a full disk, a killed server)
            "org.springframework.transaction.interceptor.TransactionInterceptor",
            // the same, from the transaction of a rating chunk
            "org.springframework.transaction.support.TransactionTemplate",
            "com.zaxxer.hikari");

    private final String dbUrl;
    private final Path dbDir;
    private final Map<String, Object> properties;
    private final boolean server;
    private final Activity activity;
    private volatile EmbeddedDatabase embedded;
    private ConfigurableApplicationContext context;
    private Thread shutdownHook;
    private boolean libraryLogs;

    BillingRuntime(String dbUrl, Path dbDir, Map<String, Object> properties, Activity activity) {
        this(dbUrl, dbDir, properties, activity, false);
    }

    /** A server runtime ({@code billing serve}) runs the web endpoints and the nightly schedule. */
    BillingRuntime(String dbUrl, Path dbDir, Map<String, Object> properties, Activity activity, boolean server) {
        this.dbUrl = dbUrl;
        this.dbDir = dbDir;
        this.properties = properties;
        this.activity = activity;
        this.server = server;
    }

    /** Keeps the libraries' own logs of a failure ({@code --stacktrace}); before the context starts. */
    BillingRuntime withLibraryLogs(boolean libraryLogs) {
        this.libraryLogs = libraryLogs;
        return this;
    }

    <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    synchronized ConfigurableApplicationContext context() {
        if (context == null) {
            // one hook closes Spring (which stops running jobs) and only then the embedded database
            shutdownHook = new Thread(this::close, "billing-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            Map<String, Object> settings = new HashMap<>(properties);
            if (dbUrl == null) {
                embedded = EmbeddedDatabase.start(dbDir);
                embedded.watchServer(this::serverDied);
                settings.put("spring.datasource.url", embedded.jdbcUrl());
                settings.put("spring.datasource.username", "postgres");
            } else {
                settings.putAll(database().settings());
            }
            settings.put("billing.serve.enabled", server);
            if (!server && !libraryLogs && !Boolean.TRUE.equals(properties.get("billing.worker.enabled"))) {
                // a command reports a failure in one line; these would log it again on its way up, with
                // its stack trace. A server or a worker has no such line and keeps them; --stacktrace too.
                FAILURE_ECHOES.forEach(logger -> settings.putIfAbsent("logging.level." + logger, "OFF"));
            }
            try {
                context = new SpringApplicationBuilder(BillingApplication.class)
                        .web(server ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                        .properties(settings)
                        .logStartupInfo(server)
                        .registerShutdownHook(false)
                        .run();
            } catch (RuntimeException e) {
                throw schemaMismatch(e);
            }
        }
        return context;
    }

    /**
     * The embedded server died under this process (killed, crashed). Its connections are gone, and
     * each of the Spring Batch writes that follow a failure would wait the pool's connection
     * timeout in turn, for minutes: say so in one line and end the process now, with exit 1 (or the
     * code of a command that had already ended). Ending here is a {@code kill -9} of billing after
     * its database died: nothing more could be committed, and the same command recovers.
     */
    private void serverDied() {
        Optional<String> line = serverDeath();
        if (line.isEmpty()) {
            return;
        }
        boolean finished = activity.command() == null && activity.exit() >= 0;
        if (activity.claimReport() && (!finished || activity.exit() == 0)) {
            System.out.flush();
            System.err.println("billing: " + line.get());
        }
        System.out.flush();
        System.err.flush();
        if (activity.ownsProcess()) {
            Runtime.getRuntime().halt(finished ? activity.exit() : 1);
        }
    }

    /** The line for the embedded server's death, if it died without this process stopping it. */
    Optional<String> serverDeath() {
        EmbeddedDatabase database = embedded;
        if (database == null || !database.serverDied()) {
            return Optional.empty();
        }
        Path dir = database.dataDirectory();
        if (DiskFull.isNearlyFull(dir)) {
            return Optional.of(DiskFull.message(dir));
        }
        String command = activity.command();
        if (command == null && activity.exit() >= 0) {
            return Optional.of("the embedded PostgreSQL in " + dir + " stopped as billing was finishing (see "
                    + dir.resolve("postgres.log") + "); the command had ended (exit " + activity.exit() + ")");
        }
        return Optional.of("the embedded PostgreSQL in " + dir + " stopped while "
                + (command == null ? "billing" : command) + " was running (see " + dir.resolve("postgres.log")
                + "); run the same command again");
    }

    /** The external database of --db-url, its secrets out of the URL; only when there is one. */
    private DatabaseUrl database() {
        return DatabaseUrl.parse(dbUrl, System.getenv(DatabaseUrl.PASSWORD_VARIABLE));
    }

    /** Where this process works, for the message of a failure. */
    synchronized FailureMessage.Where where() {
        List<Path> written = new ArrayList<>();
        if (context != null && context.isActive()) {
            written.add(context.getBean(BillingProperties.class).rating().effectiveSpillDirectory());
        }
        written.add(Path.of(System.getProperty("java.io.tmpdir")));
        written.add(Path.of("").toAbsolutePath());
        if (dbUrl == null) {
            Path dir = dbDir.toAbsolutePath().normalize();
            return new FailureMessage.Where(dir, "the embedded PostgreSQL in " + dir, written);
        }
        String database;
        try {
            database = database().where();
        } catch (RuntimeException unparsable) {
            database = "--db-url";
        }
        return new FailureMessage.Where(null, database, written);
    }

    /**
     * A database whose schema history does not match this build's migrations, said plainly: Flyway
     * would suggest {@code repair}, which would only hide that the tables have another shape.
     */
    private RuntimeException schemaMismatch(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnreleasedSchemaException unreleased) {
                String remedy = dbUrl == null
                        ? "delete " + dbDir.toAbsolutePath().normalize() + " (or give another --db-dir)"
                        : "drop and recreate that database (or give another --db-url)";
                return new DatabaseUnavailableException(
                        unreleased.getMessage() + "; " + remedy + ", then load and ingest again.", unreleased);
            }
            if (cause instanceof FlywayValidateException invalid) {
                String detail = invalid.getMessage()
                        .lines()
                        .filter(line -> !line.isBlank())
                        .limit(3)
                        .map(String::strip)
                        .collect(Collectors.joining("; "));
                return new DatabaseUnavailableException(
                        "this database was made by another build of billing, whose schema this build cannot upgrade ("
                                + detail + "). Such a database cannot be upgraded in place: keep running it with the"
                                + " build that made it, export what you need, and start this build on an empty database (another"
                                + " --db-url or --db-dir). Do not run Flyway repair: the tables would keep their old shape.",
                        invalid);
            }
        }
        return failure;
    }

    @Override
    public synchronized void close() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting and the hook runs (or ran) close() itself
            }
        }
        try {
            if (context != null) {
                context.close();
            }
        } finally {
            context = null;
            if (embedded != null) {
                embedded.close();
                embedded = null;
            }
        }
    }
}
