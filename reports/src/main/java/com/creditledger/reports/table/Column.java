package com.creditledger.reports.table;

import java.util.function.Function;

/**
 * One column of a table: its header, how its cells are written, and how to get the value from a
 * row. A value may be a {@link Formula} (XLSX writes it as a formula, CSV writes its {@code csv}
 * fallback); a {@link #formula formula column} writes the same formula in every row.
 *
 * @param total whether the totals row sums this column
 * @param width the column's width in characters (0: the type's default)
 * @param formula the expression of a formula column (its references are checked against the
 *     table's headers when the table is built), or null
 */
public record Column<R>(
        String header, CellType type, Function<R, Object> value, boolean total, int width, String formula) {

    public static <R> Column<R> text(String header, Function<R, Object> value) {
        return new Column<>(header, CellType.TEXT, value, false, 0, null);
    }

    public static <R> Column<R> text(String header, int width, Function<R, Object> value) {
        return new Column<>(header, CellType.TEXT, value, false, width, null);
    }

    public static <R> Column<R> of(String header, CellType type, Function<R, Object> value) {
        return new Column<>(header, type, value, false, 0, null);
    }

    /** A column summed by the totals row. */
    public static <R> Column<R> summed(String header, CellType type, Function<R, Object> value) {
        return new Column<>(header, type, value, true, 0, null);
    }

    /**
     * A live formula in every row, e.g. {@code IF({Credits}=0,0,{Used}/{Credits})} (see {@link
     * Formula} for references); a CSV writes {@code csv}'s value of the row instead.
     */
    public static <R> Column<R> formula(String header, CellType type, String expression, Function<R, Object> csv) {
        return new Column<>(header, type, r -> new Formula(expression, csv.apply(r)), false, 0, expression);
    }

    /** This column, summed by the totals row. */
    public Column<R> withTotal() {
        return new Column<>(header, type, value, true, width, formula);
    }

    int effectiveWidth() {
        return Math.max(width > 0 ? width : type.width, Math.min(header.length() + 2, 40));
    }
}
