package com.creditledger.reports;

import com.creditledger.reports.activity.ActivityReport;
import com.creditledger.reports.agents.AgentsReport;
import com.creditledger.reports.automation.AutomationRunsReport;
import com.creditledger.reports.finance.FinanceReport;
import com.creditledger.reports.statement.Statement;
import com.creditledger.reports.usage.UsageReport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;

/** Representative report data of one month, and the same reports of an empty month. */
public final class ReportFixtures {

    public static final YearMonth MONTH = YearMonth.of(2026, 11);

    private ReportFixtures() {}

    public static UsageReport.Data usage() {
        List<UsageReport.WorkspaceUsage> workspaces = List.of(
                new UsageReport.WorkspaceUsage("ws-1", "Acme, Inc.", "business", 40, 1200, 900, 250, 50, 500, -700),
                new UsageReport.WorkspaceUsage("ws-2", "Globex", "pro", 12, 300, 300, 0, 0, 1000, 700),
                new UsageReport.WorkspaceUsage("ws-3", "Idle", "free", 0, 0, 0, 0, 0, 20, 20));
        return new UsageReport.Data(
                MONTH,
                workspaces,
                List.of(
                        new UsageReport.TierUsage("lightweight", 30, 150),
                        new UsageReport.TierUsage("standard", 20, 850),
                        new UsageReport.TierUsage("frontier", 2, 500)),
                () -> Stream.of(
                        new UsageReport.DailyUsage("ws-1", LocalDate.of(2026, 11, 2), 25, 700),
                        new UsageReport.DailyUsage("ws-1", LocalDate.of(2026, 11, 30), 15, 500),
                        new UsageReport.DailyUsage("ws-2", LocalDate.of(2026, 11, 3), 12, 300)),
                () -> Stream.of(
                        new UsageReport.ModelUsage("ws-1", "gpt-5", "frontier", 2, 500),
                        new UsageReport.ModelUsage("ws-1", "lite-1", "lightweight", 38, 700),
                        new UsageReport.ModelUsage("ws-2", "", "standard", 12, 300)));
    }

    public static UsageReport.Data usageEmpty() {
        return new UsageReport.Data(MONTH, List.of(), List.of(), Stream::empty, Stream::empty);
    }

    public static List<AgentsReport.AgentUsage> agents() {
        return List.of(
                new AgentsReport.AgentUsage("ws-1", "support-bot", 30, 900, 1200, 12, "gpt-5 (500); lite-1 (400)"),
                new AgentsReport.AgentUsage("ws-1", "writer", 10, 300, 1200, 0, "lite-1 (300)"),
                new AgentsReport.AgentUsage("ws-2", "helper", 7, 0, 0, 7, "(app clone) (0)"));
    }

    public static List<AutomationRunsReport.AutomationRun> automationRuns() {
        return List.of(
                new AutomationRunsReport.AutomationRun(
                        "ws-1",
                        "nightly-digest",
                        "run-1",
                        Instant.parse("2026-11-02T01:00:00Z"),
                        Instant.parse("2026-11-02T01:04:10Z"),
                        14,
                        420,
                        "gpt-5 (400); lite-1 (20)"),
                new AutomationRunsReport.AutomationRun(
                        "ws-2",
                        "triage",
                        "run-9",
                        Instant.parse("2026-11-30T23:59:00Z"),
                        Instant.parse("2026-11-30T23:59:59Z"),
                        3,
                        9,
                        "lite-1 (9)"));
    }

    public static List<ActivityReport.ActivityEvent> activity() {
        return List.of(
                new ActivityReport.ActivityEvent(
                        "ws-1",
                        "Acme, Inc.",
                        Instant.parse("2026-11-02T10:15:00Z"),
                        "PACK_PURCHASE",
                        "p5k",
                        5000L,
                        250L,
                        4750L,
                        "USD",
                        "pur-1",
                        null),
                new ActivityReport.ActivityEvent(
                        "ws-1",
                        "Acme, Inc.",
                        Instant.parse("2026-11-03T00:00:00Z"),
                        "TOPUP_DECLINED",
                        "p1k",
                        null,
                        null,
                        null,
                        null,
                        "topup:ws-1:r9",
                        "auto top-up declined (card_declined); suspended"));
    }

