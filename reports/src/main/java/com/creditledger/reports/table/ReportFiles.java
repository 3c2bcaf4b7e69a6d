package com.creditledger.reports.table;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Locale;

/** File names of reports: {@code usage-2026-11.xlsx}, {@code usage-2026-11-by-day.csv}. */
public final class ReportFiles {

    private ReportFiles() {}

    public static Path file(Path dir, String report, YearMonth month, String extension) {
        return dir.resolve(report + "-" + month + "." + extension);
    }

    public static Path csv(Path dir, String report, YearMonth month, Table<?> table) {
        String slug = table.name()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        return dir.resolve(report + "-" + month + "-" + slug + ".csv");
    }
}
