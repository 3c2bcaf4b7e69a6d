package com.creditledger.jobs.catalog;

import com.creditledger.jobs.catalog.CatalogFiles.PriceRow;
import com.creditledger.jobs.system.Sql;
import com.creditledger.jobs.system.WriterLock;
import com.creditledger.rating.Lateness;
import com.creditledger.rating.catalog.Pack;
import com.creditledger.rating.catalog.Plan;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code billing load plans|packs|prices|workspaces|purchases FILE} (SPEC §3). A file is checked
 * whole before anything is written and loads in one transaction: a bad file loads nothing.
 * Loading the same file again changes nothing; price versions and purchases are immutable.
 */
@Service
public class CatalogLoader {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final WriterLock writerLock;

    public CatalogLoader(JdbcTemplate jdbc, Clock clock, WriterLock writerLock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.writerLock = writerLock;
    }

    @Transactional
    public LoadResult loadPlans(Path file) {
        writerLock.acquire();
        CsvTable table = CatalogFiles.plansTable(file);
        List<Object[]> rows = new ArrayList<>();
        for (Plan plan : CatalogFiles.plans(table)) {
            rows.add(new Object[] {
                plan.id(), plan.monthlyCredits(), plan.overdraftCredits(), plan.packExpiryDays(), plan.autoModel()
            });
        }
        int[] written = jdbc.batchUpdate("""
                INSERT INTO plan (plan_id, monthly_credits, overdraft_credits, pack_expiry_days, auto_model)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (plan_id) DO UPDATE SET monthly_credits = excluded.monthly_credits,
                    overdraft_credits = excluded.overdraft_credits, pack_expiry_days = excluded.pack_expiry_days,
                    auto_model = excluded.auto_model
                WHERE (plan.monthly_credits, plan.overdraft_credits, plan.pack_expiry_days, plan.auto_model)
                    IS DISTINCT FROM (excluded.monthly_credits, excluded.overdraft_credits,
                                      excluded.pack_expiry_days, excluded.auto_model)
                """, rows);
        return result("plans", table, written);
    }

    @Transactional
    public LoadResult loadPacks(Path file) {
        writerLock.acquire();
        CsvTable table = CatalogFiles.packsTable(file);
        List<Object[]> rows = new ArrayList<>();
        for (Pack pack : CatalogFiles.packs(table)) {
            rows.add(new Object[] {pack.id(), pack.credits(), pack.bonusCredits(), pack.priceMinor(), pack.currency()});
        }
        int[] written = jdbc.batchUpdate("""
                INSERT INTO pack (pack_id, credits, bonus_credits, price_minor, currency) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (pack_id) DO UPDATE SET credits = excluded.credits, bonus_credits = excluded.bonus_credits,
                    price_minor = excluded.price_minor, currency = excluded.currency
                WHERE (pack.credits, pack.bonus_credits, pack.price_minor, pack.currency)
                    IS DISTINCT FROM (excluded.credits, excluded.bonus_credits, excluded.price_minor, excluded.currency)
                """, rows);
        return result("packs", table, written);
    }

