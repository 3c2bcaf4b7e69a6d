package com.creditledger.jobs.cli;

import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.DatabaseUnavailableException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code billing} command: parses, runs, prints errors for people. */
public final class BillingCli {

    private BillingCli() {}

    public static int run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs with extra Spring properties (tests use this to pin settings). */
    public static int run(Map<String, Object> properties, String... args) {
        BillingCommand root = new BillingCommand(properties);
        try {
            return commandLine(root).execute(args);
        } finally {
            root.close();
        }
    }

    static CommandLine commandLine(BillingCommand root) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setExecutionExceptionHandler(BillingCli::handle);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Throwable cause = e;
        while (!(cause instanceof BillingException)
                && !(cause instanceof DatabaseUnavailableException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof BillingException || cause instanceof DatabaseUnavailableException) {
            err.println("billing: " + cause.getMessage());
        } else {
            err.println("billing: unexpected failure: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
