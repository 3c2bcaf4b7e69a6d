package com.creditledger.rating;

import java.util.Comparator;

/** Ordinal string order by code point (SPEC §5), which is also PostgreSQL's {@code COLLATE "C"}. */
public final class Ordinal {

    /** Compares by Unicode code point, not by UTF-16 unit. */
    public static final Comparator<String> CODE_POINT = Ordinal::compare;

    private Ordinal() {}

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
