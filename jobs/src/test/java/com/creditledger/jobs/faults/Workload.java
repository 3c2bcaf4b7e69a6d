package com.creditledger.jobs.faults;

import com.creditledger.jobs.catalog.CatalogFiles;
import com.creditledger.jobs.demo.DatasetGenerator;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * What every trial of the fault suite runs: a generated week (a few thousand requests, a few dozen
 * workspaces, a third of them with auto top-up and some of those with declining cards) mixed with
 * every hostile request log of the conformance suite (and their prices, as a version in effect from
 * February to October 2026), through four commands, each in a process of
 * its own as an operator would run them:
 *
 * <ol>
 *   <li>{@link Stage#SETUP}: {@code script setup.txt} on an empty {@code --db-dir} (initdb, the
 *       migrations, the catalog, the workspaces and purchases);
 *   <li>{@link Stage#INGEST}: one {@code ingest} of eight files, four days and the four hostile files;
 *   <li>{@link Stage#RATE}: {@code rate --through 2026-11-05T00:00:00Z}, top-ups through the fake Stripe;
 *   <li>{@link Stage#NIGHTLY}: {@code nightly --date 2026-11-05} with three files in the inbox (the
 *       fifth and sixth days and a copy of a file ingested before).
 * </ol>
 */
final class Workload {

    /** The commands of the scenario, in order; a trial attacks one of them. */
    enum Stage {
        SETUP("setup"),
        INGEST("ingest"),
        RATE("rate"),
        NIGHTLY("nightly");

        final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    static final LocalDate START = LocalDate.of(2026, 11, 1);
    static final Instant RATE_THROUGH = Instant.parse("2026-11-05T00:00:00Z");
    static final LocalDate NIGHT = LocalDate.of(2026, 11, 5);
    static final Instant NIGHT_THROUGH = Instant.parse("2026-11-06T00:00:00Z");

    private static final long RECORDS = 6_000;
    private static final int GENERATED_WORKSPACES = 30;
    private static final int DAYS = 6;
    private static final long DATA_SEED = 17;

    final Path setupScript;
    /** The request logs of {@link Stage#INGEST}, in the order of the command line. */
    final List<Path> ingestFiles;
    /** The files delivered to the inbox before {@link Stage#NIGHTLY}. */
    final List<Path> inboxFiles;
    /** Every request log of the scenario, with the name it has when ingested. */
    final Map<Path, String> requestLogs;

    private Workload(Path setupScript, List<Path> ingestFiles, List<Path> inboxFiles, Map<Path, String> requestLogs) {
        this.setupScript = setupScript;
        this.ingestFiles = ingestFiles;
        this.inboxFiles = inboxFiles;
        this.requestLogs = requestLogs;
    }

    /** Generates the data set (always the same bytes) into {@code dir}. */
    static Workload create(Path dir) throws IOException {
        Path config = Path.of("..", "config").toAbsolutePath().normalize();
        Path data = dir.resolve("data");
        DatasetGenerator.Spec spec =
                new DatasetGenerator.Spec(RECORDS, GENERATED_WORKSPACES, START, DAYS, DATA_SEED, 0.03, 0.01);
        DatasetGenerator.Result generated = new DatasetGenerator(CatalogFiles.read(config)).generate(data, spec);
        Path workspacesCsv = data.resolve("workspaces-topup.csv");
        withMoreTopups(data.resolve("workspaces.csv"), workspacesCsv, config);
        Path suite = conformance();
        Path hostile = suite.resolve("hostile-input");
        Path bad = suite.resolve("bad-input");
        List<Path> days = generated.requestFiles();
        List<Path> ingest = List.of(
                days.get(0),
                hostile.resolve("requests/hostile.csv"),
                days.get(1),
                hostile.resolve("requests/hostile.jsonl"),
                days.get(2),
                bad.resolve("requests/march.csv"),
                days.get(3),
                bad.resolve("requests/extra.jsonl"));
        // the inbox: the next two days, and a file ingested before under another name (skipped whole)
        Path again = data.resolve("march-again.csv");
        Files.copy(bad.resolve("requests/march.csv"), again);
        List<Path> inbox = List.of(days.get(4), days.get(5), again);
        Map<Path, String> logs = new LinkedHashMap<>();
        ingest.forEach(file -> logs.put(file, file.getFileName().toString()));
        inbox.forEach(file -> logs.put(file, file.getFileName().toString()));
        // the hostile logs' own prices (mega-1 makes costs overflow), in effect from February to October
        Path hostilePrices = data.resolve("prices-hostile.csv");
        List<String> prices = new ArrayList<>();
        for (String line : Files.readAllLines(hostile.resolve("prices.csv"), StandardCharsets.UTF_8)) {
            prices.add(
                    prices.isEmpty()
                            ? line
                            : line.replaceFirst("^v1,2025-12-01T00:00:00Z,", "2026.02-hostile,2026-02-01T00:00:00Z,"));
        }
        Files.write(hostilePrices, prices, StandardCharsets.UTF_8);
        Path setup = dir.resolve("setup.txt");
        Files.write(
                setup,
                List.of(
                        "load plans " + config.resolve("plans.csv"),
                        "load packs " + config.resolve("packs.csv"),
                        "load prices " + config.resolve("prices.csv"),
                        "load prices " + hostilePrices,
                        "load workspaces " + workspacesCsv,
                        "load workspaces " + hostile.resolve("workspaces.csv"),
                        "load workspaces " + bad.resolve("workspaces.csv"),
                        "load purchases " + data.resolve("purchases.csv")),
                StandardCharsets.UTF_8);
        return new Workload(setup, ingest, inbox, logs);
    }

    /** The command line of a stage (after the global options). */
    List<String> command(Stage stage) {
        return switch (stage) {
            case SETUP -> List.of("script", setupScript.toString());
            case INGEST -> {
                List<String> args = new ArrayList<>(List.of("ingest"));
                ingestFiles.forEach(file -> args.add(file.toString()));
                yield args;
            }
            case RATE -> List.of("rate", "--through", RATE_THROUGH.toString());
            case NIGHTLY -> List.of("nightly", "--date", NIGHT.toString());
        };
    }

    /** The commands after {@code stage}, as lines of a {@code billing script}. */
    List<String> commandsAfter(Stage stage) {
        List<String> lines = new ArrayList<>();
        for (Stage later : Stage.values()) {
            if (later.ordinal() > stage.ordinal()) {
                lines.add(String.join(" ", command(later)));
            }
        }
        return lines;
    }

    /** Drops the night's files into {@code inbox}, as the log shipper would. */
    void deliver(Path inbox) {
        try {
            Files.createDirectories(inbox);
            for (Path file : inboxFiles) {
                Files.copy(file, inbox.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path conformance() {
        try {
            return Path.of(Workload.class.getResource("/conformance").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rewrites the generated workspaces so that a third of them top up often (a threshold just under
     * the allowance, so the first requests of a cycle trigger top-ups; three a cycle at most, or no
     * limit), one in five of those with a declining card.
     */
    private static void withMoreTopups(Path in, Path out, Path config) throws IOException {
        Map<String, Long> allowance = new HashMap<>();
        for (CSVRecord plan : read(config.resolve("plans.csv"))) {
            if (!plan.get("monthly_credits").isEmpty()) {
                allowance.put(plan.get("plan"), Long.parseLong(plan.get("monthly_credits")));
            }
        }
        List<CSVRecord> rows = read(in);
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setRecordSeparator("\n")
                .setHeader(DatasetGenerator.WORKSPACES_HEADER.split(","))
                .get();
        int topups = 0;
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(writer, format)) {
            for (int i = 0; i < rows.size(); i++) {
                CSVRecord row = rows.get(i);
                List<String> values = new ArrayList<>();
                for (String column : DatasetGenerator.WORKSPACES_HEADER.split(",")) {
                    values.add(row.get(column));
                }
                if (i % 3 == 1) {
                    String plan = row.get("plan");
                    long credits = plan.equals("enterprise")
                            ? Long.parseLong(row.get("custom_allowance"))
                            : allowance.get(plan);
                    int k = topups++;
                    values.set(5, "true");
                    values.set(6, Long.toString(credits * 99 / 100));
                    values.set(7, "p1k");
                    values.set(8, k % 4 == 3 ? "" : "3");
                    values.set(
                            9,
                            k % 5 == 2
                                    ? (k % 10 == 2
                                            ? "pm_card_chargeDeclined"
                                            : "pm_card_chargeDeclinedInsufficientFunds")
                                    : "pm_card_visa");
                }
                printer.printRecord(values);
            }
        }
    }

    private static List<CSVRecord> read(Path csv) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = format.parse(reader)) {
            return parser.getRecords();
        }
    }
}
