package com.creditledger.jobs.demo;

import com.creditledger.jobs.catalog.Catalog;
import com.creditledger.rating.catalog.Pack;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.price.ModelPrice;
import com.creditledger.rating.price.PriceVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The catalog as the generator uses it: the plans of its {@link PlanMix}, the packs from smallest
 * to biggest, and the models of the price version in effect when the period starts (the rating
 * rule, {@link com.creditledger.rating.price.PriceBook#inEffectAt}), cheapest first.
 */
final class GeneratorCatalog {

    private final Map<PlanMix, Plan> plans = new EnumMap<>(PlanMix.class);
    private final List<Pack> packs;
    private final List<String> models;

    GeneratorCatalog(Catalog catalog, Instant periodStart) {
        Objects.requireNonNull(catalog, "catalog");
        for (PlanMix mix : PlanMix.values()) {
            Plan plan = catalog.plans().get(mix.id);
            if (plan == null) {
                throw new IllegalArgumentException(
                        "the catalog has no plan '" + mix.id + "'; the generator draws workspaces on " + ids());
            }
            plans.put(mix, plan);
        }
        packs = catalog.packs().values().stream()
                .sorted(Comparator.comparingLong(Pack::credits).thenComparing(Pack::id))
                .toList();
        if (packs.isEmpty()) {
            throw new IllegalArgumentException("the catalog has no packs to buy or top up with");
        }
        PriceVersion version = catalog.prices()
                .inEffectAt(periodStart)
                .orElseThrow(() ->
                        new IllegalArgumentException("no price version of the catalog is in effect at " + periodStart));
        models = version.models().values().stream()
                .sorted(Comparator.comparingLong(ModelPrice::creditsPerRequest).thenComparing(ModelPrice::model))
                .map(ModelPrice::model)
                .toList();
        if (models.isEmpty()) {
            throw new IllegalArgumentException("price version " + version.id() + " prices no model");
        }
        for (String model : models) {
            if (model.isEmpty() || model.equals("auto") || !Ascii.isPlain(model)) {
                throw new IllegalArgumentException("not a usable model id: '" + model + "'");
            }
        }
    }

    /** The priced models requests use, cheapest per request first (then by id). */
    List<String> models() {
        return models;
    }

    /** The plan's monthly credits, or 0 for a plan of custom allowances. */
    long monthlyCredits(PlanMix mix) {
        Long credits = plans.get(mix).monthlyCredits();
        return credits == null ? 0 : credits;
    }

    /** Whether each workspace on this plan carries its own allowance ({@code custom_allowance}). */
    boolean customAllowance(PlanMix mix) {
        return plans.get(mix).monthlyCredits() == null;
    }

    /** The pack an auto top-up buys: the plan's rank among the packs, or the one below it. */
    String topupPack(PlanMix mix, boolean bigger) {
        int rank = Math.min(mix.ordinal(), packs.size() - 1);
        return packs.get(bigger ? rank : Math.max(0, rank - 1)).id();
    }

    /** The pack a workspace buys by hand: one rank above the plan's, or the plan's own. */
    String purchasePack(PlanMix mix, boolean bigger) {
        int top = packs.size() - 1;
        return packs.get(bigger ? Math.min(mix.ordinal() + 1, top) : Math.max(0, Math.min(mix.ordinal(), top - 1)))
                .id();
    }

    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (PlanMix mix : PlanMix.values()) {
            ids.add(mix.id);
        }
        return ids;
    }
}
