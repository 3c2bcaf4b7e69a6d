package com.creditledger.jobs.demo;

import com.creditledger.jobs.catalog.Catalog;
import com.creditledger.rating.QuarantineReason;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes a realistic, deterministic data set in the SPEC §3 input formats: {@code workspaces.csv},
 * {@code purchases.csv} and one request log per day, {@code requests/day-YYYY-MM-DD.csv}.
 *
 * <p>The plans, packs and priced models come from a {@link Catalog}: the one loaded into the
 * database ({@code CatalogRepository}) or the same files read without one ({@code CatalogFiles}).
 * Requests use the models of the price version in effect when the period starts, cheapest first.
 * The same catalog and {@link Spec} always give byte-identical files. Request rows are streamed:
 * memory does not grow with {@link Spec#records()} (only with the number of workspaces and with one
 * day's late rows), so ten million rows are as cheap per row as ten thousand.
 *
 * <p>Shape of the data (sized for the default catalog in {@code config/}):
 *
 * <ul>
 *   <li>Plans: about 40% free, 30% pro, 15% business, 8% max, 7% enterprise ({@link PlanMix}); the
 *       first five workspaces are one of each, so every plan appears as soon as there are five
 *       workspaces ({@link WorkspaceMix}).
 *   <li>Usage: each workspace burns its monthly allowance at a drawn rate (most well below 1, a few
 *       above, about half of the auto top-up workspaces above); requests are spread in proportion,
 *       so big plans are the heavy workspaces. Custom (enterprise) allowances are sized so that the
 *       requests asked for fit this picture.
 *   <li>Requests: kinds, runs, models and tokens ({@link RequestShapes}), one file per day in time
 *       order ({@link RequestWriter}).
 *   <li>Late rows: a {@link Spec#lateFraction()} of a day's good rows is written into the next or
 *       the one after next day's file instead (never past the last file), at the position of their
 *       time of day ({@link LateAndBadRows}).
 *   <li>Bad rows: a {@link Spec#badFraction()} of the rows is replaced by a bad one, the kinds
 *       taken in turn ({@link BadRowKind}).
 * </ul>
 */
public final class DatasetGenerator {

    /** The header of every request log, in the column order of SPEC §3. */
    public static final String REQUESTS_HEADER = "request_id,occurred_at,workspace_id,user_id,kind,agent_id,"
            + "automation_id,automation_run_id,app_id,model,resolved_model,input_tokens,output_tokens,status,"
            + "public_visitor";

    /** The header of {@code workspaces.csv}. */
    public static final String WORKSPACES_HEADER = "workspace_id,name,plan,cycle_anchor,custom_allowance,"
            + "auto_topup,topup_threshold,topup_pack,topup_cycle_limit,payment_method";

    /** The header of {@code purchases.csv}. */
    public static final String PURCHASES_HEADER = "purchase_id,workspace_id,purchased_at,pack_id";

    /** The number of fields of a request row. */
    public static final int REQUEST_FIELDS = 15;

    /** The first day of the demo and benchmark data sets. */
    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 11, 1);

    private static final long DEMO_SEED = 20261101L;
    private static final long BENCH_SEED = 42L;

    private final Catalog catalog;

    /** A generator for workspaces on {@code catalog}'s plans, buying its packs and using its models. */
    public DatasetGenerator(Catalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * What to generate.
     *
     * @param records request rows to write in all, bad and late rows included
     * @param workspaces workspaces in {@code workspaces.csv}
     * @param start the first day of the period
     * @param days the period's length; one request file per day
     * @param seed the seed: the same spec gives byte-identical files
     * @param lateFraction the share of a day's rows written into a later day's file instead
     * @param badFraction the share of rows replaced by bad rows
     */
    public record Spec(
            long records,
            int workspaces,
            LocalDate start,
            int days,
            long seed,
            double lateFraction,
            double badFraction) {

        /** Validates the spec. */
        public Spec {
            Objects.requireNonNull(start, "start");
            if (records < 0) {
                throw new IllegalArgumentException("records must not be negative: " + records);
            }
            if (workspaces < 1) {
                throw new IllegalArgumentException("workspaces must be at least 1: " + workspaces);
            }
            if (days < 1) {
                throw new IllegalArgumentException("days must be at least 1: " + days);
            }
            if (!(lateFraction >= 0 && lateFraction < 1)) {
                throw new IllegalArgumentException("lateFraction must be in [0, 1): " + lateFraction);
            }
            if (!(badFraction >= 0 && badFraction < 1)) {
                throw new IllegalArgumentException("badFraction must be in [0, 1): " + badFraction);
            }
        }

        /**
         * The demo data set: about 200,000 rows from 300 workspaces over November 2026, 2% late rows and
         * about forty bad rows.
         */
        public static Spec demo() {
            return new Spec(200_000, 300, DEFAULT_START, 30, DEMO_SEED, 0.02, 40.0 / 200_000);
        }

        /** A benchmark data set: one workspace per thousand rows, 30 days, 2% late, 0.1% bad. */
        public static Spec bench(long records) {
            int workspaces = (int) Math.min(Integer.MAX_VALUE, Math.max(1, records / 1000));
            return new Spec(records, workspaces, DEFAULT_START, 30, BENCH_SEED, 0.02, 0.001);
        }

        /** This spec with another number of workspaces. */
        public Spec withWorkspaces(int workspaces) {
            return new Spec(records, workspaces, start, days, seed, lateFraction, badFraction);
        }

        /** This spec with another seed. */
        public Spec withSeed(long seed) {
            return new Spec(records, workspaces, start, days, seed, lateFraction, badFraction);
        }

        /** This spec with another share of bad rows. */
        public Spec withBadFraction(double badFraction) {
            return new Spec(records, workspaces, start, days, seed, lateFraction, badFraction);
        }

        /** The first day after the period. */
        public LocalDate end() {
            return start.plusDays(days);
        }

        /** The instant the period starts: the price version in effect then prices the models used. */
        public Instant startInstant() {
            return start.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /**
     * What was written.
     *
     * @param workspaces rows in {@code workspaces.csv}
     * @param purchases rows in {@code purchases.csv}
     * @param requests request rows in all request files, bad and late rows included ({@code
     *     Spec.records})
     * @param badRows of these, the bad rows
     * @param lateRows of these, the good rows written into a later day's file
     * @param files all files written: {@code workspaces.csv}, {@code purchases.csv} and the request files
     * @param badRowsByKind bad rows per kind, every kind present
     * @param requestFiles the request files, one per day in date order
     * @param models the priced models the good rows use, cheapest first
     */
    public record Result(
            int workspaces,
            int purchases,
            long requests,
            long badRows,
            long lateRows,
            int files,
            Map<BadRowKind, Long> badRowsByKind,
            List<Path> requestFiles,
            List<String> models) {

        /** Copies the collections. */
        public Result {
            EnumMap<BadRowKind, Long> byKind = new EnumMap<>(BadRowKind.class);
            for (BadRowKind kind : BadRowKind.values()) {
                byKind.put(kind, 0L);
            }
            byKind.putAll(badRowsByKind);
            badRowsByKind = Collections.unmodifiableMap(byKind);
            requestFiles = List.copyOf(requestFiles);
            models = List.copyOf(models);
        }

        /** Request rows that are not bad. */
        public long goodRequests() {
            return requests - badRows;
        }

        /** One line for people. */
        public String summary() {
            return "workspaces=" + workspaces + " purchases=" + purchases + " requests=" + requests + " (bad " + badRows
                    + ", late " + lateRows + ") files=" + files + " badByKind=" + badRowsByKind;
        }
    }

    /** The kinds of bad rows written, each with the quarantine reason SPEC §4 gives it. */
    public enum BadRowKind {
        /** A row with too few or too many fields. */
        MALFORMED_ROW(QuarantineReason.MALFORMED_ROW),
        /** An {@code occurred_at} that is not an ISO-8601 instant with offset. */
        BAD_TIMESTAMP(QuarantineReason.BAD_TIMESTAMP),
        /** A {@code kind} not in the list. */
        UNKNOWN_KIND(QuarantineReason.UNKNOWN_KIND),
        /** A token count that is not an integer. */
        BAD_NUMBER(QuarantineReason.BAD_NUMBER),
        /** A negative token count. */
        NEGATIVE_TOKENS(QuarantineReason.NEGATIVE_TOKENS),
        /** An empty {@code workspace_id}. */
        MISSING_WORKSPACE(QuarantineReason.MISSING_FIELD),
        /** A workspace that is not in {@code workspaces.csv}. */
        UNKNOWN_WORKSPACE(QuarantineReason.UNKNOWN_WORKSPACE),
        /** A model (or resolved model) that no price version knows. */
        UNKNOWN_MODEL(QuarantineReason.UNKNOWN_MODEL),
        /** An earlier request_id again, with other output tokens (or status). */
        DUPLICATE_CONFLICT(QuarantineReason.DUPLICATE_CONFLICT);

        private final QuarantineReason expectedReason;

        BadRowKind(QuarantineReason expectedReason) {
            this.expectedReason = expectedReason;
        }

        /** The reason the pipeline must quarantine such a row with. */
        public QuarantineReason expectedReason() {
            return expectedReason;
        }
    }

    /**
     * Generates the data set of {@code spec} into {@code outDir} (created if absent; request files
     * of an earlier run there are deleted).
     *
     * @throws IllegalArgumentException when the catalog lacks a plan of the mix, has no packs, or no
     *     price version is in effect when the period starts
     */
    public Result generate(Path outDir, Spec spec) throws IOException {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(spec, "spec");
        GeneratorCatalog onCatalog = new GeneratorCatalog(catalog, spec.startInstant());
        Files.createDirectories(outDir);
        Path requestDir = outDir.resolve("requests");
        Files.createDirectories(requestDir);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(requestDir, "day-*.csv")) {
            for (Path p : stale) {
                Files.delete(p);
            }
        }
        SplittableRandom master = new SplittableRandom(spec.seed());
        SplittableRandom workspaceRandom = master.split();
        SplittableRandom purchaseRandom = master.split();
        SplittableRandom requestRandom = master.split();
        double[] dayFactor = Rhythm.dayFactors(spec);

        Workspace[] workspaces = new WorkspaceMix(spec, onCatalog, dayFactor).draw(workspaceRandom);
        AccountFiles.writeWorkspaces(outDir.resolve("workspaces.csv"), onCatalog, workspaces);
        int purchases = AccountFiles.writePurchases(
                outDir.resolve("purchases.csv"), spec, onCatalog, workspaces, purchaseRandom);
        RequestWriter requests = new RequestWriter(spec, workspaces, onCatalog.models(), dayFactor, requestRandom);
        List<Path> files = requests.write(requestDir);
        LateAndBadRows placed = requests.placement();
        return new Result(
                workspaces.length,
                purchases,
                spec.records(),
                placed.badRows(),
                placed.lateRows(),
                files.size() + 2,
                placed.badByKind(),
                files,
                onCatalog.models());
    }
}
