package com.creditledger.jobs.cli;

import com.creditledger.jobs.export.ExportService;
import com.creditledger.jobs.system.OutputFiles;
import java.io.UncheckedIOException;
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
        ExportService exports = root.bean(ExportService.class);
        long rows;
        try {
            rows = exports.export(export, file);
        } catch (UncheckedIOException e) {
            throw OutputFiles.cannotWrite(file, e);
        }
        System.out.println("exported " + export.commandName() + ": " + rows + " rows to " + file);
        return 0;
    }
}
