package com.creditledger.jobs;

import com.creditledger.jobs.cli.BillingCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
