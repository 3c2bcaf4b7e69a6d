package com.creditledger.reports.table;

import java.util.List;

/**
 * A sheet of a workbook, or a CSV file: a name, columns and whether a totals row closes it.
 *
 * @param name the sheet's name (at most 31 characters) and the CSV file's suffix
 */
public record Table<R>(String name, List<Column<R>> columns, boolean totals) {

    public Table {
        columns = List.copyOf(columns);
        if (name.length() > 31) {
            throw new IllegalArgumentException("sheet name over 31 characters: " + name);
        }
    }

    public static <R> Table<R> of(String name, List<Column<R>> columns) {
        return new Table<>(name, columns, columns.stream().anyMatch(Column::total));
    }
}
