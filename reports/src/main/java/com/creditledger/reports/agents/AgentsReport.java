package com.creditledger.reports.agents;

import com.creditledger.reports.table.CellType;
import com.creditledger.reports.table.Column;
import com.creditledger.reports.table.HumanCsv;
import com.creditledger.reports.table.ReportFiles;
import com.creditledger.reports.table.Share;
import com.creditledger.reports.table.Table;
import com.creditledger.reports.table.XlsxReport;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;

/** Per-agent analytics of one UTC month (requests charged in the month, as the usage report). */
public final class AgentsReport {

    /**
     * One agent's month.
     *
     * @param workspaceCredits all credits the workspace was charged in the month (the share's whole)
     * @param publicRequests requests made by public visitors of the agent's app
     * @param topModels the agent's three most used models by credits, e.g. {@code gpt-5 (1,200)}
     */
    public record AgentUsage(
            String workspaceId,
            String agentId,
            long requests,
            long credits,
            long workspaceCredits,
            long publicRequests,
            String topModels) {}

    static final Table<AgentUsage> AGENTS = Table.of(
            "Agents",
            List.of(
                    Column.text("Workspace", 16, AgentUsage::workspaceId),
                    Column.text("Agent", 24, AgentUsage::agentId),
                    Column.summed("Requests", CellType.COUNT, AgentUsage::requests),
                    Column.summed("Credits", CellType.CREDITS, AgentUsage::credits),
                    Column.of("Workspace credits", CellType.CREDITS, AgentUsage::workspaceCredits),
                    Column.formula(
                            "Share of workspace",
                            CellType.PERCENT,
                            Share.formula("Credits", "Workspace credits"),
                            a -> Share.of(a.credits(), a.workspaceCredits())),
                    Column.summed("Public visitor requests", CellType.COUNT, AgentUsage::publicRequests),
                    Column.formula(
                            "Public visitor share",
                            CellType.PERCENT,
                            Share.formula("Public visitor requests", "Requests"),
                            a -> Share.of(a.publicRequests(), a.requests())),
                    Column.text("Top models", 48, AgentUsage::topModels)));

    private AgentsReport() {}

    public static Path xlsx(Path dir, YearMonth month, Stream<AgentUsage> rows) {
        Path file = ReportFiles.file(dir, "agents", month, "xlsx");
        try (XlsxReport xlsx = new XlsxReport()) {
            xlsx.table(AGENTS, rows);
            xlsx.write(file);
        }
        return file;
    }

    public static Path csv(Path dir, YearMonth month, Stream<AgentUsage> rows) {
        Path file = ReportFiles.file(dir, "agents", month, "csv");
        HumanCsv.write(file, AGENTS, rows);
        return file;
    }
}
