package com.creditledger.jobs.cli;

import com.creditledger.jobs.topup.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Entry point of the {@code billing} command: parses, runs, prints errors for people. */
public final class BillingCli {

    private BillingCli() {}

    /**
     * The {@code billing} process: {@link #run(String...)}, except that the process ends at once,
     * with one line, when its embedded PostgreSQL dies under it.
     */
    public static int main(String... args) {
        return run(new Activity(true), Map.of(), args);
    }

    public static int run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs with extra Spring properties (tests use this to pin settings). */
    public static int run(Map<String, Object> properties, String... args) {
        return run(new Activity(false), properties, args);
    }

    private static int run(Activity activity, Map<String, Object> properties, String... args) {
        BillingCommand root = new BillingCommand(properties, activity);
        CommandLine commandLine = commandLine(root);
        int exit = 1;
        try {
            exit = commandLine.execute(args);
            activity.ended(exit);
        } finally {
            try {
                root.close();
            } catch (RuntimeException e) {
                exit = Math.max(exit, handle(e, commandLine, null));
            }
        }
        return exit;
    }

    static CommandLine commandLine(BillingCommand root) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setExecutionExceptionHandler(BillingCli::handle);
        commandLine.setExecutionStrategy(parseResult -> {
            // the subcommands' names (rate, jobs restart; a script's current line)
            root.activity.started(parseResult.asCommandLineList().stream()
                    .skip(1)
                    .map(CommandLine::getCommandName)
                    .collect(Collectors.joining(" ")));
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /**
     * One line for a failure it knows (what, where, what to do), with the stack trace only when
     * asked ({@code --stacktrace}); an unexpected failure, a bug, always with it. Nothing printed
     * holds a secret.
     */
    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        BillingCommand root =
                (BillingCommand) commandLine.getCommandSpec().root().userObject();
        // an embedded server that died under the command: whatever failed next says less, and its
        // line is printed once (by its watch, or by the first of a script's failing line and the script)
        Optional<String> died = root.serverDeath();
        if (died.isPresent()) {
            if (root.activity.claimReport()) {
                err.println("billing: " + died.get());
                err.flush();
            }
            return 1;
        }
        root.activity.claimReport();
        Optional<String> known;
        try {
            known = FailureMessage.of(e, root.where());
        } catch (RuntimeException whileExplaining) {
            e.addSuppressed(whileExplaining);
            known = Optional.empty();
        }
        if (known.isPresent()) {
            // one line, even for a message that quotes PostgreSQL's (its Hint and Where lines)
            err.println("billing: " + known.get().strip().replaceAll("\\s*\\R\\s*", "; "));
            if (root.stacktrace) {
                printStackTrace(e, err);
            }
        } else {
            err.println("billing: unexpected failure: " + Secrets.redact(e.toString()));
            printStackTrace(e, err);
        }
        err.flush();
        return 1;
    }

    private static void printStackTrace(Throwable e, PrintWriter err) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        err.print(Secrets.redact(trace.toString()));
    }
}
