package com.creditledger.reports.finance;

import com.creditledger.reports.table.CellType;
import com.creditledger.reports.table.Column;
import com.creditledger.reports.table.Formula;
import com.creditledger.reports.table.HumanCsv;
import com.creditledger.reports.table.Money;
import com.creditledger.reports.table.ReportFiles;
import com.creditledger.reports.table.Table;
import com.creditledger.reports.table.XlsxReport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The finance report of one UTC month. Every credit figure comes from ledger postings by their
 * {@code effective_at}; money from the purchases, top-up charges and {@link UnitPrice}.
 */
public final class FinanceReport {

    /**
     * The ledger's movements of all workspaces in the month (or, for {@code toDate}, from the
     * beginning to the month's end, with {@code opening} 0).
     *
     * @param consumedPlan credits drawn from PLAN grants; {@code consumedPurchased} from PACK,
     *     TOPUP and ADJUSTMENT grants; {@code consumedUncovered} went into debt
     * @param purchasedOutstanding what is left at the end of PACK, TOPUP and ADJUSTMENT grants
     */
    public record Ledger(
            long opening,
            long grantedPlan,
            long grantedPack,
            long grantedTopup,
            long grantedAdjustment,
            long consumed,
            long consumedPlan,
            long consumedPurchased,
            long consumedUncovered,
            long expiredPlan,
            long expiredPurchased,
            long closing,
            long purchasedOutstanding) {

        // totals of all workspaces: each workspace's fit in a long, their sum need not, and a
        // total that does not fit must fail the report, never wrap

        public long granted() {
            return Math.addExact(
                    Math.addExact(grantedPlan, grantedPack), Math.addExact(grantedTopup, grantedAdjustment));
        }

        public long expired() {
            return Math.addExact(expiredPlan, expiredPurchased);
        }
    }

    /**
     * A PACK, TOPUP or ADJUSTMENT grant with activity in the month or credits outstanding at its
     * start. {@code priceMinor} and {@code currency} are null for an adjustment (no price).
     *
     * @param openOutstanding what was left of it at the month's start (0 if granted later)
     * @param credited what it put in the wallet in the month (its amount less the debt it repaid)
     */
    public record PurchasedGrant(
            String workspaceId,
            int grantNo,
            String kind,
            String reference,
            Instant grantedAt,
            long amount,
            Long priceMinor,
            String currency,
            boolean grantedBeforeMonth,
            long openOutstanding,
            long credited,
            long debtRepaid,
            long drawn,
            long expired,
            long closeOutstanding) {

        UnitPrice unitPrice() {
            return new UnitPrice(priceMinor == null ? 0 : priceMinor, amount);
        }

        /** Revenue recognised in the month, minor units. */
        public long recognised() {
            long usedOpen = grantedBeforeMonth ? amount - openOutstanding : 0;
            return unitPrice().value(amount - closeOutstanding) - unitPrice().value(usedOpen);
        }

        /** Deferred revenue at the month's end (the value of what is outstanding), minor units. */
        public long deferred() {
            return (priceMinor == null ? 0 : priceMinor) - unitPrice().value(amount - closeOutstanding);
        }
    }

    /** Cash collected in the month from one source ({@code packs} or {@code top-ups}) in one currency. */
    public record Cash(String source, String currency, long payments, long amountMinor) {}

    /**
     * The request intake to date: records read = rated + quarantined + duplicates + pending.
     *
     * @param pending accepted requests not rated yet (waiting for the next rate run)
     */
    public record Intake(long records, long rated, long quarantined, long duplicates, long pending) {}

    public record Data(
            YearMonth month,
            Ledger inMonth,
            Ledger toDate,
            List<PurchasedGrant> grants,
            List<Cash> cash,
            Intake intake,
            long ratedCost) {}

    /** A line of the summary sheet. */
    public record Line(String section, String item, Long credits, BigDecimal amount, String currency) {}

    /** A line of the reconciliation sheet. */
    public record Check(String section, String item, Object credits) {}

