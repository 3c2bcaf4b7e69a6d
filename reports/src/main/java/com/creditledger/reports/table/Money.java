package com.creditledger.reports.table;

import java.math.BigDecimal;
import java.util.Currency;

/** Integer minor units to a decimal amount in major units for display (exact: a shift of the point). */
public final class Money {

    private Money() {}

    /** {@code minor} in major units of {@code currency} (ISO 4217), e.g. 4750 USD → 47.50; null stays null. */
    public static BigDecimal major(Long minor, String currency) {
        if (minor == null) {
            return null;
        }
        int digits =
                currency == null ? 2 : Currency.getInstance(currency.trim()).getDefaultFractionDigits();
        return BigDecimal.valueOf(minor).movePointLeft(Math.max(digits, 0)).setScale(Math.max(digits, 0));
    }

    /** "47.50 USD". */
    public static String format(long minor, String currency) {
        return String.format("%,.2f", major(minor, currency)).replace(",", "\u202f") + " " + currency;
    }
}
