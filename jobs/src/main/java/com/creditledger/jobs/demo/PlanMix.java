package com.creditledger.jobs.demo;

import java.util.SplittableRandom;

/**
 * What the generator assumes of each plan of the catalog, smallest first: its share of the
 * workspaces, how often it tops up automatically and at which balance, and how big its team is.
 * The credits, packs and prices themselves come from the catalog ({@link GeneratorCatalog}).
 */
enum PlanMix {
    FREE("free", 40, new Topup(0.08, 50, 100), new Team(fixed(1), range(1, 2), fixed(1), range(1, 3))),
    PRO("pro", 30, new Topup(0.25, 500, 1_000), new Team(range(1, 2), range(2, 4), range(1, 3), range(1, 5))),
    BUSINESS(
            "business",
            15,
            new Topup(0.30, 2_000, 5_000),
            new Team(range(3, 13), range(3, 10), range(2, 7), range(2, 9))),
    MAX("max", 8, new Topup(0.35, 10_000, 20_000), new Team(range(5, 26), range(5, 16), range(3, 13), range(3, 13))),
    ENTERPRISE(
            "enterprise",
            7,
            new Topup(0.30, 50_000, 100_000),
            new Team(range(20, 181), range(10, 51), range(5, 36), range(5, 26)));

    /**
     * Auto top-up: the chance a workspace on the plan has it on (past the first five workspaces) and
     * the two balances it may fire below.
     */
    record Topup(double chance, long smallerThreshold, long biggerThreshold) {

        long threshold(boolean bigger) {
            return bigger ? biggerThreshold : smallerThreshold;
        }
    }

    /** A count drawn uniformly from {@code min} to {@code min + spread - 1}; no draw when the spread is 0. */
    record Count(int min, int spread) {

        int draw(SplittableRandom random) {
            return spread == 0 ? min : min + random.nextInt(spread);
        }
    }

    /** How many users, agents, automations and apps a workspace on the plan has. */
    record Team(Count users, Count agents, Count automations, Count apps) {

        void size(Workspace w, SplittableRandom random) {
            w.users = users.draw(random);
            w.agents = agents.draw(random);
            w.automations = automations.draw(random);
            w.apps = apps.draw(random);
        }
    }

    /** The catalog's plan id. */
    final String id;

    private final int weightPercent;
    final Topup topup;
    final Team team;

    PlanMix(String id, int weightPercent, Topup topup, Team team) {
        this.id = id;
        this.weightPercent = weightPercent;
        this.topup = topup;
        this.team = team;
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
