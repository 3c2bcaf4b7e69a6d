package com.creditledger.jobs.faults;

import com.creditledger.jobs.topup.FakeStripe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The suite's two counts, computed from a final database, the request logs and the fake Stripe, not
 * from what the billing commands printed.
 */
final class Accounting {

    private Accounting() {}

    /**
     * Data lines of the request logs that are neither a request row, nor a quarantine row, nor one of
     * the harmless duplicates its file counted. A file is found by its SHA-256, so a copy ingested
     * under another name is accounted for by the first ingest of its bytes. {@code notes} gets one
     * line per file that does not add up.
     */
    static long lostRecords(Connection connection, Map<Path, String> logs, List<String> notes)
            throws IOException, SQLException {
        long lost = 0;
        Set<String> seen = new HashSet<>();
        for (Map.Entry<Path, String> log : logs.entrySet()) {
            byte[] bytes = Files.readAllBytes(log.getKey());
            String sha = sha256(bytes);
            if (!seen.add(sha)) {
                continue;
            }
            TreeSet<Long> data = dataLines(bytes, log.getValue().endsWith(".csv"));
            Long fileId = null;
            long duplicates = 0;
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT file_id, duplicates FROM ingested_file WHERE sha256 = ?")) {
                select.setString(1, sha);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        fileId = rs.getLong(1);
                        duplicates = rs.getLong(2);
                    }
                }
            }
            if (fileId == null) {
                lost += data.size();
                notes.add(log.getValue() + ": never ingested (" + data.size() + " data lines)");
                continue;
            }
            Set<Long> accounted = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT line FROM request WHERE file_id = ? UNION SELECT line FROM quarantine WHERE file_id = ?")) {
                select.setLong(1, fileId);
                select.setLong(2, fileId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        accounted.add(rs.getLong(1));
                    }
                }
            }
            TreeSet<Long> missing = new TreeSet<>(data);
            missing.removeAll(accounted);
            TreeSet<Long> foreign = new TreeSet<>(accounted);
            foreign.removeAll(data);
            long unaccounted = missing.size() - duplicates;
            if (unaccounted > 0) {
                lost += unaccounted;
            }
            if (unaccounted != 0 || !foreign.isEmpty()) {
                notes.add(log.getValue() + ": " + data.size() + " data lines, " + missing.size()
                        + " without a row (first " + first(missing) + "), " + duplicates
                        + " counted as duplicates"
                        + (foreign.isEmpty()
                                ? ""
                                : ", rows naming lines " + first(foreign) + " that are not data lines"));
            }
        }
        return lost;
    }

    /**
     * Successful charges at Stripe beyond one per top-up, plus top-ups whose {@code GRANT_TOPUP}
     * transactions do not match Stripe's successful charges one for one (a grant without a charge, a
     * charge without its grant, or two grants). {@code notes} gets one line per such top-up.
     */
    static long doubleCharges(Connection connection, FakeStripe stripe, List<String> notes) throws SQLException {
        Map<String, Integer> charged = stripe.succeededByTopup();
        Map<String, Integer> granted = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT reference, count(*) FROM ledger_txn WHERE kind = 'GRANT_TOPUP' GROUP BY reference");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                granted.put(rs.getString(1), rs.getInt(2));
            }
        }
        Set<String> keys = new TreeSet<>(charged.keySet());
        keys.addAll(granted.keySet());
        long wrong = 0;
        for (String key : keys) {
            int charges = charged.getOrDefault(key, 0);
            int grants = granted.getOrDefault(key, 0);
            long bad = Math.max(0, charges - 1) + Math.abs(grants - Math.min(charges, 1));
            if (bad > 0) {
                wrong += bad;
                notes.add(key + ": " + charges + " successful charges at Stripe, " + grants + " GRANT_TOPUP");
            }
        }
        return wrong;
    }

    /** Successful charges at Stripe, for the trial's line. */
    static int charges(FakeStripe stripe) {
        return stripe.succeededByTopup().values().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }

    /**
     * The 1-based numbers of a log's data lines: every physical line (LF-terminated, a CR before the
     * LF is part of the line end) that is not blank, the header of a CSV excepted.
     */
    static TreeSet<Long> dataLines(byte[] bytes, boolean csv) {
        TreeSet<Long> lines = new TreeSet<>();
        long number = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            int contentEnd = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            if (contentEnd > start && !(csv && number == 1)) {
                lines.add(number);
            }
            start = end + 1;
        }
        return lines;
    }

    private static String first(TreeSet<Long> lines) {
        List<Long> some = new ArrayList<>();
        for (Long line : lines) {
            if (some.size() == 5) {
                break;
            }
            some.add(line);
        }
        return some.toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
