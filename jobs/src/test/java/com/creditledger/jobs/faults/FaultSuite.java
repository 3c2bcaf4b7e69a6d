package com.creditledger.jobs.faults;

import com.creditledger.jobs.export.ExportService.Export;
import com.creditledger.jobs.faults.BillingChild.Exit;
import com.creditledger.jobs.faults.BillingChild.Running;
import com.creditledger.jobs.faults.KillPoint.AfterStart;
import com.creditledger.jobs.faults.KillPoint.FreeSpace;
import com.creditledger.jobs.faults.KillPoint.WhenCount;
import com.creditledger.jobs.faults.Trial.Fault;
import com.creditledger.jobs.faults.Workload.Stage;
import com.creditledger.jobs.system.EmbeddedDatabase;
import com.creditledger.jobs.topup.FakeStripe;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fault suite: one uninterrupted reference run of the {@link Workload}, then trials that each
 * start from the reference's state before one command, strike that command ({@link Trial.Fault}),
 * run the same command again as an operator would, run the rest of the scenario, and compare every
 * export with the reference's, byte for byte. Prints a line per trial and the summary line
 * {@code faults=N survived=N identical=N lost_records=N double_charges=N}.
 */
final class FaultSuite {

    /** How one trial ended. */
    record Outcome(
            Trial trial,
            boolean struck,
            boolean survived,
            boolean identical,
            long lost,
            long doubleCharges,
            String detail) {

        boolean clean() {
            return struck && survived && identical && lost == 0 && doubleCharges == 0 && !detail.contains(EXIT_BROKEN);
        }
    }

    /** The figures of a suite run. */
    record Figures(
            long seed,
            int faults,
            int survived,
            int identical,
            long lostRecords,
            long doubleCharges,
            int skipped,
            List<Outcome> outcomes,
            double seconds) {

        String summary() {
            return "faults=" + faults + " survived=" + survived + " identical=" + identical + " lost_records="
                    + lostRecords + " double_charges=" + doubleCharges;
        }

        /** The trials that struck and did not come out clean, or never struck. */
        List<Outcome> failures() {
            return outcomes.stream()
                    .filter(o -> !o.clean() && !o.detail().startsWith("skipped"))
                    .toList();
        }
    }

    private record Final(Map<String, byte[]> exports, long lost, long doubleCharges, List<String> notes) {}

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    /**
     * How long billing may take to notice its PostgreSQL died and exit, before the suite kills it too.
     * Its watch on the postmaster sees the death within a quarter of a second and ends the process.
     */
    private static final Duration AFTER_POSTGRES_DIED = Duration.ofSeconds(30);
    /** Within this, after the postmaster's kill, billing has exited (non-zero, with one line). */
    private static final Duration PROMPT_EXIT = Duration.ofSeconds(15);
    /** In a trial's detail: billing did not exit as promised after its PostgreSQL died (not clean). */
    static final String EXIT_BROKEN = "EXIT NOT AS PROMISED";

    private static final int ATTEMPTS = 3;
    private static final String STRIPE_KEY = "sk_test_fault_suite_0000000000000000";

    private final Path root;
    private final long seed;
    private final int trialCount;
    private final Set<Integer> only;
    private final PrintStream out;
    private final Map<Stage, Path> snapshots = new EnumMap<>(Stage.class);
    private final Map<Stage, FakeStripe> stripes = new EnumMap<>(Stage.class);
    private Workload workload;
    private Final reference;

    /**
     * @param root a folder of its own (emptied first); a trial that fails keeps its folder there
     * @param only trial numbers to run (empty: all), to replay a failing one with its seed
     */
    FaultSuite(Path root, long seed, int trialCount, Set<Integer> only, PrintStream out) {
        this.root = root.toAbsolutePath().normalize();
        this.seed = seed;
        this.trialCount = trialCount;
        this.only = only;
        this.out = out;
    }

