package com.creditledger.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.creditledger.reports.agents.AgentsReport;
import com.creditledger.reports.table.SpreadsheetText;
import com.creditledger.reports.usage.UsageReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpreadsheetSafetyTests {

    static final YearMonth MONTH = YearMonth.of(2026, 11);
    static final String HOSTILE_NAME = "=HYPERLINK(\"http://x\",\"y\")";

    static UsageReport.WorkspaceUsage hostileWorkspace() {
        return new UsageReport.WorkspaceUsage("ws-evil", HOSTILE_NAME, "pro", 3, 120, 100, 20, 0, 50, -70);
    }

    static UsageReport.WorkspaceUsage plainWorkspace() {
        return new UsageReport.WorkspaceUsage("ws-good", "Acme, Inc.", "business", 2, 30, 30, 0, 0, 1000, 970);
    }

    static AgentsReport.AgentUsage plusAgent() {
        return new AgentsReport.AgentUsage("ws-evil", "+cmd|' /C calc'!A0", 4, 80, 120, 1, "-2+3 (80)");
    }

    static UsageReport.Data usage() {
        return new UsageReport.Data(
                MONTH,
                List.of(hostileWorkspace(), plainWorkspace()),
                List.of(new UsageReport.TierUsage("lightweight", 4, 50), new UsageReport.TierUsage("frontier", 1, 100)),
                () -> Stream.of(
                        new UsageReport.DailyUsage("ws-evil", LocalDate.of(2026, 11, 2), 3, 120),
                        new UsageReport.DailyUsage("@ws", LocalDate.of(2026, 11, 3), 2, 30)),
                () -> Stream.of(new UsageReport.ModelUsage("ws-evil", "\tmodel", "frontier", 3, 120)));
    }

    @Test
    void hostileTextIsNeverAFormulaAndNumbersStayNumbers(@TempDir Path dir) throws Exception {
        // given a workspace named like a formula and an agent id starting with +
        // when
        Path usage = UsageReport.xlsx(dir, usage());
        Path agents = AgentsReport.xlsx(dir, MONTH, Stream.of(plusAgent()));
        // then
        for (Path file : List.of(usage, agents)) {
            try (XSSFWorkbook workbook = ReportWorkbooks.open(file)) {
                for (Cell cell : ReportWorkbooks.cells(workbook)) {
                    if (cell.getCellType() == CellType.FORMULA) {
                        assertThat(cell.getCellFormula()).doesNotContain("HYPERLINK", "cmd", "calc");
                    }
                    if (cell.getCellType() == CellType.STRING
                            && SpreadsheetText.isDangerous(cell.getStringCellValue())) {
                        assertThat(cell.getCellStyle().getQuotePrefixed()).isTrue();
                    }
                }
            }
        }
        try (XSSFWorkbook workbook = ReportWorkbooks.open(usage)) {
            Row evil = workbook.getSheet("Workspaces").getRow(1);
            assertThat(evil.getCell(1).getCellType()).isEqualTo(CellType.STRING);
            assertThat(evil.getCell(1).getStringCellValue()).isEqualTo(HOSTILE_NAME);
            assertThat(evil.getCell(4).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(evil.getCell(4).getNumericCellValue()).isEqualTo(120);
            assertThat(evil.getCell(11).getNumericCellValue()).isEqualTo(-70);
        }
        try (XSSFWorkbook workbook = ReportWorkbooks.open(agents)) {
            Row agent = workbook.getSheet("Agents").getRow(1);
            assertThat(agent.getCell(1).getCellType()).isEqualTo(CellType.STRING);
            assertThat(agent.getCell(1).getStringCellValue()).startsWith("+cmd");
            assertThat(agent.getCell(8).getCellType()).isEqualTo(CellType.STRING);
        }
    }

    @Test
    void totalsAreLiveSumFormulasThatAddUp(@TempDir Path dir) throws Exception {
        // given
        Path usage = UsageReport.xlsx(dir, usage());
        // when
        try (XSSFWorkbook workbook = ReportWorkbooks.open(usage)) {
            org.apache.poi.xssf.usermodel.XSSFSheet sheet = workbook.getSheet("Workspaces");
            Row total = ReportWorkbooks.rowLabelled(sheet, 0, "Total");
            var evaluator = workbook.getCreationHelper().createFormulaEvaluator();
            // then
            assertThat(total.getCell(4).getCellType()).isEqualTo(CellType.FORMULA);
            assertThat(total.getCell(4).getCellFormula()).isEqualTo("SUM(E2:E3)");
            assertThat(evaluator.evaluate(total.getCell(4)).getNumberValue()).isEqualTo(150);
            assertThat(evaluator.evaluate(sheet.getRow(1).getCell(8)).getNumberValue())
                    .isEqualTo(100.0 / 120);
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:L3");
            assertThat(workbook.getSheet("Summary").getDrawingPatriarch().getCharts())
                    .hasSize(2);
            assertThat(workbook.getSheetAt(0).getSheetName()).isEqualTo("Summary");
        }
    }

    @Test
    void csvPrefixesDangerousTextOnly() {
        // given / when / then
        assertThat(SpreadsheetText.forCsv("=1+2")).isEqualTo("'=1+2");
        assertThat(SpreadsheetText.forCsv("+cmd")).isEqualTo("'+cmd");
        assertThat(SpreadsheetText.forCsv("-x")).isEqualTo("'-x");
        assertThat(SpreadsheetText.forCsv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetText.forCsv("\tx")).isEqualTo("'\tx");
        assertThat(SpreadsheetText.forCsv("\rx")).isEqualTo("'\rx");
        assertThat(SpreadsheetText.forCsv("Acme")).isEqualTo("Acme");
    }
}
