package com.creditledger.jobs.ingest;

import java.time.Instant;

/**
 * Parses {@code occurred_at} by the exact grammar of SPEC §4 (BAD_TIMESTAMP):
 *
 * <pre>YYYY-MM-DDThh:mm[:ss[.f{1,9}]](Z|±hh:mm)</pre>
 *
 * with ASCII digits, an uppercase {@code T} and {@code Z}, a four-digit year (0000–9999), a month
 * and a day that exist in the proleptic Gregorian calendar, hours 00–23, minutes and seconds 00–59
 * (no leap second), one to nine fractional digits, and an offset of at most ±18:00 (what {@link
 * java.time.ZoneOffset} allows; minutes 00–59). Anything else is refused: a short offset ({@code
 * +02}), a lowercase {@code t} or {@code z}, a dot without digits, a signed or five-digit year, ten
 * fractional digits, a fraction without seconds, surrounding spaces. All nine fractional digits are
 * kept. Hand-written for the ingest hot path: no allocation but the {@link Instant}.
 */
final class Timestamps {

    private static final long DAYS_0000_TO_1970 = 719_528L;
    /** {@code YYYY-MM-DDThh:mmZ}, the shortest valid text. */
    private static final int SHORTEST = 17;
    /** {@code YYYY-MM-DDThh:mm:ss.fffffffff+hh:mm}, the longest valid text. */
    private static final int LONGEST = 35;

    private Timestamps() {}

    /** The instant, or {@code null} when the text does not follow the grammar above. */
    static Instant parse(String s) {
        int n = s.length();
        if (n < SHORTEST || n > LONGEST) {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if ((year | month | day | hour | minute) < 0
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':') {
            return null;
        }
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour > 23 || minute > 59) {
            return null;
        }
        int i = 16;
        int second = 0;
        int nanos = 0;
        if (s.charAt(i) == ':') {
            if (n < 20) { // ":ss" and at least a "Z"
                return null;
            }
            second = digits(s, 17, 2);
            if (second < 0 || second > 59) {
                return null;
            }
            i = 19;
            if (s.charAt(i) == '.') {
                i++;
                int start = i;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
                int count = i - start;
                if (count == 0 || count > 9) {
                    return null;
                }
                for (int k = start; k < i; k++) {
                    nanos = nanos * 10 + (s.charAt(k) - '0');
                }
                for (int k = count; k < 9; k++) {
                    nanos *= 10;
                }
            }
        }
        int offsetSeconds = offsetSeconds(s, i);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The offset that ends the text at {@code i}, in seconds, or {@link Integer#MIN_VALUE}. */
    private static int offsetSeconds(String s, int i) {
        int n = s.length();
        if (i + 1 == n && s.charAt(i) == 'Z') {
            return 0;
        }
        if (i + 6 != n || s.charAt(i + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        char sign = s.charAt(i);
        int hours = digits(s, i + 1, 2);
        int minutes = digits(s, i + 4, 2);
        if ((sign != '+' && sign != '-')
                || hours < 0
                || minutes < 0
                || minutes > 59
                || hours * 60 + minutes > 18 * 60) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** As {@link java.time.LocalDate#toEpochDay()}, for a year from 0 to 9999. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!isLeap(year)) {
                total--;
            }
        }
        return total - DAYS_0000_TO_1970;
    }
}
