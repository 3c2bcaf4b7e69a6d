package com.creditledger.jobs.catalog;

import com.creditledger.rating.catalog.Pack;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.price.ModelPrice;
import com.creditledger.rating.price.PriceBook;
import com.creditledger.rating.price.PriceVersion;
import com.creditledger.rating.price.Tier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code plans.csv}, {@code packs.csv} and {@code prices.csv} read into the domain types with the
 * checks of {@link CatalogLoader}, which stores what these methods return. {@link #read} gives the
 * catalog without a database: what a rating run would see once the files were loaded.
 */
public final class CatalogFiles {

    private CatalogFiles() {}

    /** The catalog in {@code dir}'s {@code plans.csv}, {@code packs.csv} and {@code prices.csv}; no price ids. */
    public static Catalog read(Path dir) {
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (Plan plan : plans(plansTable(dir.resolve("plans.csv")))) {
            plans.put(plan.id(), plan);
        }
        Map<String, Pack> packs = new LinkedHashMap<>();
        for (Pack pack : packs(packsTable(dir.resolve("packs.csv")))) {
            packs.put(pack.id(), pack);
        }
        List<PriceVersion> versions = new ArrayList<>();
        prices(pricesTable(dir.resolve("prices.csv"))).forEach((version, rows) -> {
            Map<String, ModelPrice> models = new LinkedHashMap<>();
            rows.values().forEach(row -> models.put(row.model(), row.price()));
            versions.add(
                    new PriceVersion(version, rows.values().iterator().next().effectiveFrom(), models));
        });
        return new Catalog(Map.copyOf(plans), Map.copyOf(packs), new PriceBook(versions), Map.of());
    }

    static CsvTable plansTable(Path file) {
        return CsvTable.read(file, "plan", "monthly_credits", "overdraft_credits", "pack_expiry_days", "auto_model");
    }

    static CsvTable packsTable(Path file) {
        return CsvTable.read(file, "pack_id", "credits", "bonus_credits", "price_minor", "currency");
    }

    static CsvTable pricesTable(Path file) {
        return CsvTable.read(
                file,
                "version",
                "effective_from",
                "model",
                "tier",
                "credits_per_request",
                "credits_per_1k_input",
                "credits_per_1k_output");
    }

    /** The plans, in file order; a plan id appears once. */
    static List<Plan> plans(CsvTable table) {
        List<Plan> plans = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String plan = uniqueId(row, "plan", "plan", seen);
            Long expiry = row.optionalLong("pack_expiry_days", 0);
            plans.add(new Plan(
                    plan,
                    row.optionalLong("monthly_credits", 0),
                    row.requiredLong("overdraft_credits", 0),
                    expiry == null ? null : Math.toIntExact(expiry),
                    row.required("auto_model")));
        }
        return plans;
    }

    /** The packs, in file order; a pack id appears once and its currency is an ISO-4217 code. */
    static List<Pack> packs(CsvTable table) {
        List<Pack> packs = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String pack = uniqueId(row, "pack_id", "pack", seen);
            String currency = row.required("currency");
            if (!currency.matches("[A-Z]{3}")) {
                throw row.error("currency", "'" + currency + "' is not an ISO-4217 code like USD");
            }
            long credits = row.requiredLong("credits", 0);
            Long bonus = row.optionalLong("bonus_credits", 0);
            packs.add(
                    new Pack(pack, credits, bonus == null ? 0L : bonus, row.requiredLong("price_minor", 0), currency));
        }
        return packs;
    }

    /** One row of {@code prices.csv}, with its line for messages. */
    record PriceRow(
            long line, Instant effectiveFrom, String model, String tier, long perRequest, long perIn, long perOut) {

        boolean samePrice(PriceRow other) {
            return model.equals(other.model)
                    && tier.equals(other.tier)
                    && perRequest == other.perRequest
                    && perIn == other.perIn
                    && perOut == other.perOut;
        }

        ModelPrice price() {
            return new ModelPrice(model, Tier.fromCode(tier).orElseThrow(), perRequest, perIn, perOut);
        }
    }

    /**
     * The price rows by version and model, both in file order: a known tier, one {@code
     * effective_from} per version, a model priced once per version.
     */
    static Map<String, Map<String, PriceRow>> prices(CsvTable table) {
        Map<String, Map<String, PriceRow>> versions = new LinkedHashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String version = row.required("version");
            String tier = row.required("tier");
            if (Tier.fromCode(tier).isEmpty()) {
                throw row.error("tier", "'" + tier + "' is not one of lightweight, standard, frontier");
            }
            PriceRow price = new PriceRow(
                    row.line(),
                    row.requiredInstant("effective_from"),
                    row.required("model"),
                    tier,
                    row.requiredLong("credits_per_request", 0),
                    orZero(row.optionalLong("credits_per_1k_input", 0)),
                    orZero(row.optionalLong("credits_per_1k_output", 0)));
            Map<String, PriceRow> models = versions.computeIfAbsent(version, v -> new LinkedHashMap<>());
            PriceRow first = models.values().stream().findFirst().orElse(null);
            if (first != null && !first.effectiveFrom().equals(price.effectiveFrom())) {
                throw row.error(
                        "effective_from",
                        "version " + version + " is effective from " + first.effectiveFrom() + " on line "
                                + first.line() + "; all rows of a version share one effective_from");
            }
            PriceRow clash = models.put(price.model(), price);
            if (clash != null) {
                throw row.error(
                        "model",
                        "model " + price.model() + " is priced twice in version " + version + " (first on line "
                                + clash.line() + ")");
            }
        }
        return versions;
    }

    /** The row's id in {@code column}, which no earlier row of the file may hold. */
    static String uniqueId(CsvTable.Row row, String column, String what, Map<String, Long> seen) {
        String id = row.required(column);
        Long first = seen.putIfAbsent(id, row.line());
        if (first != null) {
            throw row.error(column, what + " '" + id + "' appears twice (first on line " + first + ")");
        }
        return id;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
