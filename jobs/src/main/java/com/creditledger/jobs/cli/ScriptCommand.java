package com.creditledger.jobs.cli;

import com.creditledger.jobs.system.BillingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "script",
        mixinStandardHelpOptions = true,
        description = {
            "Runs billing commands from FILE, one per line, in one process.",
            "Blank lines and lines starting with # are skipped; relative paths resolve against FILE's",
            "folder; the first failing line stops the script and is named."
        })
final class ScriptCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Parameters(paramLabel = "FILE", description = "the script")
    Path file;

    @Override
    public Integer call() {
        Path script = root.resolve(file).toAbsolutePath();
        List<String> lines;
        try {
            lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BillingException("could not read the script " + script + ": " + e.getMessage());
        }
        Path folder = script.getParent();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            System.out.println("> " + line);
            BillingCommand command = new BillingCommand(root, folder);
            int exit = BillingCli.commandLine(command).execute(split(line));
            if (exit != 0) {
                throw new BillingException(
                        script.getFileName() + " line " + (i + 1) + " failed (exit " + exit + "): " + line);
            }
        }
        return 0;
    }

    /** Splits on blanks, keeping double-quoted arguments whole. */
    static String[] split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    args.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            args.add(current.toString());
        }
        return args.toArray(String[]::new);
    }
}
