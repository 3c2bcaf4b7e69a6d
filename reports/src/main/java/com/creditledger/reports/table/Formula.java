package com.creditledger.reports.table;

/**
 * A live spreadsheet formula (without the leading {@code =}), and the value a CSV shows instead.
 * {@code {row}} in the expression is replaced by the row's 1-based spreadsheet row number.
 * Formulas are built by the report code only, never from data.
 */
public record Formula(String expression, Object csv) {

    String at(int excelRow) {
        return expression.replace("{row}", Integer.toString(excelRow));
    }
}
