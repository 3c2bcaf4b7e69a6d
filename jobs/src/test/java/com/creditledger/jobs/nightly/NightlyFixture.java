package com.creditledger.jobs.nightly;

import com.creditledger.jobs.BillingHarness;
import com.creditledger.jobs.catalog.CatalogFiles;
import com.creditledger.jobs.demo.DatasetGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A generated week of traffic, and a database per run whose inbox is fed one day at a time. */
final class NightlyFixture {

    static final LocalDate START = LocalDate.of(2026, 11, 1);
    static final int DAYS = 7;

    final Path config = Path.of("..", "config").toAbsolutePath().normalize();
    final Path data;
    final DatasetGenerator.Result generated;

    NightlyFixture(Path dir, long records, int workspaces) throws IOException {
        data = dir.resolve("data");
        DatasetGenerator.Spec spec = new DatasetGenerator.Spec(records, workspaces, START, DAYS, 11, 0.02, 0.001);
        generated = new DatasetGenerator(CatalogFiles.read(config)).generate(data, spec);
    }

    /** A database with the catalog loaded and its own inbox and outbox. */
    BillingHarness database(String name, Path dir, Map<String, Object> extra) {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                "billing.nightly.inbox",
                dir.resolve(name + "-inbox").toString(),
                "billing.nightly.outbox",
                dir.resolve(name + "-outbox").toString(),
                "billing.rating.partitions",
                2,
                "billing.rating.workspaces-per-chunk",
                2));
        settings.putAll(extra);
        BillingHarness billing = new BillingHarness(name, settings);
        billing.load(config, data, List.of());
        return billing;
    }

    /** Drops day d's log into the inbox, as the log shipper would. */
    void deliver(LocalDate day, Path inbox) {
        try {
            Files.createDirectories(inbox);
            Path file = data.resolve("requests").resolve("day-" + day + ".csv");
            Files.copy(file, inbox.resolve(file.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