    Figures run() throws Exception {
        long started = System.nanoTime();
        Tmpfs.unmountAllUnder(root);
        delete(root);
        Files.createDirectories(root);
        workload = Workload.create(root.resolve("workload"));
        out.printf(
                "fault suite: seed=%d trials=%d (replay: -Dfaults.seed=%d -Dfaults.trials=%d [-Dfaults.only=N,...])%n",
                seed, trialCount, seed, trialCount);
        try {
            Trial.Reference figures = referenceRun();
            List<Trial> plan = Trial.plan(trialCount, seed, workload, figures);
            List<Outcome> outcomes = new ArrayList<>();
            for (Trial trial : plan) {
                if (!only.isEmpty() && !only.contains(trial.number())) {
                    continue;
                }
                Outcome outcome = trial(trial);
                outcomes.add(outcome);
                out.println(line(outcome));
            }
            List<Outcome> struck = outcomes.stream().filter(Outcome::struck).toList();
            Figures result = new Figures(
                    seed,
                    struck.size(),
                    (int) struck.stream().filter(Outcome::survived).count(),
                    (int) struck.stream().filter(Outcome::identical).count(),
                    reference.lost() + struck.stream().mapToLong(Outcome::lost).sum(),
                    reference.doubleCharges()
                            + struck.stream().mapToLong(Outcome::doubleCharges).sum(),
                    (int) outcomes.stream()
                            .filter(o -> o.detail().startsWith("skipped"))
                            .count(),
                    outcomes,
                    (System.nanoTime() - started) / 1e9);
            out.printf("fault suite: %d trials in %.0f s, seed=%d%n", outcomes.size(), result.seconds(), seed);
            out.println(result.summary());
            return result;
        } finally {
            stripes.values().forEach(FakeStripe::close);
        }
    }

    // ------------------------------------------------------------------ the reference run

    private Trial.Reference referenceRun() throws Exception {
        Path dir = root.resolve("reference");
        Path db = dir.resolve("db");
        FakeStripe stripe = new FakeStripe();
        stripes.put(Stage.SETUP, FakeStripe.copyOf(stripe));
        BillingChild billing = billing(dir, db, stripe);
        double[] seconds = new double[Stage.values().length];
        try {
            for (Stage stage : Stage.values()) {
                if (stage == Stage.NIGHTLY) {
                    workload.deliver(dir.resolve("inbox"));
                }
                Exit exit = billing.run(stage.label, workload.command(stage), COMMAND_TIMEOUT);
                if (!exit.ok()) {
                    throw new IllegalStateException(
                            "the reference run failed at " + stage.label + ": " + exit.reason() + "\n" + exit.log());
                }
                seconds[stage.ordinal()] = exit.seconds();
                awaitStopped(db);
                if (stage != Stage.NIGHTLY) {
                    Stage next = Stage.values()[stage.ordinal() + 1];
                    Path snapshot = root.resolve("snapshots").resolve("before-" + next.label);
                    copy(db, snapshot);
                    snapshots.put(next, snapshot);
                    stripes.put(next, FakeStripe.copyOf(stripe));
                }
            }
            Exit exported = billing.run(
                    "exports",
                    List.of("script", script(dir, "exports", List.of()).toString()),
                    COMMAND_TIMEOUT);
            if (!exported.ok()) {
                throw new IllegalStateException("the reference run's exports or ledger check failed: "
                        + exported.reason() + "\n" + exported.log());
            }
            reference = finalState(dir, db, stripe, "ledger check passed");
            Trial.Reference figures;
            try (EmbeddedDatabase database = EmbeddedDatabase.start(db);
                    Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
                figures = new Trial.Reference(
                        count(connection, "SELECT count(*) FROM account_state"),
                        count(
                                connection,
                                "SELECT count(*) FROM topup_attempt WHERE run_through = '" + Workload.RATE_THROUGH
                                        + "'"),
                        count(
                                connection,
                                "SELECT count(*) FROM topup_attempt WHERE run_through = '" + Workload.NIGHT_THROUGH
                                        + "'"),
                        seconds);
                out.printf(
                        "workload: %d requests in %d files (%d data lines, hostile ones included), %d workspaces;"
                                + " %d top-up charges (%d declined); ledger %d rows%n",
                        count(connection, "SELECT count(*) FROM request"),
                        workload.requestLogs.size(),
                        workload.requestLogs.keySet().stream()
                                .mapToLong(FaultSuite::dataLineCount)
                                .sum(),
                        count(connection, "SELECT count(*) FROM workspace"),
                        count(connection, "SELECT count(*) FROM topup_attempt"),
                        count(connection, "SELECT count(*) FROM topup_attempt WHERE outcome = 'DECLINED'"),
                        reference.exports().get("ledger.csv").length == 0
                                ? 0
                                : new String(reference.exports().get("ledger.csv"), StandardCharsets.UTF_8)
                                                .lines()
                                                .count()
                                        - 1);
            }
            out.printf(
                    "reference: %s; lost_records=%d double_charges=%d%s%n",
                    Arrays.stream(Stage.values())
                            .map(s -> String.format("%s %.1f s", s.label, seconds[s.ordinal()]))
                            .collect(Collectors.joining(", ")),
                    reference.lost(),
                    reference.doubleCharges(),
                    reference.notes().isEmpty() ? "" : " " + reference.notes());
            return figures;
        } finally {
            stripe.close();
        }
    }

