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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The default catalog's price table (config/prices.csv, or {@code -Dbilling.prices=FILE}) and a
 * deterministic request mix for the benchmarks.
 */
final class Fixtures {

    private static final List<PriceVersion> VERSIONS =
            readPrices(Path.of(System.getProperty("billing.prices", "config/prices.csv")));
    private static final PriceBook PRICES = new PriceBook(VERSIONS);

    /** The models every price version lists, in file order; requests name one of these. */
    static final String[] MODELS = modelsInEveryVersion(VERSIONS);

    private Fixtures() {}

    static PriceBook priceBook() {
        return PRICES;
    }

    /**
     * Reads a prices.csv of the catalog's format ({@code version,effective_from,model,tier,
     * credits_per_request,credits_per_1k_input,credits_per_1k_output}; plain fields, empty = 0). The
     * benchmark only needs the well-formed default file: the loader's checks are not repeated here.
     */
    private static List<PriceVersion> readPrices(Path file) {
        Map<String, Instant> effective = new LinkedHashMap<>();
        Map<String, Map<String, ModelPrice>> versions = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                effective.putIfAbsent(f[0], Instant.parse(f[1]));
                versions.computeIfAbsent(f[0], id -> new LinkedHashMap<>())
                        .put(
                                f[2],
                                new ModelPrice(
                                        f[2],
                                        Tier.fromCode(f[3]).orElseThrow(),
                                        number(f[4]),
                                        number(f[5]),
                                        number(f[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the price table " + file.toAbsolutePath()
                            + "; run from the repository root or pass -Dbilling.prices=FILE",
                    e);
        }
        List<PriceVersion> book = new ArrayList<>();
        versions.forEach((id, models) -> book.add(new PriceVersion(id, effective.get(id), models)));
        return book;
    }

    private static long number(String field) {
        return field.isEmpty() ? 0 : Long.parseLong(field);
    }

    private static String[] modelsInEveryVersion(List<PriceVersion> versions) {
        return versions.get(0).models().keySet().stream()
                .filter(model -> versions.stream().allMatch(v -> v.models().containsKey(model)))
                .toArray(String[]::new);
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
