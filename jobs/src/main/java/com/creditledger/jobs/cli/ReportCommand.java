package com.creditledger.jobs.cli;

import com.creditledger.jobs.report.Report;
import com.creditledger.jobs.report.ReportService;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.OutputFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a human report of a UTC month (SPEC §6, docs/reports.md) into a folder.",
            "usage, agents, automation-runs, activity, finance: xlsx or csv; statements: html, csv or xlsx."
        })
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Parameters(
            index = "0",
            paramLabel = "WHAT",
            description = "usage, agents, automation-runs, activity, finance or statements")
    String what;

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "the UTC calendar month")
    String month;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "xlsx, csv or html (default: html for statements, xlsx otherwise)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder to write into")
    Path out;

    @Override
    public Integer call() {
        Report report = Report.fromCommandName(what);
        YearMonth ym;
        try {
            ym = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new BillingException("--month must be YYYY-MM, e.g. 2026-11; got '" + month + "'");
        }
        String fmt = format == null ? report.defaultFormat() : format;
        ReportService reports = root.bean(ReportService.class);
        Path dir = root.resolve(out);
        List<Path> written;
        try {
            written = reports.write(report, ym, fmt, dir);
        } catch (UncheckedIOException e) {
            throw OutputFiles.cannotWrite(dir, dir, e);
        }
        for (Path file : written) {
            System.out.println("wrote " + report.commandName() + " report: " + file);
        }
        return 0;
    }

    /** Writes every report of the month in every format it has; prints and returns the files. */
    static List<Path> writeAll(ReportService reports, YearMonth month, Path dir) {
        List<Path> files = reports.writeAll(month, dir);
        System.out.println("reports for " + month + ":");
        files.forEach(file -> System.out.println("  " + file));
        return files;
    }
}
