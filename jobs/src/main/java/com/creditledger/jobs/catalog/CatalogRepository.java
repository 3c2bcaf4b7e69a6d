package com.creditledger.jobs.catalog;

import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.catalog.AutoTopup;
import com.creditledger.rating.catalog.Pack;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.catalog.Workspace;
import com.creditledger.rating.price.ModelPrice;
import com.creditledger.rating.price.PriceBook;
import com.creditledger.rating.price.PriceVersion;
import com.creditledger.rating.price.Tier;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the loaded catalog back as domain types. */
@Repository
public class CatalogRepository {

    private final JdbcTemplate jdbc;

    public CatalogRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Catalog catalog() {
        Map<String, Plan> plans = new HashMap<>();
        jdbc.query("SELECT * FROM plan", rs -> {
            plans.put(
                    rs.getString("plan_id"),
                    new Plan(
                            rs.getString("plan_id"),
                            rs.getObject("monthly_credits", Long.class),
                            rs.getLong("overdraft_credits"),
                            rs.getObject("pack_expiry_days", Integer.class),
                            rs.getString("auto_model")));
        });
        Map<String, Pack> packs = new HashMap<>();
        jdbc.query("SELECT * FROM pack", rs -> {
            packs.put(
                    rs.getString("pack_id"),
                    new Pack(
                            rs.getString("pack_id"),
                            rs.getLong("credits"),
                            rs.getLong("bonus_credits"),
                            rs.getLong("price_minor"),
                            rs.getString("currency").trim()));
        });
        Map<String, Instant> effective = new LinkedHashMap<>();
        Map<String, Map<String, ModelPrice>> models = new HashMap<>();
        Map<String, Map<String, Integer>> priceIds = new HashMap<>();
        jdbc.query("""
                SELECT v.version, v.effective_from, v.effective_from_ns, m.model, m.tier, m.credits_per_request, m.credits_per_1k_input,
                       m.credits_per_1k_output, m.price_id
                FROM price_version v JOIN model_price m USING (version)
                """, rs -> {
            String version = rs.getString("version");
            effective.put(version, Sql.exact(rs, "effective_from"));
            priceIds.computeIfAbsent(version, v -> new HashMap<>()).put(rs.getString("model"), rs.getInt("price_id"));
            models.computeIfAbsent(version, v -> new HashMap<>())
                    .put(
                            rs.getString("model"),
                            new ModelPrice(
                                    rs.getString("model"),
                                    Tier.fromCode(rs.getString("tier")).orElseThrow(),
                                    rs.getLong("credits_per_request"),
                                    rs.getLong("credits_per_1k_input"),
                                    rs.getLong("credits_per_1k_output")));
        });
        List<PriceVersion> versions = new ArrayList<>();
        effective.forEach((version, from) -> versions.add(new PriceVersion(version, from, models.get(version))));
        return new Catalog(Map.copyOf(plans), Map.copyOf(packs), new PriceBook(versions), priceIds);
    }

    /** The workspaces with these ids, by id. */
    public Map<String, Workspace> workspaces(String[] ids) {
        Map<String, Workspace> workspaces = new HashMap<>();
        jdbc.query(
                "SELECT * FROM workspace WHERE workspace_id = ANY (?)",
                rs -> {
                    Workspace workspace = workspace(rs);
                    workspaces.put(workspace.id(), workspace);
                },
                (Object) ids);
        return workspaces;
    }

    static Workspace workspace(ResultSet rs) throws SQLException {
        AutoTopup topup = rs.getBoolean("auto_topup")
                ? new AutoTopup(
                        rs.getLong("topup_threshold"),
                        rs.getString("topup_pack"),
                        rs.getObject("topup_cycle_limit", Integer.class),
                        rs.getString("payment_method"),
                        rs.getString("stripe_customer"))
                : null;
        return new Workspace(
                rs.getString("workspace_id"),
                rs.getString("name"),
                rs.getString("plan_id"),
                rs.getObject("cycle_anchor", java.time.LocalDate.class),
                rs.getObject("custom_allowance", Long.class),
                topup);
    }
}
