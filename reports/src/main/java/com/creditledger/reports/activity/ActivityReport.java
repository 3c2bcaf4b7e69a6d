package com.creditledger.reports.activity;

import com.creditledger.reports.table.CellType;
import com.creditledger.reports.table.Column;
import com.creditledger.reports.table.HumanCsv;
import com.creditledger.reports.table.Money;
import com.creditledger.reports.table.ReportFiles;
import com.creditledger.reports.table.Table;
import com.creditledger.reports.table.XlsxReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;

/** The workspace activity log of one UTC month, in time order per workspace. */
public final class ActivityReport {

    /**
     * One event.
     *
     * @param event {@code PACK_PURCHASE}, {@code AUTO_TOPUP}, {@code TOPUP_DECLINED} or a
     *     notification kind such as {@code TOPUP_SUSPENDED}
     * @param credits credits of the pack (without bonus); {@code bonus} its bonus credits
     * @param amountMinor what was charged, in minor units of {@code currency} (null: no charge)
     * @param reference the purchase id or the top-up's payment reference
     */
    public record ActivityEvent(
            String workspaceId,
            String workspaceName,
            Instant at,
            String event,
            String packId,
            Long credits,
            Long bonus,
            Long amountMinor,
            String currency,
            String reference,
            String detail) {}

    static final Table<ActivityEvent> EVENTS = new Table<>(
            "Activity",
            List.of(
                    Column.text("Workspace", 16, ActivityEvent::workspaceId),
                    Column.text("Name", 28, ActivityEvent::workspaceName),
                    Column.of("When (UTC)", CellType.INSTANT, ActivityEvent::at),
                    Column.text("Event", 18, ActivityEvent::event),
                    Column.text("Pack", 10, ActivityEvent::packId),
                    Column.of("Credits", CellType.CREDITS, ActivityEvent::credits),
                    Column.of("Bonus", CellType.CREDITS, ActivityEvent::bonus),
                    Column.of("Amount", CellType.MONEY, e -> Money.major(e.amountMinor(), e.currency())),
                    Column.text("Currency", 9, ActivityEvent::currency),
                    Column.text("Reference", 30, ActivityEvent::reference),
                    Column.text("Detail", 40, ActivityEvent::detail)),
            false);

    private ActivityReport() {}

    public static Path xlsx(Path dir, YearMonth month, Stream<ActivityEvent> rows) {
        Path file = ReportFiles.file(dir, "activity", month, "xlsx");
        try (XlsxReport xlsx = new XlsxReport()) {
            xlsx.table(EVENTS, rows);
            xlsx.write(file);
        }
        return file;
    }

    public static Path csv(Path dir, YearMonth month, Stream<ActivityEvent> rows) {
        Path file = ReportFiles.file(dir, "activity", month, "csv");
        HumanCsv.write(file, EVENTS, rows);
        return file;
    }
}
