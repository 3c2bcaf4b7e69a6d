package com.creditledger.reports.table;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live spreadsheet formula (without the leading {@code =}), and the value a CSV shows instead.
 * Formulas are built by the report code only, never from data.
 *
 * <p>A formula names the cells it uses by column header, never by column letter or row number;
 * the XLSX writer resolves each reference in braces when it writes the cell, from where the tables
 * actually are, so inserting or moving a column cannot point a formula at the wrong one:
 *
 * <ul>
 *   <li>{@code {Credits}}: the cell of column "Credits" in the formula's own row, e.g. {@code E7};
 *   <li>{@code {Credits#3}}: column "Credits" of data row 3 (0-based) of the formula's own table;
 *   <li>{@code {Summary!Credits#1}}, {@code {Summary!Credits#1:4}}: a cell, or the cells of data
 *       rows 1 to 4, of a table written earlier, e.g. {@code 'Summary'!C5:C8};
 *   <li>{@code {Purchased credits!Outstanding at end}}: all data rows of that column of a table
 *       written earlier, absolute, e.g. {@code 'Purchased credits'!$O$2:$O$40}.
 * </ul>
 *
 * A name that is not a header of the table (or a table not written yet) fails the report. The
 * helpers below build the references.
 */
public record Formula(String expression, Object csv) {

    private static final Pattern REFERENCE = Pattern.compile("\\{([^{}]+)}");

    /** {@code {header}}: the column's cell in the formula's own row. */
    public static String cell(String header) {
        return "{" + header + "}";
    }

    /** {@code {header#row}}: the column's cell in data row {@code row} (0-based) of the formula's own table. */
    public static String cell(String header, int row) {
        return "{" + header + "#" + row + "}";
    }

    /** A cell of data row {@code row} (0-based) of another table. */
    public static String cell(Table<?> table, String header, int row) {
        return "{" + table.name() + "!" + header + "#" + row + "}";
    }

    /** The cells of data rows {@code from} to {@code to} (0-based, inclusive) of another table. */
    public static String cells(Table<?> table, String header, int from, int to) {
        return "{" + table.name() + "!" + header + "#" + from + ":" + to + "}";
    }

    /** All data rows of a column of another table (an absolute range). */
    public static String column(Table<?> table, String header) {
        return "{" + table.name() + "!" + header + "}";
    }

    /** The references in braces, in order, without the braces. */
    static List<Reference> references(String expression) {
        List<Reference> references = new ArrayList<>();
        Matcher m = REFERENCE.matcher(expression);
        while (m.find()) {
            references.add(Reference.parse(m.group(1)));
        }
        return references;
    }

    /** The expression with every reference replaced by {@code resolve}'s spreadsheet text. */
    String resolve(Function<Reference, String> resolve) {
        Matcher m = REFERENCE.matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(resolve.apply(Reference.parse(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A parsed reference.
     *
     * @param table the table's (sheet's) name, or null for the formula's own table
     * @param from the first data row (0-based), or -1 for the formula's own row (own table) or all
     *     rows (another table)
     * @param to the last data row, equal to {@code from} for a single cell
     */
    record Reference(String table, String header, int from, int to) {

        static Reference parse(String text) {
            String table = null;
            String rest = text;
            int bang = text.indexOf('!');
            if (bang >= 0) {
                table = text.substring(0, bang);
                rest = text.substring(bang + 1);
            }
            int hash = rest.lastIndexOf('#');
            if (hash < 0) {
                return new Reference(table, rest, -1, -1);
            }
            String header = rest.substring(0, hash);
            String rows = rest.substring(hash + 1);
            try {
                int colon = rows.indexOf(':');
                int from = Integer.parseInt(colon < 0 ? rows : rows.substring(0, colon));
                int to = colon < 0 ? from : Integer.parseInt(rows.substring(colon + 1));
                if (from < 0 || to < from) {
                    throw new IllegalArgumentException("bad rows in formula reference {" + text + "}");
                }
                return new Reference(table, header, from, to);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad rows in formula reference {" + text + "}", e);
            }
        }

        boolean ownRow() {
            return table == null && from < 0;
        }
    }
}
