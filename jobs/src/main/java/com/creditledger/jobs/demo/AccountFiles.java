package com.creditledger.jobs.demo;

import static com.creditledger.jobs.demo.Ascii.pad;
import static com.creditledger.jobs.demo.Rhythm.SECONDS_PER_DAY;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/** Writes {@code workspaces.csv} and draws and writes {@code purchases.csv}. */
final class AccountFiles {

    /** A pack purchase. */
    private record Purchase(long at, int workspace, String pack) {}

    private AccountFiles() {}

    static void writeWorkspaces(Path file, GeneratorCatalog catalog, Workspace[] workspaces) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(DatasetGenerator.WORKSPACES_HEADER);
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
                if (catalog.customAllowance(w.plan)) {
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

    /** Draws about one purchase per 25 workspaces, most by the heavy ones, and writes them in time order. */
    static int writePurchases(
            Path file, DatasetGenerator.Spec spec, GeneratorCatalog catalog, Workspace[] workspaces, SplittableRandom r)
            throws IOException {
        int count = (int) Math.max(1, Math.round(workspaces.length * 0.04));
        List<Workspace> heavy = new ArrayList<>();
        for (Workspace w : workspaces) {
            if (w.over) {
                heavy.add(w);
            }
        }
        long startEpochSecond = spec.start().toEpochDay() * SECONDS_PER_DAY;
        long end = startEpochSecond + (long) spec.days() * SECONDS_PER_DAY;
        List<Purchase> purchases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Workspace w = !heavy.isEmpty() && r.nextDouble() < 0.6
                    ? heavy.get(r.nextInt(heavy.size()))
                    : workspaces[r.nextInt(workspaces.length)];
            long from = startEpochSecond + (long) Math.max(0, w.anchorDay) * SECONDS_PER_DAY;
            long at = from + r.nextLong(end - from);
            purchases.add(new Purchase(at, w.index, catalog.purchasePack(w.plan, r.nextBoolean())));
        }
        purchases.sort(Comparator.comparingLong(Purchase::at).thenComparingInt(Purchase::workspace));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(DatasetGenerator.PURCHASES_HEADER);
            out.write('\n');
            int n = 0;
            for (Purchase p : purchases) {
                out.write("pur-" + pad(++n, 6) + "," + workspaces[p.workspace()].id + ","
                        + Instant.ofEpochSecond(p.at()) + "," + p.pack() + "\n");
            }
        }
        return purchases.size();
    }

    /** RFC 4180 field: quoted only when it holds a comma, a double quote, CR or LF. */
    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
