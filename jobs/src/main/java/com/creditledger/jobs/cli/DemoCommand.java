package com.creditledger.jobs.cli;

import com.creditledger.jobs.catalog.CatalogLoader;
import com.creditledger.jobs.catalog.CatalogRepository;
import com.creditledger.jobs.check.LedgerCheck;
import com.creditledger.jobs.demo.DatasetGenerator;
import com.creditledger.jobs.export.ExportService;
import com.creditledger.jobs.ingest.IngestService;
import com.creditledger.jobs.ingest.IngestSummary;
import com.creditledger.jobs.rate.RateService;
import com.creditledger.jobs.report.ReportService;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a simulated month on a fresh embedded database under var/demo.",
            "Loads the default catalog from config/, generates a realistic month of traffic (about",
            "200,000 requests from 300 workspaces, with late and bad rows), ingests and rates it night",
            "by night, checks the ledger and writes every export to var/demo/out."
        })
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    BillingCommand root;

    @Option(names = "--dir", paramLabel = "DIR", description = "where the demo lives (default: var/demo)")
    Path dir = Path.of("var", "demo");

    @Option(names = "--records", paramLabel = "N", description = "requests to generate (default: 200000)")
    long records = 200_000;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        Path home = dir.toAbsolutePath().normalize();
        Path config = config();
        EmbeddedDatabase.delete(home.resolve("pg")); // not under a live server, nor one a killed demo left
        FileSystemUtils.deleteRecursively(home);
        Path data = home.resolve("data");
        Path out = home.resolve("out");
        root.freshEmbedded(home.resolve("pg"));

        System.out.println("database: embedded PostgreSQL in " + home.resolve("pg"));
        CatalogLoader loader = root.bean(CatalogLoader.class);
        System.out.println(loader.loadPlans(config.resolve("plans.csv")));
        System.out.println(loader.loadPacks(config.resolve("packs.csv")));
        System.out.println(loader.loadPrices(config.resolve("prices.csv")));

        // the traffic is drawn on the catalog just loaded: its plans, packs and priced models
        DatasetGenerator.Spec defaults = DatasetGenerator.Spec.demo();
        DatasetGenerator.Spec spec = new DatasetGenerator.Spec(
                records,
                (int) Math.max(5, records * defaults.workspaces() / defaults.records()),
                defaults.start(),
                defaults.days(),
                defaults.seed(),
                defaults.lateFraction(),
                defaults.badFraction());
        DatasetGenerator.Result generated =
                new DatasetGenerator(root.bean(CatalogRepository.class).catalog()).generate(data, spec);
        System.out.println("generated " + generated.summary());
        System.out.println(loader.loadWorkspaces(data.resolve("workspaces.csv")));
        System.out.println(loader.loadPurchases(data.resolve("purchases.csv")));

        IngestService ingest = root.bean(IngestService.class);
        RateService rate = root.bean(RateService.class);
        long read = 0;
        long atIngest = 0;
        long atRating = 0;
        long duplicates = 0;
        Map<String, Long> byReason = new TreeMap<>();
        System.out.println("nightly runs: ingest each day's log, then rate through the next midnight");
        for (Path file : generated.requestFiles()) {
            IngestSummary summary = ingest.ingest(file);
            read += summary.records();
            atIngest += summary.quarantined();
            duplicates += summary.duplicates();
            summary.quarantinedByReason().forEach((reason, count) -> byReason.merge(reason, count, Long::sum));
            LocalDate day =
                    LocalDate.parse(file.getFileName().toString().replaceAll("\\D*(\\d{4}-\\d{2}-\\d{2}).*", "$1"));
            RateService.RateSummary rated =
                    rate.rate(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            atRating += rated.quarantined();
            System.out.printf(
                    "  %s: ingested %,6d records (%d quarantined), rated %,6d requests for %,9d credits, top-ups: %d%n",
                    day, summary.records(), summary.quarantined(), rated.rated(), rated.credits(), rated.topups());
        }
        System.out.printf(
                "ingested %,d records: %,d duplicates, %,d quarantined at ingest %s, %,d more at rating%n",
                read, duplicates, atIngest, byReason, atRating);

        LedgerCheck.Result check = root.bean(LedgerCheck.class).checkAll();
        System.out.println(check.describe());

        ExportService exports = root.bean(ExportService.class);
        for (ExportService.Export export : ExportService.Export.values()) {
            Path file = out.resolve(export.commandName() + ".csv");
            long rows = exports.export(export, file);
            System.out.printf("  wrote %-20s %,9d rows  %s%n", export.commandName(), rows, file);
        }
        ReportCommand.writeAll(root.bean(ReportService.class), YearMonth.from(spec.start()), home.resolve("reports"));
        printBalances(root.bean(JdbcTemplate.class));
        System.out.printf("demo finished in %.1f s; outputs are in %s%n", (System.nanoTime() - started) / 1e9, out);
        return check.ok() ? 0 : 1;
    }

    private static void printBalances(JdbcTemplate jdbc) {
        System.out.println("balances at the end of the month:");
        jdbc.query("""
                SELECT coalesce(s.status, 'NOT_STARTED') AS status, count(*) AS workspaces,
                       coalesce(sum(s.balance), 0) AS balance, coalesce(sum(s.consumed), 0) AS consumed,
                       coalesce(sum(s.expired), 0) AS expired, coalesce(sum(s.topups), 0) AS topups
                FROM workspace w LEFT JOIN account_state s USING (workspace_id)
                GROUP BY 1 ORDER BY 1
                """, rs -> {
            System.out.printf(
                    "  %-15s %5d workspaces  balance %,15d  consumed %,15d  expired %,13d  top-ups %4d%n",
                    rs.getString("status"),
                    rs.getLong("workspaces"),
                    rs.getLong("balance"),
                    rs.getLong("consumed"),
                    rs.getLong("expired"),
                    rs.getLong("topups"));
        });
        System.out.println("top consumers:");
        jdbc.query("""
                SELECT s.workspace_id, w.plan_id, s.consumed, s.balance, s.status FROM account_state s
                JOIN workspace w USING (workspace_id) ORDER BY s.consumed DESC, s.workspace_id LIMIT 5
                """, rs -> {
            System.out.printf(
                    "  %-14s %-10s consumed %,13d  balance %,13d  %s%n",
                    rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5));
        });
    }

    /** The default catalog: billing.home/config (set by scripts/billing), else config/ above the working directory. */
    private static Path config() {
        String home = System.getProperty("billing.home");
        if (home != null && Files.isDirectory(Path.of(home, "config"))) {
            return Path.of(home, "config");
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isRegularFile(at.resolve("config").resolve("plans.csv"))) {
                return at.resolve("config");
            }
        }
        throw new BillingException("cannot find the default catalog (config/plans.csv); run the demo with"
                + " scripts/billing demo from the project, or from a folder that has config/");
    }
}