    public static FinanceReport.Data finance() {
        FinanceReport.Ledger month =
                new FinanceReport.Ledger(1000, 500, 5250, 1000, 100, 2000, 400, 1500, 100, 100, 50, 5700, 4600);
        FinanceReport.Ledger toDate =
                new FinanceReport.Ledger(0, 9000, 5250, 1000, 100, 9000, 7000, 1900, 100, 600, 50, 5700, 4600);
        List<FinanceReport.PurchasedGrant> grants = List.of(
                new FinanceReport.PurchasedGrant(
                        "ws-1",
                        3,
                        "PACK",
                        "pur-1",
                        Instant.parse("2026-11-02T10:15:00Z"),
                        5250,
                        4750L,
                        "USD",
                        false,
                        0,
                        5250,
                        0,
                        1200,
                        0,
                        4050),
                new FinanceReport.PurchasedGrant(
                        "ws-2",
                        1,
                        "TOPUP",
                        "topup:ws-2:r1",
                        Instant.parse("2026-10-20T08:00:00Z"),
                        1000,
                        1000L,
                        "EUR",
                        true,
                        800,
                        0,
                        0,
                        300,
                        50,
                        450),
                new FinanceReport.PurchasedGrant(
                        "ws-2",
                        2,
                        "ADJUSTMENT",
                        "goodwill",
                        Instant.parse("2026-11-10T12:00:00Z"),
                        100,
                        null,
                        null,
                        false,
                        0,
                        100,
                        0,
                        0,
                        0,
                        100));
        return new FinanceReport.Data(
                MONTH,
                month,
                toDate,
                grants,
                List.of(
                        new FinanceReport.Cash("packs", "USD", 1, 4750),
                        new FinanceReport.Cash("top-ups", "EUR", 1, 1000)),
                new FinanceReport.Intake(100, 90, 5, 3, 2),
                2000);
    }

    public static FinanceReport.Data financeEmpty() {
        FinanceReport.Ledger none = new FinanceReport.Ledger(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new FinanceReport.Data(
                MONTH, none, none, List.of(), List.of(), new FinanceReport.Intake(0, 0, 0, 0, 0), 0);
    }

    public static List<Statement> statements() {
        return List.of(
                new Statement(
                        Statement.number("ws-1", 4),
                        "ws-1",
                        "Acme, Inc.",
                        "business",
                        4,
                        Instant.parse("2026-10-15T00:00:00Z"),
                        Instant.parse("2026-11-15T00:00:00Z"),
                        500,
                        1000,
                        5250,
                        0,
                        0,
                        1200,
                        100,
                        5450,
                        List.of(new Statement.Item(
                                Statement.number("ws-1", 4),
                                Instant.parse("2026-11-02T10:15:00Z"),
                                "PACK_PURCHASE",
                                "p5k",
                                5000,
                                250,
                                4750L,
                                "USD",
                                "pur-1")),
                        List.of(
                                new Statement.ModelLine(Statement.number("ws-1", 4), "gpt-5", "frontier", 2, 500),
                                new Statement.ModelLine(
                                        Statement.number("ws-1", 4), "lite-1", "lightweight", 38, 700))),
                new Statement(
                        Statement.number("ws-2", 1),
                        "ws-2",
                        "Globex",
                        "pro",
                        1,
                        Instant.parse("2026-10-01T00:00:00Z"),
                        Instant.parse("2026-11-01T00:00:00Z"),
                        0,
                        1000,
                        0,
                        1000,
                        100,
                        300,
                        0,
                        1800,
                        List.of(),
                        List.of(new Statement.ModelLine(Statement.number("ws-2", 1), "", "standard", 12, 300))));
    }
}
