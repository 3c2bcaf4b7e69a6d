package com.creditledger.reports.table;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A part of a whole as a fraction (not money): 4 decimals, half-even; 0 when the whole is 0. */
public final class Share {

    private Share() {}

    public static BigDecimal of(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(4);
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    /** A live share formula {@code part/whole} over two columns of the same row, with the CSV value. */
    public static Formula formula(String partColumn, String wholeColumn, long part, long whole) {
        return new Formula(
                "IF(" + wholeColumn + "{row}=0,0," + partColumn + "{row}/" + wholeColumn + "{row})", of(part, whole));
    }
}
