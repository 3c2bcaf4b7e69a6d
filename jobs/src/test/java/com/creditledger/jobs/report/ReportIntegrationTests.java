package com.creditledger.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.jobs.BillingHarness;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * Runs the random-small conformance scenario, then the reports of each of its months, and checks
 * them against the ledger: the finance reconciliation evaluates to zero differences, statements
 * reconcile and are reproducible.
 */
class ReportIntegrationTests {

    static final List<String> MONTHS = List.of("2026-01", "2026-02", "2026-03", "2026-04");

    @TempDir
    static Path work;

    static BillingHarness billing;
    static Path scenario;

    @BeforeAll
    static void runScenario() throws Exception {
        scenario = work.resolve("random-small");
        FileSystemUtils.copyRecursively(
                Path.of(ReportIntegrationTests.class
                        .getResource("/conformance/random-small")
                        .toURI()),
                scenario);
        billing = new BillingHarness("reports", Map.of());
        BillingHarness.Outcome outcome =
                billing.run("script", scenario.resolve("script.txt").toString());
        assertThat(outcome.exit()).as(outcome.err()).isZero();
    }

    @AfterAll
    static void dropDatabase() {
        if (billing != null) {
            billing.close();
        }
    }

    static XSSFWorkbook open(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new XSSFWorkbook(in);
        }
    }

    @Test
    void financeReconciliationDifferencesAreZeroEveryMonth() throws Exception {
        for (String month : MONTHS) {
            // given
            Path out = work.resolve("finance");
            // when
            BillingHarness.Outcome outcome =
                    billing.run("report", "finance", "--month", month, "--format", "xlsx", "--out", out.toString());
            // then
            assertThat(outcome.exit()).as(outcome.err()).isZero();
            try (XSSFWorkbook workbook = open(out.resolve("finance-" + month + ".xlsx"))) {
                FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
                Sheet reconciliation = workbook.getSheet("Reconciliation");
                int differences = 0;
                for (Row row : reconciliation) {
                    Cell item = row.getCell(1);
                    if (item != null && item.getStringCellValue().startsWith("Difference")) {
                        Cell value = row.getCell(2);
                        assertThat(value.getCellType()).isEqualTo(CellType.FORMULA);
                        assertThat(evaluator.evaluate(value).getNumberValue())
                                .as("%s %s row %d", month, item.getStringCellValue(), row.getRowNum() + 1)
                                .isZero();
                        differences++;
                    }
                }
                assertThat(differences).isEqualTo(7);
                // the summary's consumption equals the ledger's
                Row records = reconciliation.getRow(1);
                assertThat(records.getCell(2).getNumericCellValue())
                        .isEqualTo(billing.count("SELECT sum(records) FROM ingested_file"));
                Row total = null;
                for (Row row : workbook.getSheet("Purchased credits")) {
                    if (row.getCell(0) != null
                            && row.getCell(0).getCellType() == CellType.STRING
                            && row.getCell(0).getStringCellValue().equals("Total")) {
                        total = row;
                    }
                }
                assertThat(total).isNotNull();
                assertThat(total.getCell(5).getCellType()).isEqualTo(CellType.FORMULA);
            }
        }
        // and to date: the last month's balance is the ledger's
        try (XSSFWorkbook workbook = open(work.resolve("finance").resolve("finance-2026-04.xlsx"))) {
            FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
            Row closing = workbook.getSheet("Reconciliation").getRow(11);
            assertThat(closing.getCell(1).getStringCellValue()).isEqualTo("Closing balance");
            assertThat(evaluator.evaluate(closing.getCell(2)).getNumberValue())
                    .isEqualTo(billing.count("SELECT sum(balance) FROM account_state"));
        }
    }

    @Test
    void statementsReconcileAndAreReproducible() throws Exception {
        for (String month : MONTHS) {
            // given
            Path first = work.resolve("statements-a");
            Path second = work.resolve("statements-b");
            // when
            assertThat(billing.run(
                                    "report",
                                    "statements",
                                    "--month",
                                    month,
                                    "--format",
                                    "csv",
                                    "--out",
                                    first.toString())
                            .exit())
                    .isZero();
            assertThat(billing.run("report", "statements", "--month", month, "--out", first.toString())
                            .exit())
                    .isZero();
            assertThat(billing.run("report", "statements", "--month", month, "--out", second.toString())
                            .exit())
                    .isZero();
            // then
            Path csv = first.resolve("statements-" + month + "-statements.csv");
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0)).contains("Opening balance", "Closing balance");
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                long opening = Long.parseLong(f[6]);
                long granted =
                        Long.parseLong(f[7]) + Long.parseLong(f[8]) + Long.parseLong(f[9]) + Long.parseLong(f[10]);
                long closing = Long.parseLong(f[13]);
                assertThat(opening + granted - Long.parseLong(f[11]) - Long.parseLong(f[12]))
                        .as(line)
                        .isEqualTo(closing);
                assertThat(f[0]).matches("ST-ws-\\d{3}-\\d+");
            }
            assertThat(Files.readString(first.resolve("statements-" + month + ".html")))
                    .isEqualTo(Files.readString(second.resolve("statements-" + month + ".html")));
        }
        // the statement of a cycle ties to the ledger: the closing balance of ws-002's cycle ending 2026-03-02
        String march = Files.readString(work.resolve("statements-a").resolve("statements-2026-03-statements.csv"));
        long closing = billing.count(
                "SELECT sum(p.amount) FROM ledger_txn t JOIN ledger_posting p USING (txn_id)"
                        + " WHERE t.workspace_id = 'ws-002' AND p.account = 'wallet' AND t.effective_at < '2026-03-02T00:00:00Z'");
        assertThat(march).contains("ST-ws-002-1,").contains("," + closing + "\n");
    }

    @Test
    void everyReportOpensAndTotalsAreFormulas() throws Exception {
        // given
        Path out = work.resolve("all");
        for (String report : List.of("usage", "agents", "automation-runs", "activity", "finance", "statements")) {
            for (String format : List.of("xlsx", "csv")) {
                // when
                BillingHarness.Outcome outcome = billing.run(
                        "report", report, "--month", "2026-03", "--format", format, "--out", out.toString());
                // then
                assertThat(outcome.exit())
                        .as(report + " " + format + ": " + outcome.err())
                        .isZero();
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xlsx")).toList()) {
                try (XSSFWorkbook workbook = open(file)) {
                    assertThat(workbook.getNumberOfSheets()).as(file.toString()).isPositive();
                }
            }
        }
        try (XSSFWorkbook usage = open(out.resolve("usage-2026-03.xlsx"))) {
            FormulaEvaluator evaluator = usage.getCreationHelper().createFormulaEvaluator();
            Sheet byDay = usage.getSheet("By day");
            Row total = byDay.getRow(byDay.getLastRowNum());
            assertThat(total.getCell(0).getStringCellValue()).isEqualTo("Total");
            assertThat(total.getCell(3).getCellType()).isEqualTo(CellType.FORMULA);
            assertThat((long) evaluator.evaluate(total.getCell(3)).getNumberValue())
                    .isEqualTo(
                            billing.count(
                                    "SELECT coalesce(sum(p.amount), 0) FROM ledger_txn t"
                                            + " JOIN ledger_posting p USING (txn_id) WHERE p.account = 'consumed'"
                                            + " AND t.effective_at >= '2026-03-01T00:00:00Z' AND t.effective_at < '2026-04-01T00:00:00Z'"));
        }
    }

    @Test
    void eachModelsUsageCarriesTheTierOfItsPriceRow() throws Exception {
        // given the scenario's price table: each model has one tier in every version
        List<String> prices = Files.readAllLines(scenario.resolve("prices.csv"));
        Map<String, String> tierOf = new HashMap<>();
        for (String line : prices.subList(1, prices.size())) {
            String[] f = line.split(",", -1);
            tierOf.put(f[2], f[3]);
        }
        // when
        Path out = work.resolve("tiers");
        assertThat(billing.run("report", "usage", "--month", "2026-03", "--format", "xlsx", "--out", out.toString())
                        .exit())
                .isZero();
        // then every model row names its price row's tier (rated rows do not store it)
        try (XSSFWorkbook usage = open(out.resolve("usage-2026-03.xlsx"))) {
            Map<String, String> reported = new TreeMap<>();
            for (Row row : usage.getSheet("By model")) {
                Cell model = row.getCell(1);
                if (model != null
                        && model.getCellType() == CellType.STRING
                        && tierOf.containsKey(model.getStringCellValue())) {
                    reported.merge(
                            model.getStringCellValue(),
                            row.getCell(2).getStringCellValue(),
                            (a, b) -> a.equals(b) ? a : a + "|" + b);
                }
            }
            assertThat(reported)
                    .isNotEmpty()
                    .allSatisfy((model, tier) -> assertThat(tier).as(model).isEqualTo(tierOf.get(model)));
            List<String> summaryTiers = new ArrayList<>();
            for (Row row : usage.getSheet("Summary")) {
                Cell tier = row.getCell(0);
                if (tier != null && tier.getCellType() == CellType.STRING) {
                    summaryTiers.add(tier.getStringCellValue());
                }
            }
            assertThat(summaryTiers).contains("lightweight", "standard", "frontier");
        }
        // and so does every model line of the month's statements
        assertThat(billing.run("report", "statements", "--month", "2026-03", "--out", out.toString())
                        .exit())
                .isZero();
        String html = Files.readString(out.resolve("statements-2026-03.html"));
        Matcher line = Pattern.compile("<tr><td>([^<]+)</td><td>([^<]*)</td><td class=\"num\">")
                .matcher(html);
        int modelLines = 0;
        while (line.find()) {
            if (tierOf.containsKey(line.group(1))) {
                assertThat(line.group(2)).as(line.group(1)).isEqualTo(tierOf.get(line.group(1)));
                modelLines++;
            }
        }
        assertThat(modelLines).isPositive();
    }
}
