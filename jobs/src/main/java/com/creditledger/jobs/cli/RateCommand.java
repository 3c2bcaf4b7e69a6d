package com.creditledger.jobs.cli;

import com.creditledger.jobs.rate.RateService;
import com.creditledger.jobs.system.BillingException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "rate",
        mixinStandardHelpOptions = true,
        description = {
            "Rates everything before --through and moves the watermark there.",
            "Requests that arrived late are rated at the old watermark, priced by their own time.",
            "A failed or killed run resumes where it stopped when the same command runs again.",
            "With --remote, workers (billing worker) on any machine sharing the database rate the partitions."
        })
final class RateCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Option(names = "--through", required = true, paramLabel = "INSTANT", description = "e.g. 2026-12-01T00:00:00Z")
    String through;

    @Option(
            names = "--remote",
            description = "hand the partitions to `billing worker` processes through the broker (this process"
                    + " is the manager; same as billing.rating.mode=remote)")
    boolean remote;

    @Mixin
    BrokerOptions broker;

    @Override
    public Integer call() {
        if (remote) {
            root.setting("billing.rating.mode", "remote");
        }
        broker.apply(root);
        Instant instant;
        try {
            instant = java.time.OffsetDateTime.parse(through).toInstant();
        } catch (DateTimeParseException e) {
            throw new BillingException("--through '" + through + "' is not an ISO-8601 instant with an offset,"
                    + " like 2026-12-01T00:00:00Z");
        }
        System.out.println(root.bean(RateService.class).rate(instant).describe());
        return 0;
    }
}
