package com.creditledger.jobs.cli;

import com.creditledger.jobs.export.ExportService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Writes a machine-readable CSV export (SPEC §6).")
final class ExportCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Parameters(
            index = "0",
            paramLabel = "WHAT",
            description = "balances, usage, agents, automation-runs, quarantine or ledger")
    String what;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the CSV file to write")
    Path out;

    @Override
    public Integer call() {
        ExportService.Export export = ExportService.Export.fromCommandName(what);
        Path file = root.resolve(out);
        long rows = root.bean(ExportService.class).export(export, file);
        System.out.println("exported " + export.commandName() + ": " + rows + " rows to " + file);
        return 0;
    }
}
