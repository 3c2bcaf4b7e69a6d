package com.creditledger.jobs.cli;

import com.creditledger.jobs.ingest.IngestService;
import com.creditledger.jobs.ingest.IngestSummary;
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
        long records = 0;
        long accepted = 0;
        long duplicates = 0;
        long quarantined = 0;
        for (Path file : files) {
            IngestSummary summary = service.ingest(root.resolve(file));
            System.out.println(summary.describe());
            records += summary.records();
            accepted += summary.accepted();
            duplicates += summary.duplicates();
            quarantined += summary.quarantined();
        }
        if (files.size() > 1) {
            System.out.printf(
                    "total: %d files, read %d, accepted %d, duplicates %d, quarantined %d%n",
                    files.size(), records, accepted, duplicates, quarantined);
        }
        return 0;
    }
}
