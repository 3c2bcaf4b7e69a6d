package com.creditledger.jobs.cli;

import com.creditledger.jobs.system.BillingException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code billing}: the global options and the subcommands. */
@Command(
        name = "billing",
        mixinStandardHelpOptions = true,
        version = "billing 0.1.0",
        description = {
            "Rates AI requests in credits, posts the double-entry credit ledger and writes exports.",
            "",
            "Database: --db-url (or env BILLING_DB_URL) for an external PostgreSQL, --db-dir for an embedded"
                    + " one, otherwise an embedded PostgreSQL under var/pg in the working directory."
        },
        subcommands = {
            LoadCommand.class,
            IngestCommand.class,
            RateCommand.class,
            ExportCommand.class,
            ReportCommand.class,
            CheckCommand.class,
            NightlyCommand.class,
            ServeCommand.class,
            WorkerCommand.class,
            JobsCommand.class,
            ScriptCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            picocli.CommandLine.HelpCommand.class
        })
final class BillingCommand implements AutoCloseable {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--db-url",
            paramLabel = "URL",
            defaultValue = "${env:BILLING_DB_URL}",
            description =
                    "PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/billing?user=billing (env BILLING_DB_URL;"
                            + " the password may come from env BILLING_DB_PASSWORD)")
    String dbUrl;

    @Option(
            names = "--db-dir",
            paramLabel = "DIR",
            defaultValue = "${env:BILLING_DB_DIR}",
            description = "run an embedded PostgreSQL with its data in DIR (env BILLING_DB_DIR; default: var/pg)")
    Path dbDir;

    @Option(
            names = "--stacktrace",
            description = "with an error's one line, print its stack trace too (an unexpected failure always has it)")
    boolean stacktrace;

    private final Map<String, Object> properties;
    /** What this process does; shared with the lines of a script. */
    final Activity activity;

    private BillingRuntime runtime;
    private Path baseDir = Path.of("");
    private boolean ownsRuntime = true;

    BillingCommand(Map<String, Object> properties, Activity activity) {
        this.properties = new HashMap<>(properties);
        this.activity = activity;
    }

    /**
     * Sets a Spring property of this process's context (a command's own option, like {@code rate
     * --remote}); only before the database is opened, so not inside a script.
     */
    void setting(String key, Object value) {
        if (runtime != null && !value.equals(properties.get(key))) {
            throw new BillingException("this option sets " + key + "=" + value + ", which cannot change once the"
                    + " database is open (in a script); set it for the whole process instead, in the environment: "
                    + key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + "=" + value);
        }
        properties.put(key, value);
    }

    /** A command of a script: it shares the script's runtime and resolves paths against its folder. */
    BillingCommand(BillingCommand script, Path baseDir) {
        this.properties = script.properties;
        this.activity = script.activity;
        this.runtime = script.runtime();
        this.baseDir = baseDir;
        this.ownsRuntime = false;
    }

    BillingRuntime runtime() {
        if (runtime == null) {
            runtime = new BillingRuntime(dbUrl, dbDir == null ? Path.of("var", "pg") : dbDir, properties, activity)
                    .withLibraryLogs(stacktrace);
        }
        return runtime;
    }

    /** The runtime of {@code billing serve}: web endpoints and the nightly schedule. */
    BillingRuntime serverRuntime() {
        if (runtime != null) {
            throw new IllegalStateException("the database is already open");
        }
        runtime = new BillingRuntime(dbUrl, dbDir == null ? Path.of("var", "pg") : dbDir, properties, activity, true);
        return runtime;
    }

    /** Replaces the database with a fresh embedded one in {@code dir} (the demo's). */
    BillingRuntime freshEmbedded(Path dir) {
        if (runtime != null) {
            throw new IllegalStateException("the database is already open");
        }
        runtime = new BillingRuntime(null, dir, properties, activity).withLibraryLogs(stacktrace);
        return runtime;
    }

    /** Where this command works, for the message of a failure (opens nothing). */
    FailureMessage.Where where() {
        return runtime().where();
    }

    /**
     * The line for the embedded server's death, if it died under this process (checked now: its
     * watch looks four times a second); empty before any database was opened.
     */
    java.util.Optional<String> serverDeath() {
        return runtime == null ? java.util.Optional.empty() : runtime.serverDeath();
    }

    <T> T bean(Class<T> type) {
        return runtime().bean(type);
    }

    Path resolve(Path path) {
        return baseDir.resolve(path).normalize();
    }

    @Override
    public void close() {
        if (runtime != null && ownsRuntime) {
            runtime.close();
        }
    }
}
