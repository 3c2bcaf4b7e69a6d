package com.creditledger.jobs;

import com.creditledger.jobs.cli.BillingCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs billing commands in-process against a database of its own and reads the database back. */
public final class BillingHarness implements AutoCloseable {

    /** What a command printed and returned. */
    public record Outcome(int exit, String out, String err) {}

    private final String url;
    private final Map<String, Object> properties;

    public BillingHarness(String prefix, Map<String, Object> properties) {
        this.url = EmbeddedPostgresSupport.createDatabase(prefix);
        this.properties = properties;
    }

    public String url() {
        return url;
    }

    /** Runs {@code billing --db-url URL args...}, capturing stdout and stderr. */
    public synchronized Outcome run(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--db-url";
        full[1] = url;
        System.arraycopy(args, 0, full, 2, args.length);
        return capture(properties, full);
    }

    /** Runs {@code billing args...} in this JVM with {@code properties}, capturing stdout and stderr. */
    public static synchronized Outcome capture(Map<String, Object> properties, String... full) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int exit = BillingCli.run(properties, full);
            return new Outcome(
                    exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * Loads the catalog of {@code config} (plans, packs, prices) and the workspaces and purchases of
     * a generated data set, then ingests {@code requestFiles}.
     */
    public void load(Path config, Path data, List<Path> requestFiles) {
        for (String what : List.of("plans", "packs", "prices")) {
            expectSuccess("load", what, config.resolve(what + ".csv").toString());
        }
        expectSuccess("load", "workspaces", data.resolve("workspaces.csv").toString());
        expectSuccess("load", "purchases", data.resolve("purchases.csv").toString());
        if (!requestFiles.isEmpty()) {
            List<String> ingest = new ArrayList<>(List.of("ingest"));
            requestFiles.forEach(file -> ingest.add(file.toString()));
            expectSuccess(ingest.toArray(String[]::new));
        }
    }

    /** Runs a command that must succeed. */
    public Outcome expectSuccess(String... args) {
        Outcome outcome = run(args);
        if (outcome.exit() != 0) {
            throw new AssertionError("billing " + String.join(" ", args) + " failed: " + outcome.err());
        }
        return outcome;
    }

    /** Asserts that both databases write byte-identical exports (written into {@code dir}). */
    public static void assertSameExports(BillingHarness expected, BillingHarness actual, Path dir, String... exports)
            throws IOException {
        for (String export : exports) {
            Path want = dir.resolve("expected-" + export + ".csv");
            Path got = dir.resolve("actual-" + export + ".csv");
            expected.expectSuccess("export", export, "--out", want.toString());
            actual.expectSuccess("export", export, "--out", got.toString());
            if (Files.mismatch(want, got) != -1L) {
                throw new AssertionError("export " + export + " differs: compare " + want + " with " + got);
            }
        }
    }

    /** The first column of the first row of a query. */
    public long count(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query, as text. */
    public String text(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return String.valueOf(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Executes a statement; returns the error message, or null when it succeeded. */
    public String execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    @Override
    public void close() {
        EmbeddedPostgresSupport.dropDatabase(url);
    }
}
