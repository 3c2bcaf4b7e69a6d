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

    /**
     * A live share {@code part/whole} (0 when the whole is 0) of two columns of the same row, named by
     * header, for {@link Column#formula}.
     */
    public static String formula(String partColumn, String wholeColumn) {
        String whole = Formula.cell(wholeColumn);
        return "IF(" + whole + "=0,0," + Formula.cell(partColumn) + "/" + whole + ")";
    }
}