    @Transactional
    public LoadResult loadPrices(Path file) {
        writerLock.acquire();
        CsvTable table = CatalogFiles.pricesTable(file);
        Map<String, Map<String, PriceRow>> versions = CatalogFiles.prices(table);
        int written = 0;
        int unchanged = 0;
        for (Map.Entry<String, Map<String, PriceRow>> version : versions.entrySet()) {
            Map<String, PriceRow> models = version.getValue();
            PriceRow first = models.values().iterator().next();
            List<Map<String, Object>> loaded = jdbc.queryForList("""
                    SELECT v.effective_from, v.effective_from_ns, m.model, m.tier, m.credits_per_request, m.credits_per_1k_input,
                           m.credits_per_1k_output
                    FROM price_version v JOIN model_price m USING (version) WHERE v.version = ?
                    """, version.getKey());
            if (!loaded.isEmpty()) {
                refuseChangedVersion(table, version.getKey(), models, loaded);
                unchanged += models.size();
                continue;
            }
            String other = jdbc.query(
                    "SELECT version FROM price_version WHERE effective_from = ? AND effective_from_ns = ?",
                    rs -> rs.next() ? rs.getString(1) : null,
                    Sql.utc(first.effectiveFrom()),
                    Sql.nanos(first.effectiveFrom()));
            if (other != null) {
                throw new CatalogFileException(
                        table.file(),
                        first.line(),
                        "effective_from",
                        "version "
                                + version.getKey() + " would take effect at " + first.effectiveFrom()
                                + ", when version " + other + " already does; give it another effective_from");
            }
            jdbc.update(
                    "INSERT INTO price_version (version, effective_from, effective_from_ns, loaded_at) VALUES (?, ?, ?, ?)",
                    version.getKey(),
                    Sql.utc(first.effectiveFrom()),
                    Sql.nanos(first.effectiveFrom()),
                    Sql.utc(clock.instant()));
            List<Object[]> rows = new ArrayList<>();
            for (PriceRow price : models.values()) {
                rows.add(new Object[] {
                    version.getKey(), price.model(), price.tier(), price.perRequest(), price.perIn(), price.perOut()
                });
            }
            jdbc.batchUpdate("""
                    INSERT INTO model_price (version, model, tier, credits_per_request, credits_per_1k_input,
                        credits_per_1k_output) VALUES (?, ?, ?, ?, ?, ?)
                    """, rows);
            written += rows.size();
        }
        return new LoadResult(
                "prices", table.file().getFileName().toString(), table.rows().size(), written, unchanged);
    }

    private static void refuseChangedVersion(
            CsvTable table, String version, Map<String, PriceRow> models, List<Map<String, Object>> loaded) {
        Map<String, PriceRow> stored = new HashMap<>();
        for (Map<String, Object> row : loaded) {
            stored.put(
                    (String) row.get("model"),
                    new PriceRow(
                            0,
                            ((Timestamp) row.get("effective_from"))
                                    .toInstant()
                                    .plusNanos(((Number) row.get("effective_from_ns")).longValue()),
                            (String) row.get("model"),
                            (String) row.get("tier"),
                            ((Number) row.get("credits_per_request")).longValue(),
                            ((Number) row.get("credits_per_1k_input")).longValue(),
                            ((Number) row.get("credits_per_1k_output")).longValue()));
        }
        for (PriceRow price : models.values()) {
            PriceRow before = stored.get(price.model());
            String problem = null;
            if (before == null) {
                problem = "adds model " + price.model();
            } else if (!before.effectiveFrom().equals(price.effectiveFrom())) {
                problem = "moves effective_from from " + before.effectiveFrom() + " to " + price.effectiveFrom();
            } else if (!before.samePrice(price)) {
                problem = "changes the price of " + price.model();
            }
            if (problem != null) {
                throw new CatalogFileException(
                        table.file(),
                        price.line(),
                        null,
                        "price version " + version
                                + " is already loaded and this row " + problem
                                + "; a price version is immutable: publish the change as a new version id");
            }
        }
        if (stored.size() != models.size()) {
            String missing = stored.keySet().stream()
                    .filter(m -> !models.containsKey(m))
                    .findFirst()
                    .orElseThrow();
            throw new CatalogFileException(
                    table.file(),
                    1,
                    null,
                    "price version " + version
                            + " is already loaded with model " + missing + ", which this file drops"
                            + "; a price version is immutable: publish the change as a new version id");
        }
    }

