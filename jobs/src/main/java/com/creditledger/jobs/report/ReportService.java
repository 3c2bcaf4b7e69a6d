package com.creditledger.jobs.report;

import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.CycleCalendar;
import com.creditledger.reports.activity.ActivityReport;
import com.creditledger.reports.agents.AgentsReport;
import com.creditledger.reports.automation.AutomationRunsReport;
import com.creditledger.reports.finance.FinanceReport;
import com.creditledger.reports.statement.Statement;
import com.creditledger.reports.statement.StatementsReport;
import com.creditledger.reports.usage.UsageReport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fetches each report's rows with set-based SQL ({@link ReportQueries}) and hands them to the
 * renderers of the {@code reports} module. Big tables are streamed from a cursor (fetch size 10,000,
 * inside one read-only transaction), so a report of any size needs constant memory.
 */
@Service
public class ReportService {

    private final NamedParameterJdbcTemplate jdbc;
    private final JdbcTemplate plain;

    public ReportService(DataSource dataSource) {
        this.plain = new JdbcTemplate(dataSource);
        this.plain.setFetchSize(10_000);
        this.jdbc = new NamedParameterJdbcTemplate(plain);
    }

    /**
     * Every report of the month in every format it has. Transactional itself: it calls {@link
     * #write} directly, past the proxy, and the cursors need the transaction to stream.
     */
    @Transactional(readOnly = true)
    public List<Path> writeAll(YearMonth month, Path dir) {
        List<Path> files = new ArrayList<>();
        for (Report report : Report.values()) {
            for (String format : List.of("xlsx", "csv", "html")) {
                if (report.supports(format)) {
                    files.addAll(write(report, month, format, dir));
                }
            }
        }
        return files;
    }

    /** Writes the report of the month in the format into {@code dir}; returns the files written. */
    @Transactional(readOnly = true)
    public List<Path> write(Report report, YearMonth month, String format, Path dir) {
        if (!report.supports(format)) {
            throw new BillingException("report " + report.commandName() + " cannot be written as " + format + "; use "
                    + (report == Report.STATEMENTS ? "html, csv or xlsx" : "xlsx or csv"));
        }
        boolean xlsx = format.equals("xlsx");
        MapSqlParameterSource month_ = month(month);
        return switch (report) {
            case USAGE -> {
                UsageReport.Data data = usage(month, month_);
                yield xlsx ? List.of(UsageReport.xlsx(dir, data)) : UsageReport.csv(dir, data);
            }
            case AGENTS ->
                List.of(
                        xlsx
                                ? AgentsReport.xlsx(dir, month, agents(month_))
                                : AgentsReport.csv(dir, month, agents(month_)));
            case AUTOMATION_RUNS ->
                List.of(
                        xlsx
                                ? AutomationRunsReport.xlsx(dir, month, automationRuns(month_))
                                : AutomationRunsReport.csv(dir, month, automationRuns(month_)));
            case ACTIVITY ->
                List.of(
                        xlsx
                                ? ActivityReport.xlsx(dir, month, activity(month_))
                                : ActivityReport.csv(dir, month, activity(month_)));
            case FINANCE -> {
                FinanceReport.Data data = finance(month);
                yield xlsx ? List.of(FinanceReport.xlsx(dir, data)) : FinanceReport.csv(dir, data);
            }
            case STATEMENTS -> {
                List<Statement> statements = statements(month);
                yield switch (format) {
                    case "html" -> List.of(StatementsReport.html(dir, month, statements));
                    case "xlsx" -> List.of(StatementsReport.xlsx(dir, month, statements));
                    default -> StatementsReport.csv(dir, month, statements);
                };
            }
        };
    }

    static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static MapSqlParameterSource month(YearMonth month) {
        return new MapSqlParameterSource()
                .addValue("start", Sql.utc(start(month)))
                .addValue("end", Sql.utc(start(month.plusMonths(1))));
    }

