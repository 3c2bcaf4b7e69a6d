package com.creditledger.reports.table;

/**
 * Formula injection (CSV injection) defence, OWASP's recommendation: a text value that begins with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is a formula to Excel,
 * LibreOffice and Google Sheets. In CSV such a value gets a leading single quote; in XLSX it is
 * always a string cell (never a formula) with the "quote prefix" style, so editing it in a
 * spreadsheet does not turn it into a formula either. Numbers are never touched.
 */
public final class SpreadsheetText {

    private SpreadsheetText() {}

    /** True when a spreadsheet would evaluate this text. */
    public static boolean isDangerous(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    /** The text as a CSV field for humans: prefixed with {@code '} when it is dangerous. */
    public static String forCsv(String text) {
        return isDangerous(text) ? "'" + text : text;
    }
}
