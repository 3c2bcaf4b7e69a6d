package com.creditledger.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creditledger.jobs.catalog.Catalog;
import com.creditledger.jobs.catalog.CatalogFiles;
import com.creditledger.jobs.demo.DatasetGenerator.BadRowKind;
import com.creditledger.jobs.demo.DatasetGenerator.Result;
import com.creditledger.jobs.demo.DatasetGenerator.Spec;
import com.creditledger.rating.QuarantineReason;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGeneratorTests {

    private static final LocalDate START = LocalDate.of(2026, 11, 1);
    private static final Path CONFIG =
            Files.isDirectory(Path.of("config")) ? Path.of("config") : Path.of("..", "config");
    private static final Catalog CATALOG = CatalogFiles.read(CONFIG);
    /** The models of the default catalog's version in effect in November 2026, cheapest first. */
    private static final List<String> MODELS = List.of(
            "gpt-5-nano",
            "gemini-2.5-flash",
            "gpt-5-mini",
            "claude-haiku-4.5",
            "llama-4-maverick",
            "mistral-medium-3",
            "gpt-4.1",
            "gemini-2.5-pro",
            "gpt-5",
            "gemini-3-pro",
            "gpt-5.1",
            "claude-sonnet-4.6",
            "claude-opus-4.6");

    private static final Spec SPEC = new Spec(40_000, 60, START, 10, 7L, 0.03, 0.003);
    private static final Set<String> KINDS =
            Set.of("agent_run", "automation_run", "genesis_build", "chat", "app_clone");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    @TempDir
    static Path tmp;

    private static Path out;
    private static Result result;

    @BeforeAll
    static void generateOnce() throws IOException {
        out = tmp.resolve("shared");
        result = new DatasetGenerator(CATALOG).generate(out, SPEC);
    }

    @Test
    void sameSpecGivesByteIdenticalFiles() throws IOException {
        // given
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        Path otherSeed = tmp.resolve("other-seed");

        // when
        new DatasetGenerator(CATALOG).generate(first, SPEC);
        new DatasetGenerator(CATALOG).generate(second, SPEC);
        new DatasetGenerator(CATALOG).generate(otherSeed, SPEC.withSeed(8L));

        // then
        List<Path> files = relativeFiles(first);
        assertThat(files).isEqualTo(relativeFiles(second)).hasSize(SPEC.days() + 2);
        for (Path file : files) {
            assertThat(Files.mismatch(first.resolve(file), second.resolve(file)))
                    .as(file.toString())
                    .isEqualTo(-1L);
        }
        assertThat(Files.mismatch(
                        first.resolve("requests/day-2026-11-05.csv"), otherSeed.resolve("requests/day-2026-11-05.csv")))
                .isNotEqualTo(-1L);
    }

    @Test
    void countsMatchTheFilesWritten() throws IOException {
        // given
        List<String> expectedNames = new ArrayList<>();
        for (int d = 0; d < SPEC.days(); d++) {
            expectedNames.add("day-" + START.plusDays(d) + ".csv");
        }

        // when
        long requestRows = 0;
        for (Path file : result.requestFiles()) {
            requestRows += dataLines(file);
        }

        // then
        assertThat(result.requestFiles())
                .extracting(p -> p.getFileName().toString())
                .containsExactlyElementsOf(expectedNames);
        assertThat(result.files()).isEqualTo(SPEC.days() + 2);
        assertThat(result.requests()).isEqualTo(SPEC.records()).isEqualTo(requestRows);
        assertThat(result.workspaces()).isEqualTo(SPEC.workspaces());
        assertThat(parse(out.resolve("workspaces.csv"))).hasSize(SPEC.workspaces());
        assertThat(result.purchases()).isPositive();
        assertThat(parse(out.resolve("purchases.csv"))).hasSize(result.purchases());
        assertThat(result.badRows())
                .isEqualTo(result.badRowsByKind().values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
        assertThat(result.badRowsByKind().values()).allMatch(n -> n > 0);
        assertThat(result.badRows()).isBetween(60L, 180L); // 0.3% of 40,000
        assertThat(result.lateRows()).isBetween(600L, 1_800L); // 3% of 40,000
        assertThat(result.goodRequests()).isEqualTo(result.requests() - result.badRows());
    }

    @Test
    void everyRowHasTheHeaderFieldCountExceptTheMalformedOnes() throws IOException {
        // given
        long wrongFieldCount = 0;

        // when
        for (Path file : result.requestFiles()) {
            try (CSVParser parser = parser(file)) {
                assertThat(String.join(",", parser.getHeaderNames())).isEqualTo(DatasetGenerator.REQUESTS_HEADER);
                for (CSVRecord row : parser) {
                    if (row.size() != DatasetGenerator.REQUEST_FIELDS) {
                        wrongFieldCount++;
                    }
                }
            }
        }

        // then
        assertThat(wrongFieldCount).isEqualTo(result.badRowsByKind().get(BadRowKind.MALFORMED_ROW));
        assertThat(parse(out.resolve("workspaces.csv"))).allMatch(row -> row.size() == 10);
        assertThat(parse(out.resolve("purchases.csv"))).allMatch(row -> row.size() == 4);
    }

    @Test
    void lateRowsArriveOneOrTwoDaysLaterAndTheRestIsInTimeOrder() throws IOException {
        // given
        Set<String> secondOccurrences = new HashSet<>();
        Set<String> seen = new HashSet<>();
        long late = 0;
        Map<Long, Long> lateByLag = new HashMap<>();
        Instant periodStart = START.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant periodEnd = SPEC.end().atStartOfDay(ZoneOffset.UTC).toInstant();

        // when / then
        for (Path file : result.requestFiles()) {
            LocalDate fileDay = LocalDate.parse(file.getFileName().toString().substring(4, 14));
            Instant previous = Instant.MIN;
            for (CSVRecord row : parse(file)) {
                if (row.size() != DatasetGenerator.REQUEST_FIELDS) {
                    continue;
                }
                if (!seen.add(row.get(0))) {
                    secondOccurrences.add(row.get(0)); // a conflicting duplicate copies an earlier row
                    continue;
                }
                Instant at = instantOrNull(row.get(1));
                if (at == null) {
                    continue;
                }
                assertThat(at).isBetween(periodStart, periodEnd);
                LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
                assertThat(day).isBeforeOrEqualTo(fileDay);
                if (day.isBefore(fileDay)) {
                    late++;
                    lateByLag.merge(fileDay.toEpochDay() - day.toEpochDay(), 1L, Long::sum);
                } else {
                    assertThat(at).as(row.get(0)).isAfterOrEqualTo(previous);
                    previous = at;
                }
            }
            if (fileDay.equals(START)) {
                assertThat(late).isZero();
            }
        }
        assertThat(late).isEqualTo(result.lateRows()).isPositive();
        assertThat(lateByLag.keySet()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(secondOccurrences)
                .hasSize(result.badRowsByKind()
                        .get(BadRowKind.DUPLICATE_CONFLICT)
                        .intValue());
    }

    @Test
    void everyPlanAppearsAndWorkspacesAreComplete() throws IOException {
        // given
        List<CSVRecord> workspaces = parse(out.resolve("workspaces.csv"));

        // when
        Set<String> plans =
                workspaces.stream().map(row -> row.get("plan")).collect(Collectors.toCollection(TreeSet::new));

        // then
        assertThat(plans).containsExactlyInAnyOrder("free", "pro", "business", "max", "enterprise");
        for (CSVRecord row : workspaces) {
            boolean enterprise = row.get("plan").equals("enterprise");
            assertThat(row.get("custom_allowance").isEmpty()).as(row.get(0)).isEqualTo(!enterprise);
            LocalDate anchor = LocalDate.parse(row.get("cycle_anchor"));
            assertThat(anchor).isAfterOrEqualTo(START.minusMonths(1)).isBefore(SPEC.end());
            if (row.get("auto_topup").equals("true")) {
                assertThat(row.get("topup_threshold")).matches("[0-9]+");
                assertThat(row.get("topup_pack")).matches("p[0-9]+k");
                assertThat(row.get("payment_method")).startsWith("pm_card_");
            } else {
                assertThat(row.get("auto_topup")).isEqualTo("false");
                assertThat(row.get("topup_pack") + row.get("payment_method")).isEmpty();
            }
        }
        assertThat(workspaces).anyMatch(row -> row.get("name").contains(","));
        assertThat(workspaces).anyMatch(row -> row.get("name").contains("\""));
        assertThat(workspaces).anyMatch(row -> row.get("payment_method").startsWith("pm_card_chargeDeclined"));
        assertThat(workspaces).anyMatch(row -> row.get("cycle_anchor").compareTo(START.toString()) >= 0);
        assertThat(workspaces)
                .anyMatch(row -> Integer.parseInt(row.get("cycle_anchor").substring(8)) >= 29);
        long autoTopup = workspaces.stream()
                .filter(row -> row.get("auto_topup").equals("true"))
                .count();
        assertThat(autoTopup).isBetween(4L, 24L); // about 20% of 60
    }

    @Test
    void purchasesAreInsideThePeriodWithUniqueIds() throws IOException {
        // given
        Set<String> workspaceIds = parse(out.resolve("workspaces.csv")).stream()
                .map(row -> row.get("workspace_id"))
                .collect(Collectors.toSet());
        Instant periodStart = START.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant periodEnd = SPEC.end().atStartOfDay(ZoneOffset.UTC).toInstant();

        // when
        List<CSVRecord> purchases = parse(out.resolve("purchases.csv"));

        // then
        assertThat(purchases.stream().map(row -> row.get("purchase_id")).distinct())
                .hasSize(purchases.size());
        for (CSVRecord row : purchases) {
            assertThat(workspaceIds).contains(row.get("workspace_id"));
            assertThat(Instant.parse(row.get("purchased_at"))).isBetween(periodStart, periodEnd);
            assertThat(row.get("pack_id")).isIn("p1k", "p5k", "p20k", "p50k", "p100k");
        }
    }

    @Test
    void requestIdsAreUniqueApartFromTheConflictingDuplicates() throws IOException {
        // given
        Map<String, List<String>> rowsById = new HashMap<>();

        // when
        for (Path file : result.requestFiles()) {
            for (CSVRecord row : parse(file)) {
                rowsById.computeIfAbsent(row.get(0), id -> new ArrayList<>()).add(String.join(",", row.values()));
            }
        }

        // then
        List<List<String>> repeated =
                rowsById.values().stream().filter(rows -> rows.size() > 1).collect(Collectors.toList());
        assertThat(repeated)
                .hasSize(result.badRowsByKind()
                        .get(BadRowKind.DUPLICATE_CONFLICT)
                        .intValue());
        assertThat(repeated).allSatisfy(rows -> {
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).isNotEqualTo(rows.get(1));
        });
    }

    @Test
    void modelsComeFromTheSpecList() throws IOException {
        // given
        Set<String> allowedModel = new HashSet<>(MODELS);
        allowedModel.add("auto");
        long outside = 0;
        Set<String> used = new HashSet<>();

        // when
        for (Path file : result.requestFiles()) {
            for (CSVRecord row : parse(file)) {
                if (row.size() != DatasetGenerator.REQUEST_FIELDS) {
                    continue;
                }
                String model = row.get("model");
                String resolved = row.get("resolved_model");
                if (row.get("kind").equals("app_clone")) {
                    assertThat(model + resolved).isEmpty();
                    continue;
                }
                boolean ok = allowedModel.contains(model) && (resolved.isEmpty() || MODELS.contains(resolved));
                if (!ok) {
                    outside++;
                }
                used.add(model);
            }
        }

        // then
        assertThat(outside).isEqualTo(result.badRowsByKind().get(BadRowKind.UNKNOWN_MODEL));
        assertThat(used).contains("auto").hasSizeGreaterThan(MODELS.size() / 2);
    }

    @Test
    void eachBadRowGetsTheReasonOfItsKind() throws IOException {
        // given
        Map<String, LocalDate> anchors = new HashMap<>();
        for (CSVRecord row : parse(out.resolve("workspaces.csv"))) {
            anchors.put(row.get("workspace_id"), LocalDate.parse(row.get("cycle_anchor")));
        }
        Map<String, String> seen = new HashMap<>();
        EnumMap<QuarantineReason, Long> found = new EnumMap<>(QuarantineReason.class);

        // when
        for (Path file : result.requestFiles()) {
            for (CSVRecord row : parse(file)) {
                QuarantineReason reason = check(row, seen, anchors);
                if (reason != null) {
                    found.merge(reason, 1L, Long::sum);
                }
            }
        }

        // then
        EnumMap<QuarantineReason, Long> expected = new EnumMap<>(QuarantineReason.class);
        result.badRowsByKind().forEach((kind, n) -> expected.merge(kind.expectedReason(), n, Long::sum));
        expected.values().removeIf(n -> n == 0);
        assertThat(found).isEqualTo(expected);
    }

    @Test
    void requestsLookLikeRealTraffic() throws IOException {
        // given
        Map<String, Long> kinds = new HashMap<>();
        Map<String, Long> perWorkspace = new HashMap<>();
        Map<String, Long> perRun = new HashMap<>();
        long rows = 0;
        long auto = 0;
        long autoUnresolved = 0;
        long errors = 0;
        long publicVisitors = 0;

        // when
        for (Path file : result.requestFiles()) {
            for (CSVRecord row : parse(file)) {
                if (row.size() != DatasetGenerator.REQUEST_FIELDS || !KINDS.contains(row.get("kind"))) {
                    continue;
                }
                rows++;
                String kind = row.get("kind");
                kinds.merge(kind, 1L, Long::sum);
                perWorkspace.merge(row.get("workspace_id"), 1L, Long::sum);
                if (kind.equals("agent_run")) {
                    assertThat(row.get("agent_id")).isNotEmpty();
                }
                if (kind.equals("automation_run")) {
                    assertThat(row.get("automation_id")).isNotEmpty();
                    perRun.merge(row.get("automation_run_id"), 1L, Long::sum);
                }
                if (row.get("model").equals("auto")) {
                    auto++;
                    if (row.get("resolved_model").isEmpty()) {
                        autoUnresolved++;
                    }
                }
                if (row.get("status").equals("error")) {
                    errors++;
                }
                if (row.get("public_visitor").equals("true")) {
                    publicVisitors++;
                    assertThat(kind).isEqualTo("agent_run");
                }
            }
        }

        // then
        assertThat(kinds).containsOnlyKeys(KINDS);
        assertThat(kinds.get("app_clone")).isLessThan(rows / 50);
        assertThat((double) auto / rows).isBetween(0.07, 0.13);
        assertThat(autoUnresolved).isPositive().isLessThan(auto / 2);
        assertThat((double) errors / rows).isBetween(0.005, 0.02);
        assertThat(publicVisitors).isPositive();
        assertThat(perRun.values()).anyMatch(n -> n >= 3);
        assertThat(perRun.values().stream().filter(n -> n > 1).count()).isGreaterThan(perRun.size() / 2);
        // skewed: the busiest tenth of the workspaces make most of the requests
        List<Long> counts = perWorkspace.values().stream()
                .sorted((a, b) -> Long.compare(b, a))
                .collect(Collectors.toList());
        long top = counts.stream()
                .limit(SPEC.workspaces() / 10)
                .mapToLong(Long::longValue)
                .sum();
        assertThat(top).isGreaterThan(rows / 2);
    }

    @Test
    void presetsAndValidation() {
        // given
        Spec demo = Spec.demo();
        Spec bench = Spec.bench(10_000_000);

        // when / then
        assertThat(demo.records()).isEqualTo(200_000);
        assertThat(demo.workspaces()).isEqualTo(300);
        assertThat(demo.start()).isEqualTo(START);
        assertThat(demo.days()).isEqualTo(30);
        assertThat(demo.lateFraction()).isEqualTo(0.02);
        assertThat(demo.records() * demo.badFraction()).isBetween(30.0, 50.0);
        assertThat(bench.workspaces()).isEqualTo(10_000);
        assertThat(bench.days()).isEqualTo(30);
        assertThat(bench.badFraction()).isEqualTo(0.001);
        assertThat(bench.withBadFraction(0).badFraction()).isZero();
        assertThat(Spec.bench(10).workspaces()).isEqualTo(1);
        assertThatThrownBy(() -> new Spec(10, 1, START, 1, 1, 1.0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Spec(10, 0, START, 1, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestsUseTheModelsOfThePriceVersionInEffectAtTheStartCheapestFirst() throws IOException {
        // given a catalog whose prices list their models neither by price nor alike in both versions
        Path config = catalogWithPrices(
                "v1,2026-01-01T00:00:00Z,a,lightweight,1,,",
                "v1,2026-01-01T00:00:00Z,b,frontier,9,1,2",
                "v2,2026-06-01T02:00:00+02:00,b,frontier,9,1,2",
                "v2,2026-06-01T02:00:00+02:00,c,standard,5,,");
        DatasetGenerator generator = new DatasetGenerator(CatalogFiles.read(config));
        Spec march = new Spec(500, 6, LocalDate.of(2026, 3, 1), 2, 1L, 0, 0);

        // when
        Result inMarch = generator.generate(tmp.resolve("march"), march);
        Result inJune =
                generator.generate(tmp.resolve("june"), new Spec(500, 6, LocalDate.of(2026, 6, 1), 2, 1L, 0, 0));

        // then
        assertThat(inMarch.models()).containsExactly("a", "b");
        assertThat(inJune.models()).containsExactly("c", "b");
        assertThat(result.models()).containsExactlyElementsOf(MODELS);
        assertThatThrownBy(() ->
                        generator.generate(tmp.resolve("early"), new Spec(10, 1, LocalDate.of(2025, 1, 1), 1, 1, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no price version");
    }

    @Test
    void aCatalogTheGeneratorCannotUseIsRefused() throws IOException {
        // given
        Catalog auto = CatalogFiles.read(catalogWithPrices("v1,2026-01-01T00:00:00Z,auto,lightweight,1,,"));
        Catalog noMax = new Catalog(
                CATALOG.plans().entrySet().stream()
                        .filter(e -> !e.getKey().equals("max"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                CATALOG.packs(),
                CATALOG.prices(),
                Map.of());
        Catalog noPacks = new Catalog(CATALOG.plans(), Map.of(), CATALOG.prices(), Map.of());
        Spec spec = new Spec(10, 1, START, 1, 1, 0, 0);

        // when / then
        assertThatThrownBy(() -> new DatasetGenerator(auto).generate(tmp.resolve("auto"), spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'auto'");
        assertThatThrownBy(() -> new DatasetGenerator(noMax).generate(tmp.resolve("no-max"), spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no plan 'max'");
        assertThatThrownBy(() -> new DatasetGenerator(noPacks).generate(tmp.resolve("no-packs"), spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no packs");
    }

    @Test
    void topUpsAndPurchasesBuyTheCatalogPacksByPlanSize() throws IOException {
        // given
        Map<String, Set<String>> topupPacks = new HashMap<>();
        Map<String, String> planOf = new HashMap<>();

        // when
        for (CSVRecord row : parse(out.resolve("workspaces.csv"))) {
            planOf.put(row.get("workspace_id"), row.get("plan"));
            if (row.get("auto_topup").equals("true")) {
                topupPacks
                        .computeIfAbsent(row.get("plan"), p -> new TreeSet<>())
                        .add(row.get("topup_pack"));
            }
        }
        Map<String, Set<String>> purchasePacks = new HashMap<>();
        for (CSVRecord row : parse(out.resolve("purchases.csv"))) {
            purchasePacks
                    .computeIfAbsent(planOf.get(row.get("workspace_id")), p -> new TreeSet<>())
                    .add(row.get("pack_id"));
        }

        // then: a plan tops up with the pack of its rank or the one below, and buys its own or the one above
        Map<String, Set<String>> topupAllowed = Map.of(
                "free", Set.of("p1k"),
                "pro", Set.of("p1k", "p5k"),
                "business", Set.of("p5k", "p20k"),
                "max", Set.of("p20k", "p50k"),
                "enterprise", Set.of("p50k", "p100k"));
        Map<String, Set<String>> purchaseAllowed = Map.of(
                "free", Set.of("p1k", "p5k"),
                "pro", Set.of("p5k", "p20k"),
                "business", Set.of("p20k", "p50k"),
                "max", Set.of("p50k", "p100k"),
                "enterprise", Set.of("p50k", "p100k"));
        assertThat(topupPacks).isNotEmpty();
        topupPacks.forEach(
                (plan, packs) -> assertThat(topupAllowed.get(plan)).as(plan).containsAll(packs));
        purchasePacks.forEach(
                (plan, packs) -> assertThat(purchaseAllowed.get(plan)).as(plan).containsAll(packs));
    }

    /**
     * The bytes are pinned: a change that alters what a seed generates must change these on purpose
     * (the demo, the benchmark and the fault suite's workload all rest on them).
     */
    @Test
    void outputForAFixedSeedIsPinned() throws Exception {
        // given a small data set with late and bad rows of every kind
        Spec small = new Spec(3_000, 12, START, 3, 5L, 0.05, 0.02);

        // when
        Result pinned = new DatasetGenerator(CATALOG).generate(tmp.resolve("pinned"), small);

        // then
        assertThat(pinned.badRowsByKind().values()).allMatch(n -> n > 0);
        assertThat(pinned.lateRows()).isPositive();
        assertThat(sha256s(tmp.resolve("pinned")))
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                        "purchases.csv", "dd718a2ac69030598917afd454c1fd541e4ce97b06de26062908350b36379c37",
                        "requests/day-2026-11-01.csv",
                                "5272dcc0ae453e2f9b45d2730dc9063a2fe25b9086b4734cf0216ae16ef06ecd",
                        "requests/day-2026-11-02.csv",
                                "342c6acf00db2a6b27c492b323f2fdb96c0f0f28e1a5a5ea2476885cad611eea",
                        "requests/day-2026-11-03.csv",
                                "38423e929039766a3b4be088a4c886b2e48cd157ef3d7df26163950c1e3eb325",
                        "workspaces.csv", "7c3f69621db15823ca6ac45b2ea5c85725526d220416a938d7dd7d92ccb81177")));
        // and the shared 40,000-row data set of the other tests, all files at once
        assertThat(combinedSha256(out)).isEqualTo("cce586e34ce38c8e291b5f12a11487c75a005ba1082881a69fd4478644dd74f6");
    }

    @Test
    void defaultCatalogIsConsistent() throws IOException {
        // given
        Path config = CONFIG;
        List<CSVRecord> plans = parse(config.resolve("plans.csv"));
        List<CSVRecord> packs = parse(config.resolve("packs.csv"));
        List<CSVRecord> prices = parse(config.resolve("prices.csv"));

        // when
        Map<String, Set<String>> modelsByVersion = new HashMap<>();
        for (CSVRecord row : prices) {
            modelsByVersion
                    .computeIfAbsent(row.get("version"), v -> new HashSet<>())
                    .add(row.get("model"));
        }

        // then
        assertThat(plans)
                .extracting(row -> row.get("plan"))
                .containsExactly("free", "pro", "business", "max", "enterprise");
        for (CSVRecord plan : plans) {
            boolean enterprise = plan.get("plan").equals("enterprise");
            assertThat(plan.get("monthly_credits").isEmpty()).isEqualTo(enterprise);
            assertThat(plan.get("pack_expiry_days")).isEqualTo(plan.get("plan").equals("free") ? "365" : "");
            assertThat(Long.parseLong(plan.get("overdraft_credits")) > 0)
                    .isEqualTo(plan.get("plan").equals("max") || enterprise);
            assertThat(modelsByVersion.values()).allMatch(models -> models.contains(plan.get("auto_model")));
        }
        assertThat(modelsByVersion).hasSizeGreaterThanOrEqualTo(2);
        assertThat(prices)
                .extracting(row -> row.get("effective_from"))
                .contains("2026-01-01T00:00:00Z", "2026-10-01T00:00:00Z");
        assertThat(prices).extracting(row -> row.get("tier")).contains("lightweight", "standard", "frontier");
        assertThat(prices).anyMatch(row -> !row.get("credits_per_1k_output").isEmpty());
        assertThat(prices)
                .filteredOn(row -> row.get("model").equals("claude-sonnet-4.6"))
                .isNotEmpty()
                .allMatch(row -> row.get("credits_per_request").equals("110"));
        double previousBonusShare = -1;
        for (CSVRecord pack : packs) {
            double bonusShare = Double.parseDouble(pack.get("bonus_credits")) / Double.parseDouble(pack.get("credits"));
            assertThat(bonusShare).isGreaterThan(previousBonusShare);
            assertThat(pack.get("currency")).isEqualTo("USD");
            previousBonusShare = bonusShare;
        }
        assertThat(prices)
                .filteredOn(row -> row.get("version").equals("2026.10"))
                .extracting(row -> row.get("model"))
                .containsExactlyInAnyOrderElementsOf(MODELS);
    }

    // ---------------------------------------------------------------- helpers

    /** The first failing check of SPEC §4 (ingest, then rating), or null for a good row. */
    private static QuarantineReason check(CSVRecord row, Map<String, String> seen, Map<String, LocalDate> anchors) {
        if (row.size() != DatasetGenerator.REQUEST_FIELDS) {
            return QuarantineReason.MALFORMED_ROW;
        }
        String kind = row.get("kind");
        for (String required : List.of("request_id", "occurred_at", "workspace_id", "kind")) {
            if (row.get(required).isEmpty()) {
                return QuarantineReason.MISSING_FIELD;
            }
        }
        if (!kind.equals("app_clone") && row.get("model").isEmpty()) {
            return QuarantineReason.MISSING_FIELD;
        }
        Instant at = instantOrNull(row.get("occurred_at"));
        if (at == null) {
            return QuarantineReason.BAD_TIMESTAMP;
        }
        if (!KINDS.contains(kind)) {
            return QuarantineReason.UNKNOWN_KIND;
        }
        if (!Set.of("", "ok", "error").contains(row.get("status"))) {
            return QuarantineReason.BAD_STATUS;
        }
        for (String tokens : List.of("input_tokens", "output_tokens")) {
            if (!row.get(tokens).isEmpty() && !INTEGER.matcher(row.get(tokens)).matches()) {
                return QuarantineReason.BAD_NUMBER;
            }
        }
        for (String tokens : List.of("input_tokens", "output_tokens")) {
            if (row.get(tokens).startsWith("-")) {
                return QuarantineReason.NEGATIVE_TOKENS;
            }
        }
        String content = String.join(",", row.values());
        String before = seen.putIfAbsent(row.get("request_id"), content);
        if (before != null) {
            return before.equals(content) ? null : QuarantineReason.DUPLICATE_CONFLICT;
        }
        LocalDate anchor = anchors.get(row.get("workspace_id"));
        if (anchor == null) {
            return QuarantineReason.UNKNOWN_WORKSPACE;
        }
        if (at.isBefore(anchor.atStartOfDay(ZoneOffset.UTC).toInstant())) {
            return QuarantineReason.BEFORE_ACCOUNT_START;
        }
        if (!kind.equals("app_clone")) {
            String priced = !row.get("resolved_model").isEmpty() ? row.get("resolved_model") : row.get("model");
            if (!priced.equals("auto") && !MODELS.contains(priced)) {
                return QuarantineReason.UNKNOWN_MODEL;
            }
        }
        return null;
    }

    /** A catalog folder with the default plans and packs and these price rows. */
    private static Path catalogWithPrices(String... rows) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "catalog");
        Files.copy(CONFIG.resolve("plans.csv"), dir.resolve("plans.csv"));
        Files.copy(CONFIG.resolve("packs.csv"), dir.resolve("packs.csv"));
        Files.writeString(
                dir.resolve("prices.csv"),
                "\uFEFFversion,effective_from,model,tier,credits_per_request,credits_per_1k_input,credits_per_1k_output\n"
                        + String.join("\n", rows) + "\n",
                StandardCharsets.UTF_8);
        return dir;
    }

    /** The SHA-256 of each file under {@code root}, by relative path. */
    private static Map<String, String> sha256s(Path root) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        for (Path file : relativeFiles(root)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            hashes.put(
                    file.toString().replace('\\', '/'),
                    HexFormat.of().formatHex(digest.digest(Files.readAllBytes(root.resolve(file)))));
        }
        return hashes;
    }

    /** One SHA-256 over the lines "path hash" of {@link #sha256s}. */
    private static String combinedSha256(Path root) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, String> file : sha256s(root).entrySet()) {
            digest.update((file.getKey() + " " + file.getValue() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Instant instantOrNull(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static long dataLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count() - 1;
        }
    }

    private static CSVParser parser(Path file) throws IOException {
        Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        return CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(reader);
    }

    private static List<CSVRecord> parse(Path file) throws IOException {
        try (CSVParser parser = parser(file)) {
            return parser.getRecords();
        }
    }
}