    // ------------------------------------------------------------------ a trial

    private Outcome trial(Trial trial) throws Exception {
        Trial attempt = trial;
        Outcome outcome = null;
        for (int i = 1; i <= ATTEMPTS; i++) {
            outcome = attempt(attempt);
            if (outcome.struck() || outcome.detail().startsWith("skipped")) {
                return outcome;
            }
            out.printf("trial %2d: missed (%s), again at an earlier point%n", trial.number(), outcome.detail());
            attempt = earlier(attempt);
        }
        return outcome;
    }

    private Outcome attempt(Trial trial) throws Exception {
        Path dir = root.resolve(String.format("trial-%02d", trial.number()));
        delete(dir);
        Files.createDirectories(dir);
        Tmpfs tmpfs = null;
        Path db = dir.resolve("db");
        if (trial.fault() == Fault.DISK_FULL) {
            String refused = Tmpfs.refusal();
            if (refused != null) {
                return new Outcome(
                        trial, false, false, false, 0, 0, "skipped: no disk-full trial here (" + refused + ")");
            }
            try {
                tmpfs = Tmpfs.mount(dir.resolve("tmpfs"), 512L * 1024);
            } catch (IOException e) {
                return new Outcome(trial, false, false, false, 0, 0, "skipped: " + e.getMessage());
            }
            db = tmpfs.mountPoint().resolve("db");
        }
        FakeStripe stripe = FakeStripe.copyOf(stripes.get(trial.stage()));
        PostgresDir postgres = new PostgresDir(db);
        boolean keep = true;
        try {
            Path snapshot = snapshots.get(trial.stage());
            if (snapshot != null) {
                copy(snapshot, db);
            }
            if (tmpfs != null) {
                tmpfs.resize(tmpfs.usedKib() + ((FreeSpace) trial.point()).kib());
            }
            Path inbox = dir.resolve("inbox");
            boolean delivered = false;
            if (trial.stage() == Stage.NIGHTLY) {
                workload.deliver(inbox);
                delivered = true;
            }
            BillingChild billing = billing(dir, db, stripe);
            List<String> command = workload.command(trial.stage());
            // the fault
            stripe.answerAfter(trial.stripeDelay());
            String struck = strike(trial, billing, command, postgres);
            stripe.answerAfter(Duration.ZERO);
            if (struck.startsWith("missed")) {
                keep = false;
                return new Outcome(trial, false, false, false, 0, 0, struck);
            }
            StringBuilder detail = new StringBuilder(struck);
            if (tmpfs != null) {
                tmpfs.resize(512L * 1024);
                detail.append("; space freed");
            }
            // the same command again, with no cleanup
            Exit rerun = billing.run("rerun", command, COMMAND_TIMEOUT);
            boolean survived = rerun.ok();
            if (survived) {
                detail.append(String.format("; rerun ok (%.1f s)", rerun.seconds()));
            } else {
                detail.append(String.format("; RERUN FAILED (exit %d): %s", rerun.code(), rerun.reason()));
                // the suite's own cleanup, to see whether anything else was harmed
                if (postgres.stopOrphan()) {
                    detail.append("; after the suite stopped an orphaned postmaster");
                }
                Exit again = billing.run("rerun-after-cleanup", command, COMMAND_TIMEOUT);
                detail.append(again.ok() ? ": rerun ok" : ": rerun failed again: " + again.reason());
                if (!again.ok()) {
                    return new Outcome(trial, true, false, false, 0, 0, detail.toString());
                }
            }
            // the rest of the scenario, then every export and the ledger check, in one process
            if (!delivered) {
                workload.deliver(inbox);
            }
            List<String> rest = workload.commandsAfter(trial.stage());
            Exit finish = billing.run(
                    "rest", List.of("script", script(dir, "rest", rest).toString()), COMMAND_TIMEOUT);
            String check = "ledger check passed";
            if (!finish.ok()) {
                if (!finish.log().contains("> check")) {
                    detail.append("; the rest of the scenario or its exports FAILED: ")
                            .append(finish.reason());
                    return new Outcome(trial, true, survived, false, 0, 0, detail.toString());
                }
                check = finish.reason();
            }
            detail.append(String.format(
                    "; %s (%.1f s)", String.join(", ", stagesAfter(trial.stage(), "exports")), finish.seconds()));
            Final state = finalState(dir, db, stripe, check);
            List<String> differ = differences(reference.exports(), state.exports());
            boolean identical = differ.isEmpty();
            detail.append(identical ? "; identical" : "; DIFFERENT: " + differ);
            detail.append(String.format("; %d charges", Accounting.charges(stripe)));
            if (!state.notes().isEmpty()) {
                detail.append("; ").append(state.notes());
            }
            Outcome outcome = new Outcome(
                    trial, true, survived, identical, state.lost(), state.doubleCharges(), detail.toString());
            keep = !outcome.clean();
            return outcome;
        } finally {
            postgres.stopOrphan();
            postgres.close();
            stripe.close();
            if (tmpfs != null) {
                if (keep) {
                    copy(db, dir.resolve("db")); // the database and its postgres.log, for the post-mortem
                }
                tmpfs.close();
            }
            if (!keep) {
                delete(dir);
            }
        }
    }

