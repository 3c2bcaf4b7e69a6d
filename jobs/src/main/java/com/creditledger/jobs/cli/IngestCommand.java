package com.creditledger.jobs.cli;

import com.creditledger.jobs.ingest.IngestService;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Ingests request logs (CSV or JSON Lines, optionally .gz).",
            "Files are ingested in the order given. Bad records are quarantined with a reason, never",
            "dropped; a file ingested before (same SHA-256) is skipped whole."
        })
final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "request log files")
    List<Path> files;

    @Override
    public Integer call() {
        IngestService service = root.bean(IngestService.class);
        long[] totals = new long[4]; // records, accepted, duplicates, quarantined
        service.ingestInOrder(files.stream().map(root::resolve).toList(), summary -> {
            System.out.println(summary.describe());
            totals[0] += summary.records();
            totals[1] += summary.accepted();
            totals[2] += summary.duplicates();
            totals[3] += summary.quarantined();
        });
        if (files.size() > 1) {
            System.out.printf(
                    "total: %d files, read %d, accepted %d, duplicates %d, quarantined %d%n",
                    files.size(), totals[0], totals[1], totals[2], totals[3]);
        }
        return 0;
    }
}
