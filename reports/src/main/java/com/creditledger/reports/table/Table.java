package com.creditledger.reports.table;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sheet of a workbook, or a CSV file: a name, columns and whether a totals row closes it.
 * Headers are unique: formulas name columns by header ({@link Formula}), so a table whose formula
 * column names a header it does not have is refused here, when the report's tables are built.
 *
 * @param name the sheet's name (at most 31 characters) and the CSV file's suffix
 */
public record Table<R>(String name, List<Column<R>> columns, boolean totals) {

    public Table {
        columns = List.copyOf(columns);
        if (name.length() > 31) {
            throw new IllegalArgumentException("sheet name over 31 characters: " + name);
        }
        if (!plain(name)) {
            throw new IllegalArgumentException("sheet name with one of {}!# : " + name);
        }
        Set<String> headers = new HashSet<>();
        for (Column<R> column : columns) {
            if (!plain(column.header())) {
                throw new IllegalArgumentException("header with one of {}!# in " + name + ": " + column.header());
            }
            if (!headers.add(column.header())) {
                throw new IllegalArgumentException("two columns named " + column.header() + " in " + name);
            }
        }
        for (Column<R> column : columns) {
            if (column.formula() != null) {
                for (Formula.Reference ref : Formula.references(column.formula())) {
                    if (ref.table() == null && !headers.contains(ref.header())) {
                        throw new IllegalArgumentException("formula of column '" + column.header() + "' in " + name
                                + " names no column of it: '" + ref.header() + "'");
                    }
                }
            }
        }
    }

    private static boolean plain(String text) {
        return text.chars().noneMatch(c -> c == '{' || c == '}' || c == '!' || c == '#');
    }

    /** The 0-based index of the column named {@code header}; fails if there is none. */
    public int column(String header) {
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).header().equals(header)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column '" + header + "' in table " + name);
    }

    public static <R> Table<R> of(String name, List<Column<R>> columns) {
        return new Table<>(name, columns, columns.stream().anyMatch(Column::total));
    }
}