    @Transactional
    public LoadResult loadWorkspaces(Path file) {
        writerLock.acquire();
        CsvTable table = CsvTable.read(
                file,
                "workspace_id",
                "name",
                "plan",
                "cycle_anchor",
                "custom_allowance",
                "auto_topup",
                "topup_threshold",
                "topup_pack",
                "topup_cycle_limit",
                "payment_method");
        Map<String, Boolean> planHasAllowance = new HashMap<>();
        jdbc.query("SELECT plan_id, monthly_credits IS NOT NULL FROM plan", rs -> {
            planHasAllowance.put(rs.getString(1), rs.getBoolean(2));
        });
        List<String> packs = jdbc.queryForList("SELECT pack_id FROM pack", String.class);
        List<Object[]> rows = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String id = CatalogFiles.uniqueId(row, "workspace_id", "workspace", seen);
            String plan = row.required("plan");
            Boolean hasAllowance = planHasAllowance.get(plan);
            if (hasAllowance == null) {
                throw row.error(
                        "plan",
                        "unknown plan '" + plan + "'; load plans.csv first or use one of "
                                + planHasAllowance.keySet().stream().sorted().toList());
            }
            LocalDate anchor = row.requiredDate("cycle_anchor");
            Long allowance = row.optionalLong("custom_allowance", 0);
            if (!hasAllowance && allowance == null) {
                throw row.error(
                        "custom_allowance",
                        "plan '" + plan + "' has no monthly_credits, so each of its"
                                + " workspaces needs a custom_allowance");
            }
            boolean autoTopup = row.requiredBoolean("auto_topup");
            Long threshold = row.optionalLong("topup_threshold", 0);
            String pack = row.text("topup_pack");
            Long limit = row.optionalLong("topup_cycle_limit", 0);
            String paymentMethod = row.text("payment_method");
            String customer = row.text("stripe_customer");
            if (autoTopup) {
                row.required("topup_threshold");
                row.required("topup_pack");
                if (paymentMethod == null) {
                    throw row.error("payment_method", "auto_topup is true, so a payment_method is required");
                }
            }
            if (pack != null && !packs.contains(pack)) {
                throw row.error(
                        "topup_pack",
                        "unknown pack '" + pack + "'; load packs.csv first or use one of "
                                + packs.stream().sorted().toList());
            }
            rows.add(new Object[] {
                id,
                Objects.requireNonNullElse(row.text("name"), id),
                plan,
                anchor,
                allowance,
                autoTopup,
                threshold,
                pack,
                limit == null ? null : Math.toIntExact(limit),
                paymentMethod,
                customer,
                WorkspaceBucket.of(id)
            });
        }
        int[] written = jdbc.batchUpdate("""
                INSERT INTO workspace (workspace_id, name, plan_id, cycle_anchor, custom_allowance, auto_topup,
                    topup_threshold, topup_pack, topup_cycle_limit, payment_method, stripe_customer, bucket)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (workspace_id) DO UPDATE SET name = excluded.name, plan_id = excluded.plan_id,
                    cycle_anchor = excluded.cycle_anchor, custom_allowance = excluded.custom_allowance,
                    auto_topup = excluded.auto_topup, topup_threshold = excluded.topup_threshold,
                    topup_pack = excluded.topup_pack, topup_cycle_limit = excluded.topup_cycle_limit,
                    payment_method = excluded.payment_method, stripe_customer = excluded.stripe_customer
                WHERE (workspace.name, workspace.plan_id, workspace.cycle_anchor, workspace.custom_allowance,
                       workspace.auto_topup, workspace.topup_threshold, workspace.topup_pack,
                       workspace.topup_cycle_limit, workspace.payment_method, workspace.stripe_customer)
                    IS DISTINCT FROM (excluded.name, excluded.plan_id, excluded.cycle_anchor,
                       excluded.custom_allowance, excluded.auto_topup, excluded.topup_threshold,
                       excluded.topup_pack, excluded.topup_cycle_limit, excluded.payment_method,
                       excluded.stripe_customer)
                """, rows);
        return result("workspaces", table, written);
    }

    @Transactional
    public LoadResult loadPurchases(Path file) {
        writerLock.acquire();
        CsvTable table = CsvTable.read(file, "purchase_id", "workspace_id", "purchased_at", "pack_id");
        // only what this file names: the workspaces it buys for and the purchases it may repeat
        String[] workspaceIds = table.rows().stream()
                .map(r -> r.text("workspace_id"))
                .distinct()
                .toArray(String[]::new);
        String[] purchaseIds =
                table.rows().stream().map(r -> r.text("purchase_id")).distinct().toArray(String[]::new);
        Map<String, LocalDate> anchors = new HashMap<>();
        jdbc.query(
                "SELECT workspace_id, cycle_anchor FROM workspace WHERE workspace_id = ANY (?)",
                rs -> {
                    anchors.put(rs.getString(1), rs.getObject(2, LocalDate.class));
                },
                (Object) workspaceIds);
        List<String> packs = jdbc.queryForList("SELECT pack_id FROM pack", String.class);
        Map<String, Object[]> stored = new HashMap<>();
        jdbc.query(
                """
                SELECT purchase_id, workspace_id, purchased_at, purchased_at_ns, pack_id
                FROM purchase WHERE purchase_id = ANY (?)
                """,
                rs -> {
                    stored.put(rs.getString(1), new Object[] {rs.getString(2), Sql.exact(rs, 3), rs.getString(5)});
                },
                (Object) purchaseIds);
        Instant watermark = Sql.watermark(jdbc);
        List<Object[]> rows = new ArrayList<>();
        Map<String, Object[]> inFile = new HashMap<>();
        int unchanged = 0;
        String source = table.file().getFileName().toString();
        for (CsvTable.Row row : table.rows()) {
            String id = row.required("purchase_id");
            String workspace = row.required("workspace_id");
            LocalDate anchor = anchors.get(workspace);
            if (anchor == null) {
                throw row.error("workspace_id", "unknown workspace '" + workspace + "'; load workspaces.csv first");
            }
            Instant at = row.requiredInstant("purchased_at");
            if (at.isBefore(anchor.atStartOfDay(ZoneOffset.UTC).toInstant())) {
                // SPEC §4: granted before the account starts, it would have no cycle to belong to
                throw row.error(
                        "purchased_at",
                        "purchase '" + id + "' of workspace '" + workspace + "' is dated " + at
                                + ", before the workspace's cycle anchor " + anchor
                                + " (its account starts then); correct purchased_at, or the workspace's cycle_anchor");
            }
            String pack = row.required("pack_id");
            if (!packs.contains(pack)) {
                throw row.error(
                        "pack_id",
                        "unknown pack '" + pack + "'; load packs.csv first or use one of "
                                + packs.stream().sorted().toList());
            }
            Object[] content = {workspace, at, pack};
            Object[] before = stored.containsKey(id) ? stored.get(id) : inFile.get(id);
            if (before != null) {
                if (!java.util.Arrays.equals(before, content)) {
                    throw row.error(
                            "purchase_id",
                            "purchase '" + id + "' was loaded before as " + before[0] + ", " + before[1] + ", "
                                    + before[2] + "; a purchase id is never reused");
                }
                unchanged++;
                continue;
            }
            inFile.put(id, content);
            Instant processAt = Lateness.processAt(at, watermark);
            rows.add(new Object[] {
                id,
                workspace,
                Sql.utc(at),
                Sql.nanos(at),
                pack,
                Sql.utc(processAt),
                Sql.nanos(processAt),
                source,
                row.line()
            });
        }
        jdbc.batchUpdate("""
                INSERT INTO purchase (purchase_id, workspace_id, purchased_at, purchased_at_ns, pack_id, process_at,
                                      process_at_ns, source, line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows);
        return new LoadResult("purchases", source, table.rows().size(), rows.size(), unchanged);
    }

    private static LoadResult result(String what, CsvTable table, int[] written) {
        int changed = 0;
        for (int count : written) {
            changed += count > 0 ? 1 : 0;
        }
        return new LoadResult(
                what,
                table.file().getFileName().toString(),
                table.rows().size(),
                changed,
                table.rows().size() - changed);
    }
}