    static final Table<Line> SUMMARY = new Table<>(
            "Summary",
            List.of(
                    Column.text("Section", 24, Line::section),
                    Column.text("Item", 44, Line::item),
                    Column.of("Credits", CellType.CREDITS, Line::credits),
                    Column.of("Amount", CellType.MONEY, Line::amount),
                    Column.text("Currency", 9, Line::currency)),
            false);

    /** The per-grant movement check column of {@link #GRANTS} (0 for a grant whose movements add up). */
    static final String GRANT_CHECK = "Check (start + credited − consumed − expired − end)";

    static final Table<PurchasedGrant> GRANTS = Table.of(
            "Purchased credits",
            List.of(
                    Column.text("Workspace", 14, PurchasedGrant::workspaceId),
                    Column.of("Grant", CellType.COUNT, g -> (long) g.grantNo()),
                    Column.text("Kind", 10, PurchasedGrant::kind),
                    Column.text("Reference", 30, PurchasedGrant::reference),
                    Column.of("Granted (UTC)", CellType.INSTANT, PurchasedGrant::grantedAt),
                    Column.summed("Credits granted", CellType.CREDITS, PurchasedGrant::amount),
                    Column.of("Price", CellType.MONEY, g -> Money.major(g.priceMinor(), g.currency())),
                    Column.text("Currency", 9, PurchasedGrant::currency),
                    Column.of(
                            "Price per credit (minor units)",
                            CellType.UNIT_PRICE,
                            g -> g.unitPrice().perCredit()),
                    Column.summed("Outstanding at start", CellType.CREDITS, PurchasedGrant::openOutstanding),
                    Column.summed("Credited", CellType.CREDITS, PurchasedGrant::credited),
                    Column.summed("Repaid debt", CellType.CREDITS, PurchasedGrant::debtRepaid),
                    Column.summed("Consumed", CellType.CREDITS, PurchasedGrant::drawn),
                    Column.summed("Expired", CellType.CREDITS, PurchasedGrant::expired),
                    Column.summed("Outstanding at end", CellType.CREDITS, PurchasedGrant::closeOutstanding),
                    Column.<PurchasedGrant>formula(
                                    GRANT_CHECK,
                                    CellType.CREDITS,
                                    "{Outstanding at start}+{Credited}-{Consumed}-{Expired}-{Outstanding at end}",
                                    g -> g.openOutstanding()
                                            + g.credited()
                                            - g.drawn()
                                            - g.expired()
                                            - g.closeOutstanding())
                            .withTotal(),
                    Column.summed("Revenue recognised", CellType.MONEY, g -> Money.major(g.recognised(), g.currency())),
                    Column.summed("Deferred revenue", CellType.MONEY, g -> Money.major(g.deferred(), g.currency()))));

    static final Table<Check> RECONCILIATION = new Table<>(
            "Reconciliation",
            List.of(
                    Column.text("Check", 40, Check::section),
                    Column.text("Item", 44, Check::item),
                    Column.of("Credits or records", CellType.CREDITS, Check::credits)),
            false);

