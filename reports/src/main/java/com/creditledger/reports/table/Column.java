package com.creditledger.reports.table;

import java.util.function.Function;

/**
 * One column of a table: its header, how its cells are written, and how to get the value from a
 * row. A value may be a {@link Formula} (XLSX writes it as a formula, CSV writes its {@code csv}
 * fallback).
 *
 * @param total whether the totals row sums this column
 * @param width the column's width in characters (0: the type's default)
 */
public record Column<R>(String header, CellType type, Function<R, Object> value, boolean total, int width) {

    public static <R> Column<R> text(String header, Function<R, Object> value) {
        return new Column<>(header, CellType.TEXT, value, false, 0);
    }

    public static <R> Column<R> text(String header, int width, Function<R, Object> value) {
        return new Column<>(header, CellType.TEXT, value, false, width);
    }

    public static <R> Column<R> of(String header, CellType type, Function<R, Object> value) {
        return new Column<>(header, type, value, false, 0);
    }

    /** A column summed by the totals row. */
    public static <R> Column<R> summed(String header, CellType type, Function<R, Object> value) {
        return new Column<>(header, type, value, true, 0);
    }

    int effectiveWidth() {
        return Math.max(width > 0 ? width : type.width, Math.min(header.length() + 2, 40));
    }
}
