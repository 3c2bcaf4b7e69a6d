package com.creditledger.jobs.demo;

import com.creditledger.rating.QuarantineReason;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Writes a realistic, deterministic data set in the SPEC §3 input formats: {@code workspaces.csv},
 * {@code purchases.csv} and one request log per day, {@code requests/day-YYYY-MM-DD.csv}.
 *
 * <p>The same {@link Spec} always gives byte-identical files. Request rows are streamed: memory
 * does not grow with {@link Spec#records()} (only with the number of workspaces and with one day's
 * late rows), so ten million rows are as cheap per row as ten thousand.
 *
 * <p>Shape of the data (sized for the default catalog in {@code config/}):
 *
 * <ul>
 *   <li>Plans: about 40% free, 30% pro, 15% business, 8% max, 7% enterprise; the first five
 *       workspaces are one of each, so every plan appears as soon as there are five workspaces.
 *   <li>Usage: each workspace burns its monthly allowance at a drawn rate (most well below 1, a few
 *       above, about half of the auto top-up workspaces above); requests are spread in proportion,
 *       so big plans are the heavy workspaces. Enterprise custom allowances are sized so that the
 *       requests asked for fit this picture.
 *   <li>Late rows: a {@link Spec#lateFraction()} of a day's good rows is written into the next or
 *       the one after next day's file instead (never past the last file), at the position of their
 *       time of day.
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

    /** The models of the newest version of the default {@code config/prices.csv}. */
    public static final List<String> DEFAULT_MODELS = List.of(
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

    /** Credits per request the usage sizing assumes (about the average of the default catalog for this mix). */
    static final double ASSUMED_CREDITS_PER_REQUEST = 75.0;

    private static final long DEMO_SEED = 20261101L;
    private static final long BENCH_SEED = 42L;
    private static final int SECONDS_PER_DAY = 86_400;
    private static final int MINUTES_PER_DAY = 1_440;

    /** Relative traffic per UTC hour: a global user base, quiet at night in the Americas and Europe. */
    private static final double[] HOUR_WEIGHTS = {
        0.45, 0.40, 0.35, 0.30, 0.30, 0.35, 0.50, 0.70, 0.90, 1.00, 1.05, 1.10,
        1.20, 1.30, 1.40, 1.40, 1.35, 1.25, 1.10, 0.95, 0.85, 0.75, 0.65, 0.55
    };

    private static final String[] NAME_FIRST =
            ("Acme|Northwind|Blue Harbor|Lumen|Redwood|Orbit|Brightline|Cobalt|Juniper|Summit|Foxglove|Ironbark|Kestrel|Meridian|Nimbus|Pinecrest|Quarry|Riverstone|Saffron|Tidewater|Umbra|Vantage|Willow|Zephyr|Atlas|Beacon|Cedar|Driftwood|Evergreen|Granite|Halcyon|Indigo|Lighthouse|Mosaic|Nova|Oakridge|Polaris|Sparrow|Tandem")
                    .split("\\|");
    private static final String[] NAME_SECOND =
            ("Labs|Studio|Analytics|Robotics|Ventures|Collective|Design Co|Health|Logistics|Learning|Media|Partners|Consulting|Foods|Energy|Capital|Software|Agency|Clinic|Academy|Marketing|Research|Systems|Works")
                    .split("\\|");
    private static final String[] SPECIAL_NAMES = {
        "Smith, Jones & Partners", "The \"Night Owls\" Team", "Café Ünïcode GmbH", "Doe, Ray & \"Mi\" Music"
    };
    private static final String[] CARDS = {"pm_card_visa", "pm_card_mastercard", "pm_card_amex", "pm_card_visa_debit"};
    private static final String[] UNKNOWN_MODELS = {
        "gpt-9-ultra", "claude-opus-9", "llama-2-70b-legacy", "gemini-0.5-nano"
    };
    private static final String[] UNKNOWN_KINDS = {"voice_call", "agent-run", "Chat", "image_generation"};

    private static final byte[] REQ_PREFIX = ascii("req-");
    private static final byte[] RUN_PREFIX = ascii("run-");
    private static final byte[] OK = ascii("ok");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] AUTO = ascii("auto");
    private static final int REQUEST_ID_DIGITS = 10;
    private static final int RUN_ID_DIGITS = 9;

    // request kinds, with their per-mille share
    private static final int AGENT_RUN = 0;
    private static final int AUTOMATION_RUN = 1;
    private static final int CHAT = 2;
    private static final int GENESIS_BUILD = 3;
    private static final int APP_CLONE = 4;
    private static final byte[][] KIND_BYTES = {
        ascii("agent_run"), ascii("automation_run"), ascii("chat"), ascii("genesis_build"), ascii("app_clone")
    };
    // automation runs start at 6.5%; with 1-6 follow-up steps each they end up about a fifth of the rows
    private static final int[] KIND_CUMULATIVE_PER_MILLE = {500, 565, 860, 995, 1000};
    // token ranges per kind: input lo/hi, output lo/hi
    private static final int[][] TOKENS = {
        {800, 24_000, 100, 4_000},
        {300, 12_000, 50, 3_000},
        {150, 6_000, 50, 2_500},
        {2_000, 40_000, 1_500, 16_000},
        {0, 0, 0, 0}
    };

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
     * @param models the priced model ids requests may use (neither {@code auto} nor blank)
     */
    public record Spec(
            long records,
            int workspaces,
            LocalDate start,
            int days,
            long seed,
            double lateFraction,
            double badFraction,
            List<String> models) {

        /** Validates the spec. */
        public Spec {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(models, "models");
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
            models = List.copyOf(models);
            if (models.isEmpty()) {
                throw new IllegalArgumentException("models must not be empty");
            }
            if (new LinkedHashSet<>(models).size() != models.size()) {
                throw new IllegalArgumentException("models must not repeat: " + models);
            }
            for (String model : models) {
                if (model.isBlank() || model.equals("auto") || !isPlainAscii(model)) {
                    throw new IllegalArgumentException("not a usable model id: '" + model + "'");
                }
            }
        }

        /**
         * The demo data set: about 200,000 rows from 300 workspaces over November 2026, 2% late rows and
         * about forty bad rows.
         */
        public static Spec demo(List<String> models) {
            return new Spec(200_000, 300, DEFAULT_START, 30, DEMO_SEED, 0.02, 40.0 / 200_000, models);
        }

        /** A benchmark data set: one workspace per thousand rows, 30 days, 2% late, 0.1% bad. */
        public static Spec bench(long records, List<String> models) {
            int workspaces = (int) Math.min(Integer.MAX_VALUE, Math.max(1, records / 1000));
            return new Spec(records, workspaces, DEFAULT_START, 30, BENCH_SEED, 0.02, 0.001, models);
        }

        /** This spec with another number of workspaces. */
        public Spec withWorkspaces(int workspaces) {
            return new Spec(records, workspaces, start, days, seed, lateFraction, badFraction, models);
        }

        /** This spec with another seed. */
        public Spec withSeed(long seed) {
            return new Spec(records, workspaces, start, days, seed, lateFraction, badFraction, models);
        }

        /** The first day after the period. */
        public LocalDate end() {
            return start.plusDays(days);
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
     */
    public record Result(
            int workspaces,
            int purchases,
            long requests,
            long badRows,
            long lateRows,
            int files,
            Map<BadRowKind, Long> badRowsByKind,
            List<Path> requestFiles) {

        /** Copies the collections. */
        public Result {
            EnumMap<BadRowKind, Long> byKind = new EnumMap<>(BadRowKind.class);
            for (BadRowKind kind : BadRowKind.values()) {
                byKind.put(kind, 0L);
            }
            byKind.putAll(badRowsByKind);
            badRowsByKind = Collections.unmodifiableMap(byKind);
            requestFiles = List.copyOf(requestFiles);
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

    /** Generates the data set of {@code spec} into {@code outDir} (created if absent). */
    public Result generate(Path outDir, Spec spec) throws IOException {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(spec, "spec");
        return new Run(outDir, spec).run();
    }

    /**
     * The model ids of the newest version (greatest {@code effective_from}) in a {@code prices.csv}, in
     * file order.
     */
    public static List<String> modelsFromPrices(Path pricesCsv) throws IOException {
        return modelsFromPrices(pricesCsv, null);
    }

    /**
     * The model ids of the version in effect at {@code at} (the newest version when {@code at} is null)
     * in a {@code prices.csv}, in file order.
     */
    public static List<String> modelsFromPrices(Path pricesCsv, Instant at) throws IOException {
        Map<String, Instant> effective = new LinkedHashMap<>();
        Map<String, List<String>> models = new LinkedHashMap<>();
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (Reader reader = withoutBom(Files.newBufferedReader(pricesCsv, StandardCharsets.UTF_8));
                CSVParser parser = format.parse(reader)) {
            for (CSVRecord row : parser) {
                String version = row.get("version");
                Instant from = OffsetDateTime.parse(row.get("effective_from")).toInstant();
                effective.putIfAbsent(version, from);
                List<String> list = models.computeIfAbsent(version, v -> new ArrayList<>());
                String model = row.get("model");
                if (!list.contains(model)) {
                    list.add(model);
                }
            }
        }
        String chosen = null;
        for (Map.Entry<String, Instant> e : effective.entrySet()) {
            boolean inEffect = at == null || !e.getValue().isAfter(at);
            if (inEffect && (chosen == null || e.getValue().isAfter(effective.get(chosen)))) {
                chosen = e.getKey();
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException(
                    "no price version in " + pricesCsv + (at == null ? "" : " is in effect at " + at));
        }
        return List.copyOf(models.get(chosen));
    }

    /**
     * Command line for scripts: {@code --out DIR --records N [--workspaces W] [--seed S] [--prices FILE]
     * [--demo]}. Without {@code --prices} the models come from {@code config/prices.csv} when it exists
     * in the working directory, else from {@link #DEFAULT_MODELS}. {@code --demo} writes {@link
     * Spec#demo} ({@code --records} then not needed).
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        Long records = null;
        Integer workspaces = null;
        Long seed = null;
        Path prices = null;
        boolean demo = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> out = Path.of(value(args, ++i));
                    case "--records" -> records = Long.parseLong(value(args, ++i));
                    case "--workspaces" -> workspaces = Integer.parseInt(value(args, ++i));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i));
                    case "--prices" -> prices = Path.of(value(args, ++i));
                    case "--demo" -> demo = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (out == null || (records == null && !demo)) {
                throw new IllegalArgumentException("--out and --records are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: DatasetGenerator --out DIR --records N [--workspaces W] [--seed S]"
                    + " [--prices FILE] [--demo]");
            System.exit(2);
            return;
        }
        Instant periodStart = DEFAULT_START.atStartOfDay(ZoneOffset.UTC).toInstant();
        Path defaultPrices = Path.of("config", "prices.csv");
        List<String> models = prices != null
                ? modelsFromPrices(prices, periodStart)
                : Files.isRegularFile(defaultPrices) ? modelsFromPrices(defaultPrices, periodStart) : DEFAULT_MODELS;
        Spec spec = demo ? Spec.demo(models) : Spec.bench(records, models);
        if (records != null && demo) {
            spec = new Spec(
                    records,
                    spec.workspaces(),
                    spec.start(),
                    spec.days(),
                    spec.seed(),
                    spec.lateFraction(),
                    spec.badFraction(),
                    spec.models());
        }
        if (workspaces != null) {
            spec = spec.withWorkspaces(workspaces);
        }
        if (seed != null) {
            spec = spec.withSeed(seed);
        }
        long t0 = System.nanoTime();
        Result result = new DatasetGenerator().generate(out, spec);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println(result.summary());
        System.out.printf(
                Locale.ROOT,
                "wrote %d request rows to %s in %.2f s (%,.0f rows/s)%n",
                result.requests(),
                out,
                seconds,
                result.requests() / Math.max(seconds, 1e-9));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static Reader withoutBom(Reader reader) throws IOException {
        PushbackReader pushback = new PushbackReader(reader, 1);
        int first = pushback.read();
        if (first != -1 && first != '\uFEFF') {
            pushback.unread(first);
        }
        return pushback;
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',' || c == '"') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String pad(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /** RFC 4180 field: quoted only when it holds a comma, a double quote, CR or LF. */
    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static double weekdayFactor(DayOfWeek day) {
        return switch (day) {
            case MONDAY -> 1.00;
            case TUESDAY -> 1.06;
            case WEDNESDAY -> 1.08;
            case THURSDAY -> 1.05;
            case FRIDAY -> 0.92;
            case SATURDAY -> 0.58;
            case SUNDAY -> 0.52;
        };
    }

    /** The catalog plans the generator sizes usage for (default {@code config/plans.csv}). */
    private enum Plan {
        FREE("free", 300, 40, 0.08),
        PRO("pro", 5_000, 30, 0.25),
        BUSINESS("business", 25_000, 15, 0.30),
        MAX("max", 100_000, 8, 0.35),
        ENTERPRISE("enterprise", 0, 7, 0.30);

        final String id;
        final long monthlyCredits;
        final int weightPercent;
        final double autoTopupChance;

        Plan(String id, long monthlyCredits, int weightPercent, double autoTopupChance) {
            this.id = id;
            this.monthlyCredits = monthlyCredits;
            this.weightPercent = weightPercent;
            this.autoTopupChance = autoTopupChance;
        }

        static Plan draw(SplittableRandom random) {
            int r = random.nextInt(100);
            for (Plan plan : values()) {
                r -= plan.weightPercent;
                if (r < 0) {
                    return plan;
                }
            }
            return FREE;
        }
    }

    /** One workspace: its catalog row and its generation state. */
    private static final class Workspace {
        final int index;
        final String id;
        final byte[] idBytes;
        String name;
        Plan plan;
        LocalDate anchor;
        int anchorDay; // days from the period start, negative = before it
        long allowance;
        boolean autoTopup;
        long topupThreshold;
        String topupPack;
        int topupCycleLimit; // 0 = no limit
        String paymentMethod;
        boolean over; // burns more than its allowance
        double usageRate; // allowance per 30 days burnt
        double enterpriseSize;
        double activity; // sum of weekday factors over its active days
        double base; // expected requests per weekday-factor unit
        int users;
        int agents;
        int automations;
        int apps;
        final int[] preferredModels = new int[3];
        byte[] userPrefix;
        byte[] agentPrefix;
        byte[] automationPrefix;
        byte[] appPrefix;
        // the open automation run: its follow-up steps are scheduled a few seconds to minutes apart
        long runId;
        int runAutomation;
        int runUser;
        int runStepsLeft;

        Workspace(int index, int width) {
            this.index = index;
            String number = pad(index + 1, width);
            this.id = "ws-" + number;
            this.idBytes = ascii(id);
            this.userPrefix = ascii("usr-" + number + "-");
            this.agentPrefix = ascii("agt-" + number + "-");
            this.automationPrefix = ascii("aut-" + number + "-");
            this.appPrefix = ascii("app-" + number + "-");
        }
    }

    /** A pack purchase. */
    private record Purchase(long at, int workspace, String pack) {}

    /** A good row kept back for a later day's file. */
    private record LateRow(int secondOfDay, long sequence, byte[] bytes) {}

    /** Walker/Vose alias table: O(1) draws from a discrete distribution. */
    private static final class AliasTable {
        final int size;
        final double[] probability;
        final int[] alias;
        final int[] items;

        AliasTable(double[] weights, int[] items, int size) {
            this.size = size;
            this.items = items;
            this.probability = new double[size];
            this.alias = new int[size];
            double total = 0;
            for (int i = 0; i < size; i++) {
                total += weights[i];
            }
            double[] scaled = new double[size];
            int[] small = new int[size];
            int[] large = new int[size];
            int ns = 0;
            int nl = 0;
            for (int i = 0; i < size; i++) {
                scaled[i] = weights[i] * size / total;
                if (scaled[i] < 1.0) {
                    small[ns++] = i;
                } else {
                    large[nl++] = i;
                }
            }
            while (ns > 0 && nl > 0) {
                int s = small[--ns];
                int l = large[--nl];
                probability[s] = scaled[s];
                alias[s] = l;
                scaled[l] = (scaled[l] + scaled[s]) - 1.0;
                if (scaled[l] < 1.0) {
                    small[ns++] = l;
                } else {
                    large[nl++] = l;
                }
            }
            while (nl > 0) {
                probability[large[--nl]] = 1.0;
            }
            while (ns > 0) {
                probability[small[--ns]] = 1.0;
            }
        }

        int draw(SplittableRandom random) {
            double u = random.nextDouble() * size;
            int i = (int) u;
            if (i >= size) {
                i = size - 1;
            }
            return u - i < probability[i] ? items[i] : items[alias[i]];
        }
    }

    /** Buffered byte output without charset encoding: every request byte is ASCII. */
    private static final class ByteSink implements Closeable {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 20];
        private int length;

        ByteSink(OutputStream out) {
            this.out = out;
        }

        void write(byte[] bytes, int offset, int count) throws IOException {
            if (count > buffer.length - length) {
                flushBuffer();
                if (count > buffer.length) {
                    out.write(bytes, offset, count);
                    return;
                }
            }
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
        }

        void write(byte[] bytes) throws IOException {
            write(bytes, 0, bytes.length);
        }

        private void flushBuffer() throws IOException {
            if (length > 0) {
                out.write(buffer, 0, length);
                length = 0;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                flushBuffer();
            } finally {
                out.close();
            }
        }
    }

    /** One generation: all mutable state lives here. */
    private static final class Run {
        private final Path outDir;
        private final Spec spec;
        private final SplittableRandom workspaceRandom;
        private final SplittableRandom purchaseRandom;
        private final SplittableRandom random;
        private final Workspace[] workspaces;
        private final byte[][] models;
        private final double[] dayFactor;
        private final long startEpochSecond;

        private final EnumMap<BadRowKind, Long> badByKind = new EnumMap<>(BadRowKind.class);
        private long badRows;
        private long lateRows;
        private long requestSequence;
        private long runSequence;
        private int nextBadKind;
        private int unknownWorkspaceSequence;

        // the row being built, and the last on-time good row (for conflicting duplicates)
        private byte[] row = new byte[4096];
        private int rowLength;
        private byte[] previousRow = new byte[4096];
        private int previousRowLength;
        private final int[] secondHistogram = new int[60];
        // follow-up steps of automation runs, as (second of day << 32 | workspace index)
        private final PriorityQueue<Long> followUps = new PriorityQueue<>();

        // "YYYY-MM-DDT" of the day being written
        private byte[] datePrefix;

        Run(Path outDir, Spec spec) {
            this.outDir = outDir;
            this.spec = spec;
            SplittableRandom master = new SplittableRandom(spec.seed());
            this.workspaceRandom = master.split();
            this.purchaseRandom = master.split();
            this.random = master.split();
            this.workspaces = new Workspace[spec.workspaces()];
            this.models = new byte[spec.models().size()][];
            for (int i = 0; i < models.length; i++) {
                models[i] = ascii(spec.models().get(i));
            }
            this.dayFactor = new double[spec.days()];
            for (int d = 0; d < spec.days(); d++) {
                dayFactor[d] = weekdayFactor(spec.start().plusDays(d).getDayOfWeek());
            }
            this.startEpochSecond = spec.start().toEpochDay() * SECONDS_PER_DAY;
            for (BadRowKind k : BadRowKind.values()) {
                badByKind.put(k, 0L);
            }
        }

        Result run() throws IOException {
            Files.createDirectories(outDir);
            Path requestDir = outDir.resolve("requests");
            Files.createDirectories(requestDir);
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(requestDir, "day-*.csv")) {
                for (Path p : stale) {
                    Files.delete(p);
                }
            }
            buildWorkspaces();
            writeWorkspaces(outDir.resolve("workspaces.csv"));
            int purchases = writePurchases(outDir.resolve("purchases.csv"));
            List<Path> files = writeRequests(requestDir);
            return new Result(
                    workspaces.length,
                    purchases,
                    spec.records(),
                    badRows,
                    lateRows,
                    files.size() + 2,
                    badByKind,
                    files);
        }

        // ---------------------------------------------------------------- workspaces

        private void buildWorkspaces() {
            SplittableRandom r = workspaceRandom;
            int width = Math.max(4, Integer.toString(workspaces.length).length());
            LocalDate monthBefore = spec.start().minusMonths(1);
            int daysBefore = (int) ChronoUnit.DAYS.between(monthBefore, spec.start());
            YearMonth previousMonth = YearMonth.from(monthBefore);
            int topups = 0;
            for (int i = 0; i < workspaces.length; i++) {
                Workspace w = new Workspace(i, width);
                workspaces[i] = w;
                w.plan = i < Plan.values().length ? Plan.values()[i] : Plan.draw(r);
                w.name = name(i, r);
                // anchors: most in the month before the period (their boundary falls inside it), some
                // on the 29th-31st, the rest sign up during the period
                if (i < Plan.values().length || r.nextDouble() < 0.78) {
                    if (r.nextDouble() < 0.10) {
                        int dom = Math.min(29 + r.nextInt(3), previousMonth.lengthOfMonth());
                        w.anchor = previousMonth.atDay(dom);
                        if (!w.anchor.isBefore(spec.start())) {
                            w.anchor = spec.start().minusDays(1);
                        }
                    } else {
                        w.anchor = spec.start().minusDays(1 + r.nextInt(daysBefore));
                    }
                } else {
                    w.anchor = spec.start().plusDays(r.nextInt(spec.days()));
                }
                w.anchorDay = (int) ChronoUnit.DAYS.between(spec.start(), w.anchor);
                // auto top-up: pro and business of the first five always (one of them with a declining card)
                w.autoTopup =
                        i == 1 || i == 2 || (i >= Plan.values().length && r.nextDouble() < w.plan.autoTopupChance);
                boolean declined = false;
                if (w.autoTopup) {
                    int k = topups++;
                    declined = k % 10 == 1;
                    w.over = k % 2 == 0 || declined;
                    w.paymentMethod = declined
                            ? (k % 20 == 11 ? "pm_card_chargeDeclinedInsufficientFunds" : "pm_card_chargeDeclined")
                            : CARDS[r.nextInt(CARDS.length)];
                    setTopupTerms(w, r);
                } else {
                    w.over = r.nextDouble() < 0.06;
                }
                double u = r.nextDouble();
                w.usageRate = w.over ? 1.3 + 1.7 * u : 0.03 + 0.67 * u * u;
                w.enterpriseSize = 0.4 + 1.6 * r.nextDouble();
                w.allowance = w.plan.monthlyCredits;
                sizeTeam(w, r);
                pickModels(w, r);
                double activity = 0;
                for (int d = Math.max(0, w.anchorDay); d < spec.days(); d++) {
                    activity += dayFactor[d];
                }
                w.activity = activity;
            }
            sizeEnterpriseAllowances();
            for (Workspace w : workspaces) {
                w.base = w.allowance * w.usageRate / (30.0 * ASSUMED_CREDITS_PER_REQUEST);
            }
        }

        private String name(int i, SplittableRandom r) {
            String first = NAME_FIRST[r.nextInt(NAME_FIRST.length)];
            String second = NAME_SECOND[r.nextInt(NAME_SECOND.length)];
            if (i == 3 || i == 7 || i == 11 || i == 19) {
                return SPECIAL_NAMES[(i == 3 ? 0 : i == 7 ? 1 : i == 11 ? 2 : 3)];
            }
            if (i % 97 == 41) {
                return first + ", " + second;
            }
            return first + " " + second;
        }

        private void setTopupTerms(Workspace w, SplittableRandom r) {
            boolean bigger = r.nextBoolean();
            switch (w.plan) {
                case FREE -> {
                    w.topupThreshold = bigger ? 100 : 50;
                    w.topupPack = "p1k";
                }
                case PRO -> {
                    w.topupThreshold = bigger ? 1_000 : 500;
                    w.topupPack = bigger ? "p5k" : "p1k";
                }
                case BUSINESS -> {
                    w.topupThreshold = bigger ? 5_000 : 2_000;
                    w.topupPack = bigger ? "p20k" : "p5k";
                }
                case MAX -> {
                    w.topupThreshold = bigger ? 20_000 : 10_000;
                    w.topupPack = bigger ? "p50k" : "p20k";
                }
                case ENTERPRISE -> {
                    w.topupThreshold = bigger ? 100_000 : 50_000;
                    w.topupPack = bigger ? "p100k" : "p50k";
                }
            }
            w.topupCycleLimit = r.nextDouble() < 0.4 ? 0 : 1 + r.nextInt(5);
        }

        private static void sizeTeam(Workspace w, SplittableRandom r) {
            switch (w.plan) {
                case FREE -> {
                    w.users = 1;
                    w.agents = 1 + r.nextInt(2);
                    w.automations = 1;
                    w.apps = 1 + r.nextInt(3);
                }
                case PRO -> {
                    w.users = 1 + r.nextInt(2);
                    w.agents = 2 + r.nextInt(4);
                    w.automations = 1 + r.nextInt(3);
                    w.apps = 1 + r.nextInt(5);
                }
                case BUSINESS -> {
                    w.users = 3 + r.nextInt(13);
                    w.agents = 3 + r.nextInt(10);
                    w.automations = 2 + r.nextInt(7);
                    w.apps = 2 + r.nextInt(9);
                }
                case MAX -> {
                    w.users = 5 + r.nextInt(26);
                    w.agents = 5 + r.nextInt(16);
                    w.automations = 3 + r.nextInt(13);
                    w.apps = 3 + r.nextInt(13);
                }
                case ENTERPRISE -> {
                    w.users = 20 + r.nextInt(181);
                    w.agents = 10 + r.nextInt(51);
                    w.automations = 5 + r.nextInt(36);
                    w.apps = 5 + r.nextInt(26);
                }
            }
        }

        private void pickModels(Workspace w, SplittableRandom r) {
            int n = models.length;
            for (int k = 0; k < w.preferredModels.length; k++) {
                int candidate = r.nextInt(n);
                // distinct when the list allows
                for (int tries = 0; tries < 8 && k < n && contains(w.preferredModels, k, candidate); tries++) {
                    candidate = r.nextInt(n);
                }
                w.preferredModels[k] = candidate;
            }
        }

        private static boolean contains(int[] values, int count, int value) {
            for (int i = 0; i < count; i++) {
                if (values[i] == value) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Expected requests of a workspace = allowance × usage rate / assumed credits per request, over
         * its active days. Enterprise allowances are custom: they are sized so that all workspaces
         * together ask for about {@code records} requests (at least 100,000 credits, in 10,000 steps).
         */
        private void sizeEnterpriseAllowances() {
            double perUnit = 30.0 * ASSUMED_CREDITS_PER_REQUEST;
            double others = 0;
            double enterpriseMass = 0;
            for (Workspace w : workspaces) {
                if (w.plan == Plan.ENTERPRISE) {
                    enterpriseMass += w.enterpriseSize * w.usageRate * w.activity / perUnit;
                } else {
                    others += w.allowance * w.usageRate * w.activity / perUnit;
                }
            }
            double scale = enterpriseMass > 0 ? Math.max(0, spec.records() - others) / enterpriseMass : 0;
            for (Workspace w : workspaces) {
                if (w.plan == Plan.ENTERPRISE) {
                    long allowance = Math.round(scale * w.enterpriseSize / 10_000.0) * 10_000;
                    w.allowance = Math.max(100_000, allowance);
                }
            }
        }

        private void writeWorkspaces(Path file) throws IOException {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(WORKSPACES_HEADER);
                out.write('\n');
                for (Workspace w : workspaces) {
                    StringBuilder line = new StringBuilder(128)
                            .append(w.id)
                            .append(',')
                            .append(csvField(w.name))
                            .append(',')
                            .append(w.plan.id)
                            .append(',')
                            .append(w.anchor)
                            .append(',');
                    if (w.plan == Plan.ENTERPRISE) {
                        line.append(w.allowance);
                    }
                    line.append(',').append(w.autoTopup).append(',');
                    if (w.autoTopup) {
                        line.append(w.topupThreshold)
                                .append(',')
                                .append(w.topupPack)
                                .append(',');
                        if (w.topupCycleLimit > 0) {
                            line.append(w.topupCycleLimit);
                        }
                        line.append(',').append(w.paymentMethod);
                    } else {
                        line.append(",,,");
                    }
                    out.write(line.append('\n').toString());
                }
            }
        }

        // ---------------------------------------------------------------- purchases

        private int writePurchases(Path file) throws IOException {
            SplittableRandom r = purchaseRandom;
            int count = (int) Math.max(1, Math.round(workspaces.length * 0.04));
            List<Workspace> heavy = new ArrayList<>();
            for (Workspace w : workspaces) {
                if (w.over) {
                    heavy.add(w);
                }
            }
            long end = startEpochSecond + (long) spec.days() * SECONDS_PER_DAY;
            List<Purchase> purchases = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Workspace w = !heavy.isEmpty() && r.nextDouble() < 0.6
                        ? heavy.get(r.nextInt(heavy.size()))
                        : workspaces[r.nextInt(workspaces.length)];
                long from = startEpochSecond + (long) Math.max(0, w.anchorDay) * SECONDS_PER_DAY;
                long at = from + r.nextLong(end - from);
                boolean bigger = r.nextBoolean();
                String pack = switch (w.plan) {
                    case FREE -> bigger ? "p5k" : "p1k";
                    case PRO -> bigger ? "p20k" : "p5k";
                    case BUSINESS -> bigger ? "p50k" : "p20k";
                    case MAX, ENTERPRISE -> bigger ? "p100k" : "p50k";
                };
                purchases.add(new Purchase(at, w.index, pack));
            }
            purchases.sort(Comparator.comparingLong(Purchase::at).thenComparingInt(Purchase::workspace));
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(PURCHASES_HEADER);
                out.write('\n');
                int n = 0;
                for (Purchase p : purchases) {
                    out.write("pur-" + pad(++n, 6) + "," + workspaces[p.workspace()].id + ","
                            + Instant.ofEpochSecond(p.at()) + "," + p.pack() + "\n");
                }
            }
            return purchases.size();
        }

        // ---------------------------------------------------------------- requests

        private List<Path> writeRequests(Path requestDir) throws IOException {
            int days = spec.days();
            // rows per day: weekday rhythm times the weight of the workspaces already signed up
            double[] dayWeight = new double[days];
            double totalWeight = 0;
            for (int d = 0; d < days; d++) {
                double active = 0;
                for (Workspace w : workspaces) {
                    if (w.anchorDay <= d) {
                        active += w.base;
                    }
                }
                dayWeight[d] = dayFactor[d] * active;
                totalWeight += dayWeight[d];
            }
            long[] dayRows = apportion(spec.records(), dayWeight, totalWeight);
            double[] minuteWeight = new double[MINUTES_PER_DAY];
            for (int m = 0; m < MINUTES_PER_DAY; m++) {
                minuteWeight[m] = HOUR_WEIGHTS[m / 60];
            }
            double minuteTotal = 0;
            for (double v : minuteWeight) {
                minuteTotal += v;
            }
            @SuppressWarnings("unchecked")
            List<LateRow>[] late = new List[days];
            for (int d = 0; d < days; d++) {
                late[d] = new ArrayList<>();
            }
            byte[] header = ascii(REQUESTS_HEADER + "\n");
            double[] weights = new double[workspaces.length];
            int[] items = new int[workspaces.length];
            List<Path> files = new ArrayList<>(days);
            for (int d = 0; d < days; d++) {
                LocalDate date = spec.start().plusDays(d);
                Path file = requestDir.resolve("day-" + date + ".csv");
                files.add(file);
                int n = 0;
                for (Workspace w : workspaces) {
                    if (w.anchorDay <= d && w.base > 0) {
                        weights[n] = w.base;
                        items[n++] = w.index;
                    }
                }
                AliasTable pick = n == 0 ? null : new AliasTable(weights, items, n);
                long[] minuteRows =
                        pick == null ? new long[MINUTES_PER_DAY] : apportion(dayRows[d], minuteWeight, minuteTotal);
                List<LateRow> arriving = late[d];
                late[d] = null;
                arriving.sort(Comparator.comparingInt(LateRow::secondOfDay).thenComparingLong(LateRow::sequence));
                datePrefix = ascii(date + "T");
                long dayEpoch = startEpochSecond + (long) d * SECONDS_PER_DAY;
                try (ByteSink sink = new ByteSink(Files.newOutputStream(file))) {
                    sink.write(header);
                    int nextLate = 0;
                    for (int m = 0; m < MINUTES_PER_DAY; m++) {
                        long k = minuteRows[m];
                        if (k == 0) {
                            continue;
                        }
                        Arrays.fill(secondHistogram, 0);
                        for (long j = 0; j < k; j++) {
                            secondHistogram[random.nextInt(60)]++;
                        }
                        for (int s = 0; s < 60; s++) {
                            int c = secondHistogram[s];
                            if (c == 0) {
                                continue;
                            }
                            int second = m * 60 + s;
                            while (nextLate < arriving.size()
                                    && arriving.get(nextLate).secondOfDay() <= second) {
                                sink.write(arriving.get(nextLate++).bytes());
                            }
                            for (int j = 0; j < c; j++) {
                                emit(sink, pick, d, dayEpoch, second, late);
                            }
                        }
                    }
                    while (nextLate < arriving.size()) {
                        sink.write(arriving.get(nextLate++).bytes());
                    }
                }
                // runs still open at midnight end there
                for (Long f : followUps) {
                    workspaces[(int) (f & 0xffff_ffffL)].runStepsLeft = 0;
                }
                followUps.clear();
            }
            return files;
        }

        /** Splits {@code total} in proportion to {@code weights} by cumulative rounding: exact sum. */
        private static long[] apportion(long total, double[] weights, double weightTotal) {
            long[] out = new long[weights.length];
            if (total == 0 || weightTotal <= 0) {
                return out;
            }
            double cumulative = 0;
            long assigned = 0;
            for (int i = 0; i < weights.length; i++) {
                cumulative += weights[i];
                long upTo = i == weights.length - 1 ? total : Math.round(total * (cumulative / weightTotal));
                upTo = Math.min(total, Math.max(assigned, upTo));
                out[i] = upTo - assigned;
                assigned = upTo;
            }
            return out;
        }

        private void emit(ByteSink sink, AliasTable pick, int day, long dayEpoch, int second, List<LateRow>[] late)
                throws IOException {
            SplittableRandom r = random;
            long id = ++requestSequence;
            Workspace w = null;
            boolean followUp = false;
            while (!followUps.isEmpty() && (followUps.peek() >>> 32) <= second) {
                Workspace candidate = workspaces[(int) (followUps.poll() & 0xffff_ffffL)];
                if (candidate.runStepsLeft > 0) {
                    w = candidate;
                    followUp = true;
                    break;
                }
            }
            if (w == null) {
                w = workspaces[pick.draw(r)];
            }
            buildRow(r, w, id, followUp, second);
            if (spec.badFraction() > 0 && r.nextDouble() < spec.badFraction()) {
                byte[] bad = badRow(r, w);
                sink.write(bad);
                badRows++;
                return;
            }
            int lastDay = spec.days() - 1;
            if (day < lastDay && spec.lateFraction() > 0 && r.nextDouble() < spec.lateFraction()) {
                int lag = day + 2 <= lastDay && r.nextInt(10) < 3 ? 2 : 1;
                late[day + lag].add(new LateRow(second, id, Arrays.copyOf(row, rowLength)));
                lateRows++;
                return;
            }
            sink.write(row, 0, rowLength);
            // keep this row for a later conflicting duplicate
            byte[] swap = previousRow;
            previousRow = row;
            previousRowLength = rowLength;
            row = swap;
        }

        /** Renders a good row into {@link #row}. */
        private void buildRow(SplittableRandom r, Workspace w, long id, boolean followUp, int secondOfDay) {
            // kind: the next step of an automation run, or the usual mix
            int k;
            if (followUp) {
                k = AUTOMATION_RUN;
            } else {
                int x = r.nextInt(1000);
                k = 0;
                while (x >= KIND_CUMULATIVE_PER_MILLE[k]) {
                    k++;
                }
            }
            if (k == AUTOMATION_RUN) {
                if (w.runStepsLeft > 0) {
                    w.runStepsLeft--; // the next step of the open run
                } else {
                    double u = r.nextDouble();
                    w.runId = ++runSequence;
                    w.runAutomation = 1 + r.nextInt(w.automations);
                    w.runUser = 1 + (int) (w.users * u * u);
                    w.runStepsLeft = 1 + r.nextInt(6);
                }
                if (w.runStepsLeft > 0) {
                    int due = secondOfDay + 5 + r.nextInt(240);
                    if (due < SECONDS_PER_DAY) {
                        followUps.add(((long) due << 32) | w.index);
                    } else {
                        w.runStepsLeft = 0;
                    }
                }
            }
            boolean error = k != APP_CLONE && r.nextInt(100) == 0;
            boolean publicVisitor = k == AGENT_RUN && r.nextInt(100) < 12;

            byte[] b = row;
            int p = 0;
            p = put(b, p, REQ_PREFIX);
            p = putPadded(b, p, id, REQUEST_ID_DIGITS);
            b[p++] = ',';
            p = put(b, p, datePrefix);
            p = put2(b, p, secondOfDay / 3600);
            b[p++] = ':';
            p = put2(b, p, secondOfDay / 60 % 60);
            b[p++] = ':';
            p = put2(b, p, secondOfDay % 60);
            b[p++] = 'Z';
            b[p++] = ',';
            p = put(b, p, w.idBytes);
            b[p++] = ',';
            if (k == AUTOMATION_RUN) {
                p = put(b, p, w.userPrefix);
                p = putLong(b, p, w.runUser);
            } else if (!publicVisitor) {
                // a few power users make most requests
                double u = r.nextDouble();
                p = put(b, p, w.userPrefix);
                p = putLong(b, p, 1 + (int) (w.users * u * u));
            }
            b[p++] = ',';
            p = put(b, p, KIND_BYTES[k]);
            b[p++] = ',';
            if (k == AGENT_RUN) {
                double u = r.nextDouble();
                p = put(b, p, w.agentPrefix);
                p = putLong(b, p, 1 + (int) (w.agents * u * u));
            }
            b[p++] = ',';
            if (k == AUTOMATION_RUN) {
                p = put(b, p, w.automationPrefix);
                p = putLong(b, p, w.runAutomation);
                b[p++] = ',';
                p = put(b, p, RUN_PREFIX);
                p = putPadded(b, p, w.runId, RUN_ID_DIGITS);
            } else {
                b[p++] = ',';
            }
            b[p++] = ',';
            if (k == APP_CLONE) {
                // cloning someone's published app
                Workspace owner = workspaces[r.nextInt(workspaces.length)];
                p = put(b, p, owner.appPrefix);
                p = putLong(b, p, 1 + r.nextInt(owner.apps));
            } else if (publicVisitor || (k == GENESIS_BUILD && r.nextInt(10) < 6)) {
                p = put(b, p, w.appPrefix);
                p = putLong(b, p, 1 + r.nextInt(w.apps));
            }
            b[p++] = ',';
            if (k != APP_CLONE) {
                int x = r.nextInt(100);
                if (x < 10) {
                    p = put(b, p, AUTO);
                    b[p++] = ',';
                    if (r.nextInt(100) < 85) {
                        p = put(b, p, models[preferredModel(r, w)]);
                    }
                } else {
                    p = put(b, p, models[preferredModel(r, w)]);
                    b[p++] = ',';
                }
            } else {
                b[p++] = ',';
            }
            b[p++] = ',';
            if (k != APP_CLONE) {
                int[] t = TOKENS[k];
                double u1 = r.nextDouble();
                double u2 = r.nextDouble();
                int tokensIn = t[0] + (int) ((t[1] - t[0]) * u1 * r.nextDouble());
                int tokensOut = error && u2 < 0.7 ? 0 : t[2] + (int) ((t[3] - t[2]) * u2 * r.nextDouble());
                p = putLong(b, p, tokensIn);
                b[p++] = ',';
                p = putLong(b, p, tokensOut);
            } else {
                b[p++] = ',';
            }
            b[p++] = ',';
            p = put(b, p, error ? ERROR : OK);
            b[p++] = ',';
            if (publicVisitor) {
                p = put(b, p, TRUE);
            }
            b[p++] = '\n';
            rowLength = p;
        }

        private int preferredModel(SplittableRandom r, Workspace w) {
            int x = r.nextInt(100);
            return w.preferredModels[x < 55 ? 0 : x < 85 ? 1 : 2];
        }

        // ---------------------------------------------------------------- bad rows

        /** Turns the row just built into a bad one of the next kind. Rare: plain strings are fine. */
        private byte[] badRow(SplittableRandom r, Workspace w) {
            BadRowKind[] kinds = BadRowKind.values();
            BadRowKind bad = kinds[nextBadKind++ % kinds.length];
            if (bad == BadRowKind.DUPLICATE_CONFLICT && previousRowLength == 0) {
                bad = kinds[nextBadKind++ % kinds.length];
            }
            String line = new String(row, 0, rowLength - 1, StandardCharsets.US_ASCII);
            String[] f = line.split(",", -1);
            String text;
            switch (bad) {
                case MALFORMED_ROW -> {
                    int variant = r.nextInt(3);
                    if (variant == 0) {
                        text = String.join(",", Arrays.copyOf(f, 3 + r.nextInt(8))); // truncated
                    } else if (variant == 1) {
                        text = line + ",retry"; // one field too many
                    } else {
                        List<String> fields = new ArrayList<>(Arrays.asList(f));
                        fields.remove(1 + r.nextInt(REQUEST_FIELDS - 1)); // one field lost
                        text = String.join(",", fields);
                    }
                }
                case BAD_TIMESTAMP -> {
                    String date = f[1].substring(0, 10);
                    String time = f[1].substring(11, 19);
                    f[1] = switch (r.nextInt(5)) {
                        case 0 -> date + " " + time;
                        case 1 -> date + "T" + time;
                        case 2 ->
                            date.substring(8, 10) + "/" + date.substring(5, 7) + "/" + date.substring(0, 4) + " "
                                    + time.substring(0, 5);
                        case 3 -> date + "T25" + time.substring(2) + "Z";
                        default -> Long.toString(OffsetDateTime.parse(f[1]).toEpochSecond());
                    };
                    text = String.join(",", f);
                }
                case UNKNOWN_KIND -> {
                    if (f[4].equals("app_clone")) {
                        f[9] = spec.models().get(w.preferredModels[0]); // so only the kind is wrong
                    }
                    f[4] = UNKNOWN_KINDS[r.nextInt(UNKNOWN_KINDS.length)];
                    text = String.join(",", f);
                }
                case BAD_NUMBER -> {
                    String[] values = {"12.5", "1e3", "lots", "\"1,024\""};
                    f[11 + r.nextInt(2)] = values[r.nextInt(values.length)];
                    text = String.join(",", f);
                }
                case NEGATIVE_TOKENS -> {
                    f[11 + r.nextInt(2)] = "-" + (1 + r.nextInt(5_000));
                    text = String.join(",", f);
                }
                case MISSING_WORKSPACE -> {
                    f[2] = "";
                    text = String.join(",", f);
                }
                case UNKNOWN_WORKSPACE -> {
                    f[2] = "ws-deleted-" + pad(++unknownWorkspaceSequence, 4);
                    text = String.join(",", f);
                }
                case UNKNOWN_MODEL -> {
                    String unknown = unknownModel(r);
                    if (f[4].equals("app_clone")) {
                        f[4] = "chat";
                        f[8] = "";
                        f[11] = "1200";
                        f[12] = "300";
                    }
                    if (f[9].equals("auto")) {
                        f[10] = unknown;
                    } else {
                        f[9] = unknown;
                    }
                    text = String.join(",", f);
                }
                case DUPLICATE_CONFLICT -> {
                    String previous = new String(previousRow, 0, previousRowLength - 1, StandardCharsets.US_ASCII);
                    String[] g = previous.split(",", -1);
                    if (g[12].isEmpty()) {
                        g[13] = "error"; // an app_clone has no tokens: the status differs instead
                    } else {
                        g[12] = Long.toString(Long.parseLong(g[12]) + 1 + r.nextInt(500));
                    }
                    text = String.join(",", g);
                    previousRowLength = 0; // one conflicting duplicate per original
                }
                default -> throw new IllegalStateException(bad.name());
            }
            badByKind.merge(bad, 1L, Long::sum);
            return (text + "\n").getBytes(StandardCharsets.US_ASCII);
        }

        private String unknownModel(SplittableRandom r) {
            for (int i = 0; i < UNKNOWN_MODELS.length; i++) {
                String candidate = UNKNOWN_MODELS[(r.nextInt(UNKNOWN_MODELS.length) + i) % UNKNOWN_MODELS.length];
                if (!spec.models().contains(candidate)) {
                    return candidate;
                }
            }
            return "no-such-model-" + Long.toHexString(r.nextLong());
        }

        // ---------------------------------------------------------------- byte formatting

        private static int put(byte[] b, int p, byte[] src) {
            System.arraycopy(src, 0, b, p, src.length);
            return p + src.length;
        }

        private static int put2(byte[] b, int p, int v) {
            b[p] = (byte) ('0' + v / 10);
            b[p + 1] = (byte) ('0' + v % 10);
            return p + 2;
        }

        private static int putLong(byte[] b, int p, long v) {
            if (v < 10) {
                b[p] = (byte) ('0' + v);
                return p + 1;
            }
            int digits = 0;
            for (long t = v; t > 0; t /= 10) {
                digits++;
            }
            int end = p + digits;
            for (int i = end - 1; i >= p; i--) {
                b[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            return end;
        }

        private static int putPadded(byte[] b, int p, long v, int width) {
            int digits = 1;
            for (long t = v / 10; t > 0; t /= 10) {
                digits++;
            }
            int w = Math.max(width, digits);
            for (int i = p + w - 1; i >= p; i--) {
                b[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            return p + w;
        }
    }
}