    /** Rows of the summary, in order: formulas name them by index ({@link #summary(int)}). */
    static List<Line> summary(Data data) {
        Ledger m = data.inMonth();
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("Balance", "Opening balance (all workspaces)", m.opening(), null, null));
        lines.add(new Line("Granted", "Plan allowances", m.grantedPlan(), null, null));
        lines.add(new Line("Granted", "Credit packs", m.grantedPack(), null, null));
        lines.add(new Line("Granted", "Auto top-ups", m.grantedTopup(), null, null));
        lines.add(new Line("Granted", "Adjustments", m.grantedAdjustment(), null, null));
        lines.add(new Line("Consumed", "From plan credits", m.consumedPlan(), null, null));
        lines.add(new Line("Consumed", "From purchased credits", m.consumedPurchased(), null, null));
        lines.add(new Line("Consumed", "Uncovered (into debt)", m.consumedUncovered(), null, null));
        lines.add(new Line("Expired (breakage)", "Plan credits", m.expiredPlan(), null, null));
        lines.add(new Line("Expired (breakage)", "Purchased credits", m.expiredPurchased(), null, null));
        lines.add(new Line("Balance", "Closing balance (all workspaces)", m.closing(), null, null));
        Map<String, long[]> byCurrency = new TreeMap<>();
        for (PurchasedGrant g : data.grants()) {
            if (g.currency() != null) {
                long[] sums = byCurrency.computeIfAbsent(g.currency(), c -> new long[3]);
                sums[0] = Math.addExact(sums[0], g.closeOutstanding());
                sums[1] = Math.addExact(sums[1], g.deferred());
                sums[2] = Math.addExact(sums[2], g.recognised());
            }
        }
        for (Cash cash : data.cash()) {
            lines.add(new Line(
                    "Cash collected",
                    cash.source() + " (" + cash.payments() + " payments)",
                    null,
                    Money.major(cash.amountMinor(), cash.currency()),
                    cash.currency()));
        }
        byCurrency.forEach((currency, sums) -> {
            lines.add(new Line(
                    "Revenue recognised",
                    "Purchased credits consumed or expired",
                    null,
                    Money.major(sums[2], currency),
                    currency));
            lines.add(new Line(
                    "Deferred revenue",
                    "Purchased credits outstanding at month end",
                    sums[0],
                    Money.major(sums[1], currency),
                    currency));
        });
        return lines;
    }

    /** The credits of summary line {@code line}, e.g. {@code 'Summary'!C5}. */
    private static String summary(int line) {
        return Formula.cell(SUMMARY, "Credits", line);
    }

    /** The credits of summary lines {@code from} to {@code to}, e.g. {@code 'Summary'!C5:C8}. */
    private static String summary(int from, int to) {
        return Formula.cells(SUMMARY, "Credits", from, to);
    }

    /** The value of reconciliation line {@code line} (its own table), e.g. {@code C2}. */
    private static String check(int line) {
        return Formula.cell("Credits or records", line);
    }

    /** A difference of reconciliation lines: the first, less (or, for a '+' sign, plus) each next one. */
    private static String difference(int first, String signs) {
        StringBuilder expression = new StringBuilder(check(first));
        for (int i = 0; i < signs.length(); i++) {
            expression.append(signs.charAt(i)).append(check(first + 1 + i));
        }
        return expression.toString();
    }

    static List<Check> reconciliation(Data data) {
        List<Check> checks = new ArrayList<>();
        Intake in = data.intake();
        int first = checks.size();
        checks.add(new Check("Records (all intake to date)", "Records read", in.records()));
        checks.add(new Check("", "Rated", in.rated()));
        checks.add(new Check("", "Quarantined", in.quarantined()));
        checks.add(new Check("", "Duplicates", in.duplicates()));
        checks.add(new Check("", "Accepted, not yet rated", in.pending()));
        checks.add(new Check(
                "",
                "Difference",
                new Formula(
                        difference(first, "----"),
                        in.records() - in.rated() - in.quarantined() - in.duplicates() - in.pending())));

        Ledger m = data.inMonth();
        first = checks.size();
        checks.add(new Check("Ledger, month", "Opening balance", summaryRef(0, m.opening())));
        checks.add(new Check("", "Granted", new Formula("SUM(" + summary(1, 4) + ")", m.granted())));
        checks.add(new Check(
                "",
                "Consumed",
                new Formula(
                        "SUM(" + summary(5, 7) + ")",
                        Math.addExact(Math.addExact(m.consumedPlan(), m.consumedPurchased()), m.consumedUncovered()))));
        checks.add(new Check("", "Expired", new Formula("SUM(" + summary(8, 9) + ")", m.expired())));
        checks.add(new Check("", "Closing balance", summaryRef(10, m.closing())));
        checks.add(new Check(
                "",
                "Difference",
                new Formula(
                        difference(first, "+---"),
                        m.opening() + m.granted() - m.consumed() - m.expired() - m.closing())));

        Ledger t = data.toDate();
        first = checks.size();
        checks.add(new Check("Ledger conservation, to month end", "Granted", t.granted()));
        checks.add(new Check("", "Consumed", t.consumed()));
        checks.add(new Check("", "Expired", t.expired()));
        checks.add(new Check("", "Balance", t.closing()));
        checks.add(new Check(
                "",
                "Difference",
                new Formula(difference(first, "---"), t.granted() - t.consumed() - t.expired() - t.closing())));

        first = checks.size();
        checks.add(new Check("Credits charged, month", "Consumed postings", m.consumed()));
        checks.add(new Check("", "Cost of the requests rated", data.ratedCost()));
        checks.add(new Check("", "Difference", new Formula(difference(first, "-"), m.consumed() - data.ratedCost())));
        checks.add(new Check(
                "",
                "Difference (consumed less plan, purchased, uncovered)",
                new Formula(
                        check(first) + "-SUM(" + summary(5, 7) + ")",
                        m.consumed() - m.consumedPlan() - m.consumedPurchased() - m.consumedUncovered())));

        first = checks.size();
        long outstanding = data.grants().stream()
                .mapToLong(PurchasedGrant::closeOutstanding)
                .reduce(0, Math::addExact);
        checks.add(new Check(
                "Purchased credits",
                "Outstanding at end, per grant",
                new Formula("SUM(" + Formula.column(GRANTS, "Outstanding at end") + ")", outstanding)));
        checks.add(new Check("", "Outstanding at end, ledger", m.purchasedOutstanding()));
        checks.add(new Check(
                "", "Difference", new Formula(difference(first, "-"), outstanding - m.purchasedOutstanding())));
        long perGrant = data.grants().stream()
                .mapToLong(g -> g.openOutstanding() + g.credited() - g.drawn() - g.expired() - g.closeOutstanding())
                .sum();
        checks.add(new Check(
                "",
                "Difference (per-grant movements)",
                new Formula("SUM(" + Formula.column(GRANTS, GRANT_CHECK) + ")", perGrant)));
        return checks;
    }

    private static Formula summaryRef(int line, long value) {
        return new Formula(summary(line), value);
    }

    private FinanceReport() {}

    public static Path xlsx(Path dir, Data data) {
        Path file = ReportFiles.file(dir, "finance", data.month(), "xlsx");
        List<Line> summary = summary(data);
        try (XlsxReport xlsx = new XlsxReport()) {
            xlsx.reserve(SUMMARY.name(), GRANTS.name(), RECONCILIATION.name());
            XlsxReport.Range range =
                    xlsx.table(SUMMARY, summary.stream(), "Finance " + data.month() + " (UTC): credits and money");
            xlsx.table(GRANTS, data.grants().stream());
            xlsx.table(RECONCILIATION, reconciliation(data).stream());
            List<Line> flows = summary.subList(1, 10);
            XlsxReport.Range flowRange = range.rows(1, 9);
            xlsx.barChart(
                    SUMMARY.name(),
                    "Credits granted, consumed and expired in " + data.month(),
                    6,
                    2,
                    15,
                    22,
                    flowRange.columnRef("Item"),
                    flows.stream().map(l -> l.section() + ": " + l.item()).toArray(String[]::new),
                    List.of("Credits"),
                    List.of(flowRange.columnRef("Credits")),
                    List.<Long[]>of(flows.stream().map(Line::credits).toArray(Long[]::new)));
            xlsx.write(file);
        }
        return file;
    }

    public static List<Path> csv(Path dir, Data data) {
        Path summary = ReportFiles.csv(dir, "finance", data.month(), SUMMARY);
        HumanCsv.write(summary, SUMMARY, summary(data).stream());
        Path grants = ReportFiles.csv(dir, "finance", data.month(), GRANTS);
        HumanCsv.write(grants, GRANTS, data.grants().stream());
        Path reconciliation = ReportFiles.csv(dir, "finance", data.month(), RECONCILIATION);
        HumanCsv.write(reconciliation, RECONCILIATION, reconciliation(data).stream());
        return List.of(summary, grants, reconciliation);
    }
}
