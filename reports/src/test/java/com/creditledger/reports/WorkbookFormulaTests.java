package com.creditledger.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.reports.activity.ActivityReport;
import com.creditledger.reports.agents.AgentsReport;
import com.creditledger.reports.automation.AutomationRunsReport;
import com.creditledger.reports.finance.FinanceReport;
import com.creditledger.reports.statement.StatementsReport;
import com.creditledger.reports.usage.UsageReport;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.CellValue;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFFormulaEvaluator;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every formula of every XLSX report is evaluated (POI's FormulaEvaluator), for a representative
 * month and an empty one: none is an error, each equals the value the CSV of the same table shows
 * in that cell, and each total equals the sum of its column.
 */
class WorkbookFormulaTests {

    /** A report written as XLSX and as CSVs (one CSV per sheet, in sheet order). */
    record Report(String name, Function<Path, Path> xlsx, Function<Path, List<Path>> csv) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Report> reports() {
        var month = ReportFixtures.MONTH;
        return Stream.of(
                new Report(
                        "usage",
                        dir -> UsageReport.xlsx(dir, ReportFixtures.usage()),
                        dir -> UsageReport.csv(dir, ReportFixtures.usage())),
                new Report(
                        "usage, hostile text",
                        dir -> UsageReport.xlsx(dir, SpreadsheetSafetyTests.usage()),
                        dir -> UsageReport.csv(dir, SpreadsheetSafetyTests.usage())),
                new Report(
                        "usage, empty month",
                        dir -> UsageReport.xlsx(dir, ReportFixtures.usageEmpty()),
                        dir -> UsageReport.csv(dir, ReportFixtures.usageEmpty())),
                new Report(
                        "agents",
                        dir -> AgentsReport.xlsx(dir, month, ReportFixtures.agents().stream()),
                        dir -> List.of(AgentsReport.csv(dir, month, ReportFixtures.agents().stream()))),
                new Report(
                        "agents, empty month",
                        dir -> AgentsReport.xlsx(dir, month, Stream.empty()),
                        dir -> List.of(AgentsReport.csv(dir, month, Stream.empty()))),
                new Report(
                        "automation runs",
                        dir -> AutomationRunsReport.xlsx(dir, month, ReportFixtures.automationRuns().stream()),
                        dir -> List.of(AutomationRunsReport.csv(dir, month, ReportFixtures.automationRuns().stream()))),
                new Report(
                        "automation runs, empty month",
                        dir -> AutomationRunsReport.xlsx(dir, month, Stream.empty()),
                        dir -> List.of(AutomationRunsReport.csv(dir, month, Stream.empty()))),
                new Report(
                        "activity",
                        dir -> ActivityReport.xlsx(dir, month, ReportFixtures.activity().stream()),
                        dir -> List.of(ActivityReport.csv(dir, month, ReportFixtures.activity().stream()))),
                new Report(
                        "activity, empty month",
                        dir -> ActivityReport.xlsx(dir, month, Stream.empty()),
                        dir -> List.of(ActivityReport.csv(dir, month, Stream.empty()))),
                new Report(
                        "finance",
                        dir -> FinanceReport.xlsx(dir, ReportFixtures.finance()),
                        dir -> FinanceReport.csv(dir, ReportFixtures.finance())),
                new Report(
                        "finance, empty month",
                        dir -> FinanceReport.xlsx(dir, ReportFixtures.financeEmpty()),
                        dir -> FinanceReport.csv(dir, ReportFixtures.financeEmpty())),
                new Report(
                        "statements",
                        dir -> StatementsReport.xlsx(dir, month, ReportFixtures.statements()),
                        dir -> StatementsReport.csv(dir, month, ReportFixtures.statements())),
                new Report(
                        "statements, empty month",
                        dir -> StatementsReport.xlsx(dir, month, List.of()),
                        dir -> StatementsReport.csv(dir, month, List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void everyFormulaEvaluatesToTheCsvValueAndTotalsAddUp(Report report, @TempDir Path dir) throws Exception {
        // given
        Path xlsx = report.xlsx().apply(dir.resolve("xlsx"));
        List<Path> csvs = report.csv().apply(dir.resolve("csv"));
        // when
        try (XSSFWorkbook workbook = ReportWorkbooks.open(xlsx)) {
            FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
            // then
            assertThat(workbook.getNumberOfSheets()).isEqualTo(csvs.size());
            int checked = 0;
            for (int s = 0; s < csvs.size(); s++) {
                checked += checkSheet(workbook.getSheetAt(s), csv(csvs.get(s)), evaluator);
            }
            assertThat(checked)
                    .as("formula cells checked against the CSVs")
                    .isEqualTo(formulaCells(workbook).size());
            // and all at once, as a spreadsheet recalculates (a circular reference is an error in POI)
            XSSFFormulaEvaluator.evaluateAllFormulaCells(workbook);
            for (Cell cell : formulaCells(workbook)) {
                assertThat(cell.getCachedFormulaResultType())
                        .as(where(cell) + " =" + cell.getCellFormula())
                        .isEqualTo(CellType.NUMERIC);
            }
        }
    }

    @Test
    void anEmptyTablesTotalsAreZeroWithoutASelfReference(@TempDir Path dir) throws Exception {
        // given a month without agents (once: SUM(C2:C2) in C2, a circular reference, Err:522)
        Path xlsx = AgentsReport.xlsx(dir, ReportFixtures.MONTH, Stream.empty());
        // when
        try (XSSFWorkbook workbook = ReportWorkbooks.open(xlsx)) {
            Row total = ReportWorkbooks.rowLabelled(workbook.getSheet("Agents"), 0, "Total");
            // then
            assertThat(total.getRowNum()).isEqualTo(1);
            for (int c : new int[] {2, 3, 6}) {
                assertThat(total.getCell(c).getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(total.getCell(c).getNumericCellValue()).isZero();
            }
            assertThat(formulaCells(workbook)).isEmpty();
        }
    }

    @Test
    void everyFinanceDifferenceIsZeroForALedgerThatReconciles(@TempDir Path dir) throws Exception {
        // given a month whose ledger, intake and grants all tie out
        Path xlsx = FinanceReport.xlsx(dir, ReportFixtures.finance());
        // when
        try (XSSFWorkbook workbook = ReportWorkbooks.open(xlsx)) {
            FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
            Sheet checks = workbook.getSheet("Reconciliation");
            List<String> differences = new ArrayList<>();
            // then
            for (Row row : checks) {
                Cell item = row.getCell(1);
                if (item != null && item.getStringCellValue().startsWith("Difference")) {
                    differences.add(item.getStringCellValue());
                    assertThat(evaluator.evaluate(row.getCell(2)).getNumberValue())
                            .as(item.getStringCellValue() + " in row " + (row.getRowNum() + 1))
                            .isZero();
                }
            }
            assertThat(differences).hasSize(7);
            Row granted = ReportWorkbooks.rowLabelled(checks, 1, "Granted");
            assertThat(evaluator.evaluate(granted.getCell(2)).getNumberValue()).isEqualTo(6850);
            Row outstanding = ReportWorkbooks.rowLabelled(checks, 1, "Outstanding at end, per grant");
            assertThat(evaluator.evaluate(outstanding.getCell(2)).getNumberValue())
                    .isEqualTo(4600);
        }
    }

    /**
     * Checks the formula cells and the totals row of one sheet against its CSV; returns the number of
     * formula cells checked.
     */
    static int checkSheet(Sheet sheet, List<CSVRecord> csv, FormulaEvaluator evaluator) {
        CSVRecord header = csv.get(0);
        List<CSVRecord> data = csv.subList(1, csv.size());
        int headerRow = headerRow(sheet, header);
        int checked = 0;
        for (int i = 0; i < data.size(); i++) {
            Row row = sheet.getRow(headerRow + 1 + i);
            assertThat(row).as(sheet.getSheetName() + " data row " + i).isNotNull();
            for (Cell cell : row) {
                if (cell.getCellType() == CellType.FORMULA) {
                    double value = number(evaluator, cell);
                    String expected = data.get(i).get(cell.getColumnIndex());
                    assertThat(value)
                            .as(where(cell) + " =" + cell.getCellFormula() + " against the CSV's " + expected)
                            .isCloseTo(new BigDecimal(expected).doubleValue(), tolerance(expected));
                    checked++;
                }
            }
        }
        Row totals = sheet.getRow(headerRow + 1 + data.size());
        if (totals != null
                && totals.getCell(0) != null
                && "Total".equals(totals.getCell(0).getStringCellValue())) {
            for (Cell cell : totals) {
                if (cell.getColumnIndex() == 0) {
                    continue;
                }
                double total = number(evaluator, cell);
                BigDecimal sum = BigDecimal.ZERO;
                double cells = 0;
                for (int i = 0; i < data.size(); i++) {
                    String field = data.get(i).get(cell.getColumnIndex());
                    sum = field.isEmpty() ? sum : sum.add(new BigDecimal(field));
                    Cell above = sheet.getRow(headerRow + 1 + i).getCell(cell.getColumnIndex());
                    cells += above == null ? 0 : number(evaluator, above);
                }
                String what =
                        where(cell) + (cell.getCellType() == CellType.FORMULA ? " =" + cell.getCellFormula() : "");
                assertThat(total).as(what + " against the CSV column").isCloseTo(sum.doubleValue(), within());
                assertThat(total).as(what + " against the cells above").isCloseTo(cells, within());
                if (cell.getCellType() == CellType.FORMULA) {
                    checked++;
                }
            }
        }
        return checked;
    }

    static double number(FormulaEvaluator evaluator, Cell cell) {
        CellValue value = evaluator.evaluate(cell);
        assertThat(value.getCellType())
                .as(where(cell) + (cell.getCellType() == CellType.FORMULA ? " =" + cell.getCellFormula() : "")
                        + " evaluates to " + value.formatAsString())
                .isEqualTo(CellType.NUMERIC);
        return value.getNumberValue();
    }

    /** The CSV shows a rounded value (a share: 4 decimals): half its last digit. */
    static Offset<Double> tolerance(String csvValue) {
        int scale = Math.max(new BigDecimal(csvValue).scale(), 0);
        return Offset.offset(scale == 0 ? 1e-9 : 0.5 * Math.pow(10, -scale) + 1e-12);
    }

    static Offset<Double> within() {
        return Offset.offset(1e-6);
    }

    static int headerRow(Sheet sheet, CSVRecord header) {
        for (Row row : sheet) {
            List<String> values = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                Cell cell = row.getCell(c);
                values.add(cell == null || cell.getCellType() != CellType.STRING ? null : cell.getStringCellValue());
            }
            if (values.equals(header.toList())) {
                return row.getRowNum();
            }
        }
        throw new AssertionError("no header " + header.toList() + " in sheet " + sheet.getSheetName());
    }

    static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            assertThat(reader.read()).as("byte-order mark of " + file).isEqualTo('\uFEFF');
            return CSVFormat.RFC4180.parse(reader).getRecords();
        }
    }

    static List<Cell> formulaCells(XSSFWorkbook workbook) {
        return ReportWorkbooks.cells(workbook).stream()
                .filter(c -> c.getCellType() == CellType.FORMULA)
                .toList();
    }

    static String where(Cell cell) {
        return "'" + cell.getSheet().getSheetName() + "'!" + new CellReference(cell).formatAsString(false);
    }
}
