package com.creditledger.reports.automation;

import com.creditledger.reports.table.CellType;
import com.creditledger.reports.table.Column;
import com.creditledger.reports.table.HumanCsv;
import com.creditledger.reports.table.ReportFiles;
import com.creditledger.reports.table.Table;
import com.creditledger.reports.table.XlsxReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;

/** Credits used per automation run in one UTC month (requests charged in the month). */
public final class AutomationRunsReport {

    /**
     * One automation run.
     *
     * @param models the models the run used, by credits, e.g. {@code gpt-5 (1,200); lite-1 (8)}
     */
    public record AutomationRun(
            String workspaceId,
            String automationId,
            String runId,
            Instant firstRequestAt,
            Instant lastRequestAt,
            long requests,
            long credits,
            String models) {}

    static final Table<AutomationRun> RUNS = Table.of(
            "Automation runs",
            List.of(
                    Column.text("Workspace", 16, AutomationRun::workspaceId),
                    Column.text("Automation", 20, AutomationRun::automationId),
                    Column.text("Run", 22, AutomationRun::runId),
                    Column.of("First request (UTC)", CellType.INSTANT, AutomationRun::firstRequestAt),
                    Column.of("Last request (UTC)", CellType.INSTANT, AutomationRun::lastRequestAt),
                    Column.summed("Requests", CellType.COUNT, AutomationRun::requests),
                    Column.summed("Credits", CellType.CREDITS, AutomationRun::credits),
                    Column.text("Models", 48, AutomationRun::models)));

    private AutomationRunsReport() {}

    public static Path xlsx(Path dir, YearMonth month, Stream<AutomationRun> rows) {
        Path file = ReportFiles.file(dir, "automation-runs", month, "xlsx");
        try (XlsxReport xlsx = new XlsxReport()) {
            xlsx.table(RUNS, rows);
            xlsx.write(file);
        }
        return file;
    }

    public static Path csv(Path dir, YearMonth month, Stream<AutomationRun> rows) {
        Path file = ReportFiles.file(dir, "automation-runs", month, "csv");
        HumanCsv.write(file, RUNS, rows);
        return file;
    }
}
