package com.creditledger.benchmarks;

import com.creditledger.rating.RequestEvent;
import com.creditledger.rating.RequestKind;
import com.creditledger.rating.catalog.AutoTopup;
import com.creditledger.rating.catalog.Pack;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.catalog.Workspace;
import com.creditledger.rating.price.ModelPrice;
import com.creditledger.rating.price.PriceBook;
import com.creditledger.rating.price.PriceVersion;
import com.creditledger.rating.price.Tier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A realistic catalog (after config/*.csv) and a deterministic request mix for the benchmarks.
 */
final class Fixtures {

    /** The models every price version lists; requests name one of these. */
    static final String[] MODELS = {
        "gpt-5-nano",
        "gemini-2.5-flash",
        "gpt-5-mini",
        "claude-haiku-4.5",
        "llama-4-maverick",
        "mistral-medium-3",
        "gpt-4.1",
        "gemini-2.5-pro",
        "gpt-5",
        "claude-sonnet-4.6",
        "claude-opus-4.6",
    };

    private static final Tier[] TIERS = {
        Tier.LIGHTWEIGHT,
        Tier.LIGHTWEIGHT,
        Tier.LIGHTWEIGHT,
        Tier.LIGHTWEIGHT,
        Tier.STANDARD,
        Tier.STANDARD,
        Tier.STANDARD,
        Tier.STANDARD,
        Tier.FRONTIER,
        Tier.FRONTIER,
        Tier.FRONTIER,
    };

    /** credits per request, per 1k input, per 1k output, for each model of {@link #MODELS}, per version. */
    private static final long[][][] TABLES = {
        // 2026.01 (config/prices.csv)
        {
            {2, 0, 0},
            {4, 0, 0},
            {5, 0, 0},
            {10, 0, 0},
            {20, 0, 0},
            {25, 0, 0},
            {40, 1, 2},
            {60, 0, 0},
            {80, 1, 4},
            {110, 0, 0},
            {300, 2, 10}
        },
        // 2026.04
        {
            {2, 0, 0},
            {4, 0, 0},
            {5, 0, 0},
            {10, 0, 0},
            {19, 0, 0},
            {25, 0, 0},
            {40, 1, 2},
            {58, 0, 0},
            {80, 1, 4},
            {110, 0, 0},
            {280, 2, 10}
        },
        // 2026.07
        {
            {2, 0, 0},
            {3, 0, 0},
            {5, 0, 0},
            {10, 0, 0},
            {18, 0, 0},
            {25, 0, 0},
            {40, 1, 2},
            {55, 0, 0},
            {80, 1, 4},
            {110, 0, 0},
            {260, 2, 10}
        },
        // 2026.10 (config/prices.csv, plus its two new frontier models below)
        {
            {2, 0, 0},
            {3, 0, 0},
            {5, 0, 0},
            {10, 0, 0},
            {18, 0, 0},
            {25, 0, 0},
            {40, 1, 2},
            {55, 0, 0},
            {80, 1, 4},
            {110, 0, 0},
            {250, 2, 10}
        },
    };

    private static final String[] VERSION_IDS = {"2026.01", "2026.04", "2026.07", "2026.10"};
    private static final String[] EFFECTIVE_FROM = {
        "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-10-01T00:00:00Z"
    };

    private Fixtures() {}

    /** Four versions of 11 models each (13 in the last), as the default catalog's price table. */
    static PriceBook priceBook() {
        List<PriceVersion> versions = new ArrayList<>();
        for (int v = 0; v < VERSION_IDS.length; v++) {
            Map<String, ModelPrice> models = new LinkedHashMap<>();
            for (int m = 0; m < MODELS.length; m++) {
                long[] p = TABLES[v][m];
                models.put(MODELS[m], new ModelPrice(MODELS[m], TIERS[m], p[0], p[1], p[2]));
            }
            if (v == VERSION_IDS.length - 1) {
                models.put("gemini-3-pro", new ModelPrice("gemini-3-pro", Tier.FRONTIER, 90, 1, 6));
                models.put("gpt-5.1", new ModelPrice("gpt-5.1", Tier.FRONTIER, 95, 1, 5));
            }
            versions.add(new PriceVersion(VERSION_IDS[v], Instant.parse(EFFECTIVE_FROM[v]), models));
        }
        return new PriceBook(versions);
    }

    /**
     * The business plan of config/plans.csv, with packs expiring after a year so that the
     * timeline has real expiries to order on every step.
     */
    static Plan plan() {
        return new Plan("business", 25_000L, 0, 365, "claude-sonnet-4.6");
    }

    static Map<String, Pack> packs() {
        return Map.of(
                "p1k", new Pack("p1k", 1000, 0, 1000, "USD"),
                "p5k", new Pack("p5k", 5000, 250, 4750, "USD"),
                "p20k", new Pack("p20k", 20_000, 2000, 18_000, "USD"));
    }

    /** Anchored on the 15th; auto top-up on, with a threshold the benchmark balance never reaches. */
    static Workspace workspace() {
        return new Workspace(
                "ws-bench",
                "Benchmark workspace",
                "business",
                LocalDate.parse("2026-01-15"),
                null,
                new AutoTopup(2000, "p5k", 3, "pm_card_visa", "cus_bench"));
    }

    /**
     * A request of the usual mix: mostly chat and agent runs, a fifth {@code auto} (half of them
     * without the router's pick), a few zero-cost clones and errors, token counts up to 30k/4k.
     */
    static RequestEvent request(SplittableRandom random, String id, Instant at) {
        int roll = random.nextInt(100);
        RequestKind kind = roll < 45
                ? RequestKind.CHAT
                : roll < 75
                        ? RequestKind.AGENT_RUN
                        : roll < 90
                                ? RequestKind.AUTOMATION_RUN
                                : roll < 98 ? RequestKind.GENESIS_BUILD : RequestKind.APP_CLONE;
        String model = null;
        String resolved = null;
        if (kind != RequestKind.APP_CLONE) {
            String pick = MODELS[random.nextInt(MODELS.length)];
            if (random.nextInt(5) == 0) {
                model = "auto";
                resolved = random.nextBoolean() ? pick : null;
            } else {
                model = pick;
            }
        }
        long input = 100 + random.nextInt(30_000);
        long output = 20 + random.nextInt(4000);
        boolean error = random.nextInt(50) == 0;
        return new RequestEvent(id, at, at, kind, model, resolved, input, output, error);
    }
}
