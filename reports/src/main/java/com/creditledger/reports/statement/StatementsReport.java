package com.creditledger.reports.statement;

import com.creditledger.reports.table.CellType;
import com.creditledger.reports.table.Column;
import com.creditledger.reports.table.HumanCsv;
import com.creditledger.reports.table.Money;
import com.creditledger.reports.table.ReportFiles;
import com.creditledger.reports.table.Table;
import com.creditledger.reports.table.XlsxReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/** Statements of the billing cycles that ended in a month, as HTML, CSV and XLSX. */
public final class StatementsReport {

    static final Table<Statement> STATEMENTS = Table.of(
            "Statements",
            List.of(
                    Column.text("Statement", 22, Statement::number),
                    Column.text("Workspace", 14, Statement::workspaceId),
                    Column.text("Name", 28, Statement::workspaceName),
                    Column.text("Plan", 10, Statement::plan),
                    Column.of("Cycle start", CellType.DATE, s -> day(s.start())),
                    Column.of("Cycle end (exclusive)", CellType.DATE, s -> day(s.end())),
                    Column.summed("Opening balance", CellType.CREDITS, Statement::opening),
                    Column.summed("Plan credits", CellType.CREDITS, Statement::grantedPlan),
                    Column.summed("Credit packs", CellType.CREDITS, Statement::grantedPacks),
                    Column.summed("Auto top-ups", CellType.CREDITS, Statement::grantedTopups),
                    Column.summed("Adjustments", CellType.CREDITS, Statement::grantedAdjustments),
                    Column.summed("Consumed", CellType.CREDITS, Statement::consumed),
                    Column.summed("Expired", CellType.CREDITS, Statement::expired),
                    Column.summed("Closing balance", CellType.CREDITS, Statement::closing)));

    static final Table<Statement.Item> ITEMS = new Table<>(
            "Purchases and top-ups",
            List.of(
                    Column.text("Statement", 22, Statement.Item::number),
                    Column.of("When (UTC)", CellType.INSTANT, Statement.Item::at),
                    Column.text("Kind", 16, Statement.Item::kind),
                    Column.text("Pack", 10, Statement.Item::packId),
                    Column.of("Credits", CellType.CREDITS, Statement.Item::credits),
                    Column.of("Bonus", CellType.CREDITS, Statement.Item::bonus),
                    Column.of("Amount", CellType.MONEY, i -> Money.major(i.amountMinor(), i.currency())),
                    Column.text("Currency", 9, Statement.Item::currency),
                    Column.text("Reference", 30, Statement.Item::reference)),
            false);

    static final Table<Statement.ModelLine> USAGE = new Table<>(
            "Usage by model",
            List.of(
                    Column.text("Statement", 22, Statement.ModelLine::number),
                    Column.text("Model", 22, Statement.ModelLine::model),
                    Column.text("Tier", 12, Statement.ModelLine::tier),
                    Column.of("Requests", CellType.COUNT, Statement.ModelLine::requests),
                    Column.of("Credits", CellType.CREDITS, Statement.ModelLine::credits)),
            false);

    private StatementsReport() {}

    static LocalDate day(java.time.Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Path html(Path dir, YearMonth month, List<Statement> statements) {
        Path file = ReportFiles.file(dir, "statements", month, "html");
        StatementHtml.write(file, month, statements);
        return file;
    }

    public static List<Path> csv(Path dir, YearMonth month, List<Statement> statements) {
        Path summary = ReportFiles.csv(dir, "statements", month, STATEMENTS);
        HumanCsv.write(summary, STATEMENTS, statements.stream());
        Path items = ReportFiles.csv(dir, "statements", month, ITEMS);
        HumanCsv.write(items, ITEMS, statements.stream().flatMap(s -> s.items().stream()));
        Path usage = ReportFiles.csv(dir, "statements", month, USAGE);
        HumanCsv.write(usage, USAGE, statements.stream().flatMap(s -> s.usage().stream()));
        return List.of(summary, items, usage);
    }

    public static Path xlsx(Path dir, YearMonth month, List<Statement> statements) {
        Path file = ReportFiles.file(dir, "statements", month, "xlsx");
        try (XlsxReport xlsx = new XlsxReport()) {
            xlsx.table(STATEMENTS, statements.stream());
            xlsx.table(ITEMS, statements.stream().flatMap(s -> s.items().stream()));
            xlsx.table(USAGE, statements.stream().flatMap(s -> s.usage().stream()));
            xlsx.write(file);
        }
        return file;
    }
}
