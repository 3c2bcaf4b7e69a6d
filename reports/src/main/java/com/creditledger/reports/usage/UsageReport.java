package com.creditledger.reports.usage;

import com.creditledger.reports.table.CellType;
import com.creditledger.reports.table.Column;
import com.creditledger.reports.table.HumanCsv;
import com.creditledger.reports.table.ReportFiles;
import com.creditledger.reports.table.Share;
import com.creditledger.reports.table.Table;
import com.creditledger.reports.table.XlsxReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Usage of one UTC month. Credits count on the day they were charged (a request's processing
 * instant; a late request counts on the day it was rated, R9), so every figure ties out with the
 * ledger's {@code consumed} postings of the month.
 */
public final class UsageReport {

    /**
     * One workspace's month.
     *
     * @param credits credits of the rated requests charged in the month
     * @param fromPlan credits drawn from PLAN grants; {@code fromPurchased} from PACK, TOPUP and
     *     ADJUSTMENT grants; {@code uncovered} went into debt (overdraft)
     * @param opening balance at the start of the month (ledger wallet postings before it)
     */
    public record WorkspaceUsage(
            String workspaceId,
            String name,
            String plan,
            long requests,
            long credits,
            long fromPlan,
            long fromPurchased,
            long uncovered,
            long opening,
            long closing) {}

    public record DailyUsage(String workspaceId, LocalDate day, long requests, long credits) {}

    /** {@code model} is empty for records without one (app clones). */
    public record ModelUsage(String workspaceId, String model, String tier, long requests, long credits) {}

    public record TierUsage(String tier, long requests, long credits) {}

    /** The report's data; the big tables are streams opened one after the other. */
    public record Data(
            YearMonth month,
            List<WorkspaceUsage> workspaces,
            List<TierUsage> tiers,
            Supplier<Stream<DailyUsage>> daily,
            Supplier<Stream<ModelUsage>> byModel) {}

    static final Table<TierUsage> TIERS = Table.of(
            "Summary",
            List.of(
                    Column.text("Tier", 16, TierUsage::tier),
                    Column.summed("Requests", CellType.COUNT, TierUsage::requests),
                    Column.summed("Credits", CellType.CREDITS, TierUsage::credits)));

    static final Table<WorkspaceUsage> WORKSPACES = Table.of(
            "Workspaces",
            List.of(
                    Column.text("Workspace", 16, WorkspaceUsage::workspaceId),
                    Column.text("Name", 28, WorkspaceUsage::name),
                    Column.text("Plan", 12, WorkspaceUsage::plan),
                    Column.summed("Requests", CellType.COUNT, WorkspaceUsage::requests),
                    Column.summed("Credits", CellType.CREDITS, WorkspaceUsage::credits),
                    Column.summed("From plan", CellType.CREDITS, WorkspaceUsage::fromPlan),
                    Column.summed("From purchased", CellType.CREDITS, WorkspaceUsage::fromPurchased),
                    Column.summed("Uncovered (debt)", CellType.CREDITS, WorkspaceUsage::uncovered),
                    Column.formula(
                            "Share from plan",
                            CellType.PERCENT,
                            Share.formula("From plan", "Credits"),
                            w -> Share.of(w.fromPlan(), w.credits())),
                    Column.formula(
                            "Share purchased",
                            CellType.PERCENT,
                            Share.formula("From purchased", "Credits"),
                            w -> Share.of(w.fromPurchased(), w.credits())),
                    Column.summed("Opening balance", CellType.CREDITS, WorkspaceUsage::opening),
                    Column.summed("Closing balance", CellType.CREDITS, WorkspaceUsage::closing)));

    static final Table<DailyUsage> DAILY = Table.of(
            "By day",
            List.of(
                    Column.text("Workspace", 16, DailyUsage::workspaceId),
                    Column.of("Day", CellType.DATE, DailyUsage::day),
                    Column.summed("Requests", CellType.COUNT, DailyUsage::requests),
                    Column.summed("Credits", CellType.CREDITS, DailyUsage::credits)));

    static final Table<ModelUsage> MODELS = Table.of(
            "By model",
            List.of(
                    Column.text("Workspace", 16, ModelUsage::workspaceId),
                    Column.text("Model", 22, ModelUsage::model),
                    Column.text("Tier", 12, ModelUsage::tier),
                    Column.summed("Requests", CellType.COUNT, ModelUsage::requests),
                    Column.summed("Credits", CellType.CREDITS, ModelUsage::credits)));

    private UsageReport() {}

    /** Writes {@code usage-YYYY-MM.xlsx}; workspaces are listed top consumers first. */
    public static Path xlsx(Path dir, Data data) {
        Path file = ReportFiles.file(dir, "usage", data.month(), "xlsx");
        try (XlsxReport xlsx = new XlsxReport()) {
            xlsx.reserve(TIERS.name(), WORKSPACES.name(), DAILY.name(), MODELS.name());
            XlsxReport.Range tiers =
                    xlsx.table(TIERS, data.tiers().stream(), "Usage " + data.month() + " (UTC), all workspaces");
            XlsxReport.Range workspaces = xlsx.table(WORKSPACES, data.workspaces().stream());
            xlsx.table(DAILY, data.daily().get());
            xlsx.table(MODELS, data.byModel().get());
            xlsx.barChart(
                    TIERS.name(),
                    "Credits by tier",
                    4,
                    0,
                    12,
                    16,
                    tiers.columnRef("Tier"),
                    data.tiers().stream().map(TierUsage::tier).toArray(String[]::new),
                    List.of("Credits"),
                    List.of(tiers.columnRef("Credits")),
                    List.<Long[]>of(
                            data.tiers().stream().map(TierUsage::credits).toArray(Long[]::new)));
            int top = Math.min(10, data.workspaces().size());
            if (top > 0) {
                List<WorkspaceUsage> leaders = data.workspaces().subList(0, top);
                XlsxReport.Range topRange = workspaces.rows(0, top - 1);
                xlsx.barChart(
                        TIERS.name(),
                        "Top " + top + " consumers (credits)",
                        4,
                        17,
                        12,
                        35,
                        topRange.columnRef("Workspace"),
                        leaders.stream().map(WorkspaceUsage::workspaceId).toArray(String[]::new),
                        List.of("From plan", "From purchased"),
                        List.of(topRange.columnRef("From plan"), topRange.columnRef("From purchased")),
                        List.of(
                                leaders.stream().map(WorkspaceUsage::fromPlan).toArray(Long[]::new),
                                leaders.stream()
                                        .map(WorkspaceUsage::fromPurchased)
                                        .toArray(Long[]::new)));
            }
            xlsx.write(file);
        }
        return file;
    }

    /** Writes one CSV per table: {@code usage-YYYY-MM-summary.csv}, {@code -workspaces}, {@code -by-day}, {@code -by-model}. */
    public static List<Path> csv(Path dir, Data data) {
        List<Path> files = new ArrayList<>();
        files.add(write(dir, data.month(), TIERS, data.tiers().stream()));
        files.add(write(dir, data.month(), WORKSPACES, data.workspaces().stream()));
        files.add(write(dir, data.month(), DAILY, data.daily().get()));
        files.add(write(dir, data.month(), MODELS, data.byModel().get()));
        return files;
    }

    private static <R> Path write(Path dir, YearMonth month, Table<R> table, Stream<R> rows) {
        Path file = ReportFiles.csv(dir, "usage", month, table);
        HumanCsv.write(file, table, rows);
        return file;
    }
}
