package com.creditledger.reports.table;

/** How a column's values are written and formatted. */
public enum CellType {
    /** Text, always a string cell. */
    TEXT(24, null),
    /** A count ({@code long}), {@code #,##0}. */
    COUNT(12, "#,##0"),
    /** Credits ({@code long}), {@code #,##0}. */
    CREDITS(14, "#,##0"),
    /** Money: a {@link java.math.BigDecimal} in major units (from integer minor units), {@code #,##0.00}. */
    MONEY(14, "#,##0.00"),
    /** A fraction shown as a percentage ({@link java.math.BigDecimal} or a formula), {@code 0.0%}. */
    PERCENT(10, "0.0%"),
    /** A price per credit ({@link java.math.BigDecimal}), {@code 0.000000}. */
    UNIT_PRICE(14, "0.000000"),
    /** A {@link java.time.LocalDate}, {@code yyyy-mm-dd}. */
    DATE(12, "yyyy-mm-dd"),
    /** An {@link java.time.Instant}, shown in UTC, {@code yyyy-mm-dd hh:mm:ss}. */
    INSTANT(20, "yyyy-mm-dd hh:mm:ss");

    final int width;
    final String format;

    CellType(int width, String format) {
        this.width = width;
        this.format = format;
    }

    boolean numeric() {
        return this == COUNT || this == CREDITS || this == MONEY || this == PERCENT || this == UNIT_PRICE;
    }
}
