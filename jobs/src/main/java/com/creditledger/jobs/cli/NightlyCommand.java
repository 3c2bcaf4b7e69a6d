package com.creditledger.jobs.cli;

import com.creditledger.jobs.nightly.NightlyService;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "nightly",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the night's job: inbox → ingest → rate → status feed → exports.",
            "Ingests every file in billing.nightly.inbox (each moved to processed/ or failed/), rates through",
            "D+1 00:00Z, writes the status feed and the day's exports to billing.nightly.outbox. A completed",
            "date is a no-op; a failed one resumes at the step that failed. Exit 3 if a file failed."
        })
final class NightlyCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the day to close (default: yesterday, UTC)")
    LocalDate date;

    @Override
    public Integer call() {
        LocalDate day = date != null
                ? date
                : LocalDate.now(root.bean(Clock.class).withZone(ZoneOffset.UTC)).minusDays(1);
        NightlyService.Summary summary = root.bean(NightlyService.class).run(day);
        System.out.print(summary.describe());
        return summary.failedFiles().isEmpty() ? 0 : 3;
    }
}