    /** Runs the struck command and applies the fault; what happened, or "missed ..." when it never struck. */
    private String strike(Trial trial, BillingChild billing, List<String> command, PostgresDir postgres)
            throws Exception {
        Running child = billing.start("struck", command);
        if (trial.fault() == Fault.DISK_FULL) {
            Exit exit = child.await(COMMAND_TIMEOUT);
            if (exit.ok()) {
                return "missed: the command fit in the space left";
            }
            return String.format("failed in %.1f s (exit %d): %s", exit.seconds(), exit.code(), exit.reason());
        }
        KillPoint point = trial.point();
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        try {
            while (child.process.isAlive()
                    && !point.reached((long) (child.elapsedSeconds() * 1000), postgres)
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long then = System.nanoTime() + point.thenMillis() * 1_000_000;
            while (child.process.isAlive() && System.nanoTime() < then) {
                Thread.sleep(1);
            }
        } finally {
            postgres.disconnect();
        }
        double at = child.elapsedSeconds();
        if (trial.fault() == Fault.KILL_BILLING) {
            child.kill();
            int code = child.process.exitValue();
            if (code != 137) {
                return "missed: the command ended (exit " + code + ") before the point";
            }
            return String.format("killed at %.1f s (%s)", at, postgres.interrupted());
        }
        long killed = System.nanoTime(); // the kill waits until the postmaster is gone: billing may be too
        if (!child.process.isAlive() || !postgres.killPostmaster()) {
            Exit exit = child.await(COMMAND_TIMEOUT);
            return "missed: the command ended (exit " + exit.code() + ") before the point";
        }
        Exit exit = child.await(AFTER_POSTGRES_DIED);
        double after = (System.nanoTime() - killed) / 1e9;
        if (exit.code() == 137 && exit.log().contains("[fault suite] still running")) {
            return String.format(
                    "postmaster killed at %.1f s; %s: billing still running %d s later, killed too",
                    at, EXIT_BROKEN, AFTER_POSTGRES_DIED.toSeconds());
        }
        // billing's own lines (a script's output aside): exactly one, saying what happened
        List<String> lines =
                exit.log().lines().filter(line -> line.startsWith("billing:")).toList();
        List<String> wrong = new ArrayList<>();
        if (exit.code() == 0) {
            wrong.add("exit 0");
        }
        if (after > PROMPT_EXIT.toSeconds()) {
            wrong.add("over " + PROMPT_EXIT.toSeconds() + " s");
        }
        if (lines.size() != 1) {
            wrong.add(lines.size() + " lines on stderr");
        } else if (!lines.get(0).contains("stopped while " + trial.stage().label + " was running")) {
            wrong.add("not the line of a dead server");
        }
        return String.format(
                "postmaster killed at %.1f s; billing exited %d %.1f s later%s: %s",
                at,
                exit.code(),
                after,
                wrong.isEmpty() ? "" : " (" + EXIT_BROKEN + ": " + String.join(", ", wrong) + ")",
                exit.reason());
    }

    private static List<String> stagesAfter(Stage stage, String then) {
        List<String> labels = new ArrayList<>();
        Arrays.stream(Stage.values()).filter(s -> s.ordinal() > stage.ordinal()).forEach(s -> labels.add(s.label));
        labels.add(then);
        return labels;
    }

    private static Trial earlier(Trial trial) {
        KillPoint point = trial.point();
        KillPoint sooner;
        if (point instanceof AfterStart start) {
            sooner = new AfterStart(start.millis() / 2);
        } else if (point instanceof WhenCount count) {
            sooner = count.thenMillis() > 0
                    ? new WhenCount(count.what(), count.sql(), count.atLeast(), 0)
                    : new WhenCount(count.what(), count.sql(), Math.max(0, count.atLeast() - 1), 0);
        } else if (point instanceof FreeSpace free) {
            sooner = new FreeSpace(free.kib() / 4);
        } else {
            sooner = point;
        }
        return new Trial(trial.number(), trial.fault(), trial.stage(), sooner, trial.stripeDelay());
    }

    private String line(Outcome outcome) {
        Trial trial = outcome.trial();
        String verdict = outcome.detail().startsWith("skipped")
                ? "SKIPPED"
                : !outcome.struck() ? "MISSED" : outcome.clean() ? "ok" : "FAILED";
        return String.format(
                "trial %2d/%d %-13s %-8s point: %s | %s | %s",
                trial.number(),
                trialCount,
                trial.fault().label,
                trial.stage().label,
                trial.point().describe(),
                verdict,
                outcome.detail());
    }

    // ------------------------------------------------------------------ the final state

    /**
     * A script of {@code commands} followed by every export this build has and the ledger check, the
     * exports into {@code dir/exports}.
     */
    private static Path script(Path dir, String name, List<String> commands) throws IOException {
        Path exports = dir.resolve("exports");
        Files.createDirectories(exports);
        List<String> lines = new ArrayList<>(commands);
        for (Export export : Export.values()) {
            lines.add("export " + export.commandName() + " --out " + exports.resolve(export.commandName() + ".csv"));
        }
        lines.add("check");
        Path file = dir.resolve(name + ".txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The exports a script wrote, the nightly outbox, what is left in the inbox and the ledger check,
     * and the two counts from the database.
     */
    private Final finalState(Path dir, Path db, FakeStripe stripe, String check) throws Exception {
        List<String> notes = new ArrayList<>();
        long lost;
        long doubleCharges;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(db);
                Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            lost = Accounting.lostRecords(connection, workload.requestLogs, notes);
            doubleCharges = Accounting.doubleCharges(connection, stripe, notes);
        }
        Map<String, byte[]> files = new TreeMap<>();
        read(dir.resolve("exports"), "", files);
        // the nightly outbox: its CSV files byte for byte; the human reports (XLSX carries the time it
        // was written) by name
        read(dir.resolve("outbox"), "outbox/", files);
        files.replaceAll((name, bytes) -> name.startsWith("outbox/") && !name.endsWith(".csv") ? new byte[0] : bytes);
        try (Stream<Path> left =
                Files.exists(dir.resolve("inbox")) ? Files.walk(dir.resolve("inbox")) : Stream.empty()) {
            files.put(
                    "inbox (file names)",
                    left.filter(Files::isRegularFile)
                            .map(p -> dir.resolve("inbox").relativize(p).toString())
                            .sorted()
                            .collect(Collectors.joining("\n"))
                            .getBytes(StandardCharsets.UTF_8));
        }
        files.put("ledger check", check.getBytes(StandardCharsets.UTF_8));
        return new Final(files, lost, doubleCharges, notes);
    }

    private static List<String> differences(Map<String, byte[]> want, Map<String, byte[]> got) {
        List<String> differ = new ArrayList<>();
        for (String name : want.keySet()) {
            if (!got.containsKey(name)) {
                differ.add(name + " missing");
            } else if (!Arrays.equals(want.get(name), got.get(name))) {
                differ.add(name);
            }
        }
        got.keySet().stream().filter(name -> !want.containsKey(name)).forEach(name -> differ.add(name + " extra"));
        return differ;
    }

    private static void read(Path dir, String prefix, Map<String, byte[]> into) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                into.put(prefix + dir.relativize(file), Files.readAllBytes(file));
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    private BillingChild billing(Path dir, Path db, FakeStripe stripe) {
        Map<String, Object> settings = new TreeMap<>(Map.of(
                "billing.rating.partitions",
                "4",
                "billing.rating.workspaces-per-chunk",
                "2",
                "billing.rating.spill-directory",
                dir.resolve("spill").toString(),
                "billing.stripe.api-key",
                STRIPE_KEY,
                "billing.stripe.api-base",
                stripe.url(),
                "billing.stripe.retry-backoff",
                "10ms",
                "billing.nightly.inbox",
                dir.resolve("inbox").toString(),
                "billing.nightly.outbox",
                dir.resolve("outbox").toString()));
        try {
            Files.createDirectories(dir.resolve("spill"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BillingChild(db, dir.resolve("logs"), settings);
    }

    private static void awaitStopped(Path db) throws InterruptedException {
        PostgresDir postgres = new PostgresDir(db);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (postgres.running()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the embedded PostgreSQL in " + db + " still runs after its billing"
                        + " process ended cleanly");
            }
            Thread.sleep(50);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long dataLineCount(Path log) {
        try {
            return Accounting.dataLines(
                            Files.readAllBytes(log),
                            log.getFileName().toString().endsWith(".csv"))
                    .size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a stopped server's data directory, keeping its permissions (PostgreSQL insists on 0700). */
    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (!Files.exists(target)) {
                    Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(
                        file,
                        to.resolve(from.relativize(file).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES,
                        StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
