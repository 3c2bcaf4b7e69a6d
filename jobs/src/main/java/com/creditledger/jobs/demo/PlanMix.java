package com.creditledger.jobs.demo;

import java.util.SplittableRandom;

/**
 * What the generator assumes of each plan of the catalog, smallest first: its share of the
 * workspaces, how often it tops up automatically and at which balance, and how big its team is.
 * The credits, packs and prices themselves come from the catalog ({@link GeneratorCatalog}).
 */
enum PlanMix {
    FREE("free", 40, 0.08, 50, 100, fixed(1), range(1, 2), fixed(1), range(1, 3)),
    PRO("pro", 30, 0.25, 500, 1_000, range(1, 2), range(2, 4), range(1, 3), range(1, 5)),
    BUSINESS("business", 15, 0.30, 2_000, 5_000, range(3, 13), range(3, 10), range(2, 7), range(2, 9)),
    MAX("max", 8, 0.35, 10_000, 20_000, range(5, 26), range(5, 16), range(3, 13), range(3, 13)),
    ENTERPRISE("enterprise", 7, 0.30, 50_000, 100_000, range(20, 181), range(10, 51), range(5, 36), range(5, 26));

    /** A count drawn uniformly from {@code min} to {@code min + spread - 1}; no draw when the spread is 0. */
    record Count(int min, int spread) {

        int draw(SplittableRandom random) {
            return spread == 0 ? min : min + random.nextInt(spread);
        }
    }

    /** The catalog's plan id. */
    final String id;

    private final int weightPercent;
    /** The chance that a workspace on this plan has auto top-up on (past the first five workspaces). */
    final double autoTopupChance;

    private final long smallerThreshold;
    private final long biggerThreshold;
    final Count users;
    final Count agents;
    final Count automations;
    final Count apps;

    PlanMix(
            String id,
            int weightPercent,
            double autoTopupChance,
            long smallerThreshold,
            long biggerThreshold,
            Count users,
            Count agents,
            Count automations,
            Count apps) {
        this.id = id;
        this.weightPercent = weightPercent;
        this.autoTopupChance = autoTopupChance;
        this.smallerThreshold = smallerThreshold;
        this.biggerThreshold = biggerThreshold;
        this.users = users;
        this.agents = agents;
        this.automations = automations;
        this.apps = apps;
    }

    /** The balance below which an auto top-up fires, of the two this plan's workspaces choose from. */
    long topupThreshold(boolean bigger) {
        return bigger ? biggerThreshold : smallerThreshold;
    }

    /** A plan in proportion to the weights. */
    static PlanMix draw(SplittableRandom random) {
        int r = random.nextInt(100);
        for (PlanMix plan : values()) {
            r -= plan.weightPercent;
            if (r < 0) {
                return plan;
            }
        }
        return FREE;
    }

    private static Count fixed(int count) {
        return new Count(count, 0);
    }

    private static Count range(int min, int spread) {
        return new Count(min, spread);
    }
}