    private UsageReport.Data usage(YearMonth month, MapSqlParameterSource params) {
        List<UsageReport.WorkspaceUsage> workspaces = jdbc.query(
                ReportQueries.USAGE_WORKSPACES,
                params,
                (rs, i) -> new UsageReport.WorkspaceUsage(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getLong(9),
                        rs.getLong(10)));
        List<UsageReport.TierUsage> tiers = jdbc.query(
                ReportQueries.USAGE_TIERS,
                params,
                (rs, i) -> new UsageReport.TierUsage(rs.getString(1), rs.getLong(2), total(rs, "credits", "usage")));
        return new UsageReport.Data(
                month,
                workspaces,
                tiers,
                () -> jdbc.queryForStream(
                        ReportQueries.USAGE_DAILY,
                        params,
                        (rs, i) -> new UsageReport.DailyUsage(
                                rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3), rs.getLong(4))),
                () -> jdbc.queryForStream(
                        ReportQueries.USAGE_MODELS,
                        params,
                        (rs, i) -> new UsageReport.ModelUsage(
                                rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5))));
    }

    private Stream<AgentsReport.AgentUsage> agents(MapSqlParameterSource params) {
        return jdbc.queryForStream(
                ReportQueries.AGENTS,
                params,
                (rs, i) -> new AgentsReport.AgentUsage(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getString(7)));
    }

    private Stream<AutomationRunsReport.AutomationRun> automationRuns(MapSqlParameterSource params) {
        return jdbc.queryForStream(
                ReportQueries.AUTOMATION_RUNS,
                params,
                (rs, i) -> new AutomationRunsReport.AutomationRun(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        Sql.epochNanos(rs, 4),
                        Sql.epochNanos(rs, 5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getString(8)));
    }

    private Stream<ActivityReport.ActivityEvent> activity(MapSqlParameterSource params) {
        return jdbc.queryForStream(
                ReportQueries.ACTIVITY,
                params,
                (rs, i) -> new ActivityReport.ActivityEvent(
                        rs.getString("workspace_id"),
                        rs.getString("name"),
                        Sql.exact(rs, "at"),
                        rs.getString("event"),
                        rs.getString("pack_id"),
                        nullableLong(rs, "credits"),
                        nullableLong(rs, "bonus_credits"),
                        nullableLong(rs, "amount_minor"),
                        trim(rs.getString("currency")),
                        rs.getString("reference"),
                        rs.getString("detail")));
    }

    /** The finance report's data for the month. */
    @Transactional(readOnly = true)
    public FinanceReport.Data finance(YearMonth month) {
        MapSqlParameterSource params = month(month);
        FinanceReport.Ledger inMonth = ledger(params);
        FinanceReport.Ledger toDate = ledger(new MapSqlParameterSource()
                .addValue("start", Sql.utc(Instant.parse("1900-01-01T00:00:00Z")))
                .addValue("end", params.getValue("end")));
        List<FinanceReport.PurchasedGrant> grants = jdbc.query(
                ReportQueries.FINANCE_GRANTS,
                params,
                (rs, i) -> new FinanceReport.PurchasedGrant(
                        rs.getString("workspace_id"),
                        rs.getInt("grant_no"),
                        rs.getString("kind"),
                        rs.getString("reference"),
                        Sql.exact(rs, "granted_at"),
                        rs.getLong("amount"),
                        nullableLong(rs, "price_minor"),
                        trim(rs.getString("currency")),
                        rs.getBoolean("before_month"),
                        rs.getLong("open_out"),
                        rs.getLong("credited"),
                        rs.getLong("repaid"),
                        rs.getLong("drawn"),
                        rs.getLong("expired"),
                        rs.getLong("close_out")));
        List<FinanceReport.Cash> cash = jdbc.query(
                ReportQueries.FINANCE_CASH,
                params,
                (rs, i) -> new FinanceReport.Cash(
                        rs.getString(1), trim(rs.getString(2)), rs.getLong(3), total(rs, "amount_minor", "finance")));
        FinanceReport.Intake intake = plain.queryForObject(
                ReportQueries.INTAKE,
                (rs, i) -> new FinanceReport.Intake(
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        long ratedCost =
                jdbc.queryForObject(ReportQueries.RATED_COST, params, (rs, i) -> total(rs, "rated_cost", "finance"));
        return new FinanceReport.Data(month, inMonth, toDate, grants, cash, intake, ratedCost);
    }

    private FinanceReport.Ledger ledger(MapSqlParameterSource params) {
        return jdbc.queryForObject(
                ReportQueries.FINANCE_LEDGER,
                params,
                (rs, i) -> new FinanceReport.Ledger(
                        total(rs, "opening", "finance"),
                        total(rs, "g_plan", "finance"),
                        total(rs, "g_pack", "finance"),
                        total(rs, "g_topup", "finance"),
                        total(rs, "g_adjustment", "finance"),
                        total(rs, "consumed", "finance"),
                        total(rs, "c_plan", "finance"),
                        total(rs, "c_purchased", "finance"),
                        total(rs, "c_uncovered", "finance"),
                        total(rs, "e_plan", "finance"),
                        total(rs, "e_purchased", "finance"),
                        total(rs, "closing", "finance"),
                        total(rs, "purchased_outstanding", "finance")));
    }

    /**
     * A sum over all workspaces, which need not fit in a {@code long} as each workspace's totals do
     * (COST_OVERFLOW sees to those): a report that cannot hold it fails saying so, and never works
     * on with a wrapped number.
     */
    private static long total(ResultSet rs, String column, String report) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        if (value == null) {
            return 0;
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new BillingException("the " + report + " report's " + column + " over all workspaces is "
                    + value.toPlainString() + ", more than its 64-bit cells hold; 'billing export' (usage, balances,"
                    + " ledger) writes every workspace's exact figures");
        }
    }

    private record Cycle(String workspaceId, String name, String plan, long index, Instant start, Instant end) {}

    /**
     * The statements of the billing cycles that ended in the month (cycle end in [month start,
     * month end)) and that the ledger is rated through; sorted by workspace.
     */
    @Transactional(readOnly = true)
    public List<Statement> statements(YearMonth month) {
        Instant watermark = Sql.watermark(plain);
        List<Cycle> cycles = new ArrayList<>();
        plain.query("SELECT workspace_id, name, plan_id, cycle_anchor FROM workspace ORDER BY workspace_id", rs -> {
            String id = rs.getString(1);
            String name = rs.getString(2);
            String plan = rs.getString(3);
            CycleCalendar.endingIn(rs.getObject(4, LocalDate.class), month)
                    .filter(cycle -> watermark != null && !cycle.end().isAfter(watermark))
                    .ifPresent(
                            cycle -> cycles.add(new Cycle(id, name, plan, cycle.index(), cycle.start(), cycle.end())));
        });
        if (cycles.isEmpty()) {
            return List.of();
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("ids", cycles.stream().map(Cycle::workspaceId).toArray(String[]::new))
                .addValue("cycles", cycles.stream().map(Cycle::index).toArray(Long[]::new))
                .addValue(
                        "starts",
                        cycles.stream().map(c -> Timestamp.from(c.start())).toArray(Timestamp[]::new))
                .addValue(
                        "ends",
                        cycles.stream().map(c -> Timestamp.from(c.end())).toArray(Timestamp[]::new));
        Map<String, List<Statement.Item>> items = new HashMap<>();
        jdbc.query(ReportQueries.STATEMENT_ITEMS, params, rs -> {
            String number = Statement.number(rs.getString("workspace_id"), rs.getLong("cycle"));
            items.computeIfAbsent(number, n -> new ArrayList<>())
                    .add(new Statement.Item(
                            number,
                            Sql.exact(rs, "at"),
                            rs.getString("kind"),
                            rs.getString("pack_id"),
                            rs.getLong("credits"),
                            rs.getLong("bonus"),
                            nullableLong(rs, "amount_minor"),
                            trim(rs.getString("currency")),
                            rs.getString("reference")));
        });
        Map<String, List<Statement.ModelLine>> usage = new HashMap<>();
        jdbc.query(ReportQueries.STATEMENT_USAGE, params, rs -> {
            String number = Statement.number(rs.getString("workspace_id"), rs.getLong("cycle"));
            usage.computeIfAbsent(number, n -> new ArrayList<>())
                    .add(new Statement.ModelLine(
                            number,
                            rs.getString("model"),
                            rs.getString("tier"),
                            rs.getLong("requests"),
                            rs.getLong("credits")));
        });
        Map<String, Cycle> byNumber = new HashMap<>();
        cycles.forEach(c -> byNumber.put(Statement.number(c.workspaceId(), c.index()), c));
        return jdbc.query(ReportQueries.STATEMENT_TOTALS, params, (rs, i) -> {
            String number = Statement.number(rs.getString("workspace_id"), rs.getLong("cycle"));
            Cycle c = byNumber.get(number);
            return new Statement(
                    number,
                    c.workspaceId(),
                    c.name(),
                    c.plan(),
                    c.index(),
                    c.start(),
                    c.end(),
                    rs.getLong("opening"),
                    rs.getLong("g_plan"),
                    rs.getLong("g_pack"),
                    rs.getLong("g_topup"),
                    rs.getLong("g_adjustment"),
                    rs.getLong("consumed"),
                    rs.getLong("expired"),
                    rs.getLong("closing"),
                    items.getOrDefault(number, List.of()),
                    usage.getOrDefault(number, List.of()));
        });
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String trim(String text) {
        return text == null ? null : text.trim();
    }
}
