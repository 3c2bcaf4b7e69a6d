package com.creditledger.jobs.ingest;

import static com.creditledger.jobs.ingest.RequestFields.ALL;
import static com.creditledger.jobs.ingest.RequestFields.COUNT;
import static com.creditledger.jobs.ingest.RequestFields.I_AGENT_ID;
import static com.creditledger.jobs.ingest.RequestFields.I_APP_ID;
import static com.creditledger.jobs.ingest.RequestFields.I_AUTOMATION_ID;
import static com.creditledger.jobs.ingest.RequestFields.I_AUTOMATION_RUN_ID;
import static com.creditledger.jobs.ingest.RequestFields.I_INPUT_TOKENS;
import static com.creditledger.jobs.ingest.RequestFields.I_KIND;
import static com.creditledger.jobs.ingest.RequestFields.I_MODEL;
import static com.creditledger.jobs.ingest.RequestFields.I_OCCURRED_AT;
import static com.creditledger.jobs.ingest.RequestFields.I_OUTPUT_TOKENS;
import static com.creditledger.jobs.ingest.RequestFields.I_PUBLIC_VISITOR;
import static com.creditledger.jobs.ingest.RequestFields.I_REQUEST_ID;
import static com.creditledger.jobs.ingest.RequestFields.I_RESOLVED_MODEL;
import static com.creditledger.jobs.ingest.RequestFields.I_STATUS;
import static com.creditledger.jobs.ingest.RequestFields.I_USER_ID;
import static com.creditledger.jobs.ingest.RequestFields.I_WORKSPACE_ID;

import com.creditledger.jobs.ingest.Validation.Accepted;
import com.creditledger.jobs.ingest.Validation.Rejected;
import com.creditledger.rating.QuarantineReason;
import com.creditledger.rating.RequestKind;
import java.time.Instant;
import java.util.Map;

/**
 * The ingest checks of SPEC §4, 1 to 8, applied in order; the first failing one names the reason:
 *
 * <ol>
 *   <li>{@code MALFORMED_ROW}: the reader could not split the line ({@link RawRecord#fields()} is
 *       {@code null}: not UTF-8, a NUL, bad quoting, the wrong number of fields, not one flat JSON
 *       object, see {@link RequestLogReader});
 *   <li>{@code FIELD_TOO_LONG}: any value, of a contract field or an unknown column, is over
 *       {@value #MAX_FIELD_LENGTH} characters, counted as Unicode code points (as PostgreSQL counts
 *       {@code varchar} length), so a value of 200 emoji is not too long;
 *   <li>{@code MISSING_FIELD}: {@code request_id}, {@code occurred_at}, {@code workspace_id} or
 *       {@code kind} is absent, or {@code model} is absent and {@code kind} is not exactly {@code
 *       app_clone};
 *   <li>{@code BAD_TIMESTAMP}: {@code occurred_at} is not {@code
 *       YYYY-MM-DDThh:mm[:ss[.f{1,9}]](Z|±hh:mm)} exactly (see {@link Timestamps});
 *   <li>{@code UNKNOWN_KIND}: {@code kind} is not exactly one of the {@link RequestKind} codes;
 *   <li>{@code BAD_STATUS}: {@code status} is present and not exactly {@code ok} or {@code error};
 *   <li>{@code BAD_NUMBER}: a present {@code input_tokens} or {@code output_tokens} is not an
 *       optionally signed run of ASCII digits (leading zeros allowed: {@code +5}, {@code -0},
 *       {@code 007}) that fits in a signed 64-bit {@code long}: {@code 12.5}, {@code 1e3}, a JSON
 *       {@code 1000.0}, {@code lots}, spaces, 2<sup>63</sup>;
 *   <li>{@code NEGATIVE_TOKENS}: a token count is below zero ({@code -0} is zero).
 * </ol>
 *
 * Within one check, fields are examined in SPEC order ({@link RequestFields#ALL}; for check 2, in
 * the record's column order). {@code DUPLICATE_CONFLICT} is decided later, against what was already
 * ingested, by comparing {@link RequestRecord#fingerprint()}s. {@code public_visitor} is true only
 * for the text {@code true}.
 *
 * <p>Stateless and thread-safe.
 */
public final class RequestValidator {

    /** The longest allowed value, in characters (code points). */
    public static final int MAX_FIELD_LENGTH = 256;

    private static final int SHOWN_CHARS = 40;
    private static final int[] ALWAYS_REQUIRED = {I_REQUEST_ID, I_OCCURRED_AT, I_WORKSPACE_ID, I_KIND};

    private RequestValidator() {}

    /** Applies checks 1–8 to a record as read. */
    public static Validation validate(RawRecord record) {
        Map<String, String> fields = record.fields();
        if (fields == null) {
            String found = record.raw() != null
                    ? shown(record.raw(), 30)
                    : record.rawBytes().length + (record.cut() ? "+" : "") + " bytes";
            return new Rejected(
                    QuarantineReason.MALFORMED_ROW, null, null, shown(record.problem(), 50, false) + ": " + found);
        }
        CsvRow row = fields instanceof CsvRow r ? r : null;

        // 2. FIELD_TOO_LONG, any column
        if (row != null) {
            for (int c = 0, n = row.width(); c < n; c++) {
                String value = row.valueAt(c);
                if (tooLong(value)) {
                    return tooLong(row.nameAt(c), value, row.contractValue(I_REQUEST_ID), record.cut());
                }
            }
        } else {
            for (Map.Entry<String, String> e : fields.entrySet()) {
                if (tooLong(e.getValue())) {
                    return tooLong(e.getKey(), e.getValue(), fields.get(ALL.get(I_REQUEST_ID)), record.cut());
                }
            }
        }

        String[] v = new String[COUNT];
        for (int i = 0; i < COUNT; i++) {
            v[i] = row != null ? row.contractValue(i) : fields.get(ALL.get(i));
        }
        String requestId = v[I_REQUEST_ID];

        // 3. MISSING_FIELD
        for (int i : ALWAYS_REQUIRED) {
            if (v[i] == null) {
                return new Rejected(
                        QuarantineReason.MISSING_FIELD, requestId, ALL.get(i), ALL.get(i) + " is required but absent");
            }
        }
        if (v[I_MODEL] == null && !RequestKind.APP_CLONE.code().equals(v[I_KIND])) {
            return new Rejected(
                    QuarantineReason.MISSING_FIELD,
                    requestId,
                    RequestFields.MODEL,
                    "model is required for kind " + shown(v[I_KIND]) + " but absent");
        }

        // 4. BAD_TIMESTAMP
        Instant occurredAt = Timestamps.parse(v[I_OCCURRED_AT]);
        if (occurredAt == null) {
            return new Rejected(
                    QuarantineReason.BAD_TIMESTAMP,
                    requestId,
                    RequestFields.OCCURRED_AT,
                    "occurred_at is not YYYY-MM-DDThh:mm[:ss[.f]] with Z or ±hh:mm: " + shown(v[I_OCCURRED_AT]));
        }

        // 5. UNKNOWN_KIND
        RequestKind kind = kind(v[I_KIND]);
        if (kind == null) {
            return new Rejected(
                    QuarantineReason.UNKNOWN_KIND, requestId, RequestFields.KIND, "unknown kind " + shown(v[I_KIND]));
        }

        // 6. BAD_STATUS
        String status = v[I_STATUS];
        if (status != null && !status.equals("ok") && !status.equals("error")) {
            return new Rejected(
                    QuarantineReason.BAD_STATUS,
                    requestId,
                    RequestFields.STATUS,
                    "status must be ok or error, found " + shown(status));
        }

        // 7. BAD_NUMBER, 8. NEGATIVE_TOKENS
        long input = 0;
        long output = 0;
        boolean inputOk = v[I_INPUT_TOKENS] == null || isInteger(v[I_INPUT_TOKENS]);
        boolean outputOk = v[I_OUTPUT_TOKENS] == null || isInteger(v[I_OUTPUT_TOKENS]);
        if (!inputOk || !outputOk) {
            int i = inputOk ? I_OUTPUT_TOKENS : I_INPUT_TOKENS;
            return new Rejected(
                    QuarantineReason.BAD_NUMBER,
                    requestId,
                    ALL.get(i),
                    ALL.get(i) + " is not a 64-bit integer: " + shown(v[i]));
        }
        if (v[I_INPUT_TOKENS] != null) {
            input = parseInteger(v[I_INPUT_TOKENS]);
        }
        if (v[I_OUTPUT_TOKENS] != null) {
            output = parseInteger(v[I_OUTPUT_TOKENS]);
        }
        if (input < 0 || output < 0) {
            int i = input < 0 ? I_INPUT_TOKENS : I_OUTPUT_TOKENS;
            return new Rejected(
                    QuarantineReason.NEGATIVE_TOKENS,
                    requestId,
                    ALL.get(i),
                    ALL.get(i) + " is negative: " + shown(v[i]));
        }

        return new Accepted(new RequestRecord(
                requestId,
                occurredAt,
                v[I_WORKSPACE_ID],
                v[I_USER_ID],
                kind,
                v[I_AGENT_ID],
                v[I_AUTOMATION_ID],
                v[I_AUTOMATION_RUN_ID],
                v[I_APP_ID],
                v[I_MODEL],
                v[I_RESOLVED_MODEL],
                input,
                output,
                "error".equals(status),
                "true".equals(v[I_PUBLIC_VISITOR]),
                RequestFingerprint.ofValues(v)));
    }

    /** A value of a line that was cut may be only the start of the value: its length is a minimum. */
    private static Rejected tooLong(String field, String value, String requestId, boolean cut) {
        boolean partial = cut && value.length() >= LineCursor.KEEP_CHARS;
        return new Rejected(
                QuarantineReason.FIELD_TOO_LONG,
                tooLong(requestId) ? null : requestId,
                field,
                shown(field) + " has " + (partial ? "over " : "") + value.codePointCount(0, value.length())
                        + " characters, over " + MAX_FIELD_LENGTH + ": " + shown(value));
    }

    /** Whether a value is over {@link #MAX_FIELD_LENGTH} code points ({@code null} is not). */
    static boolean tooLong(String value) {
        if (value == null || value.length() <= MAX_FIELD_LENGTH) {
            return false;
        }
        return value.length() > 2 * MAX_FIELD_LENGTH || value.codePointCount(0, value.length()) > MAX_FIELD_LENGTH;
    }

    private static RequestKind kind(String code) {
        return switch (code) {
            case "agent_run" -> RequestKind.AGENT_RUN;
            case "automation_run" -> RequestKind.AUTOMATION_RUN;
            case "genesis_build" -> RequestKind.GENESIS_BUILD;
            case "chat" -> RequestKind.CHAT;
            case "app_clone" -> RequestKind.APP_CLONE;
            default -> null;
        };
    }

    /** An optional {@code +} or {@code -}, then ASCII digits, with a value that fits in a long. */
    static boolean isInteger(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        char first = s.charAt(0);
        int i = (first == '+' || first == '-') ? 1 : 0;
        if (i == n) {
            return false;
        }
        // accumulated negatively, as Long.parseLong does, so that Long.MIN_VALUE fits
        long limit = first == '-' ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyMin = limit / 10;
        long result = 0;
        for (; i < n; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9 || result < multiplyMin) {
                return false;
            }
            result *= 10;
            if (result < limit + digit) {
                return false;
            }
            result -= digit;
        }
        return true;
    }

    /** The value of a text for which {@link #isInteger} holds. */
    private static long parseInteger(String s) {
        return Long.parseLong(s);
    }

    /** A value for a message: quoted, control characters as spaces, cut to 40 characters. */
    static String shown(String value) {
        return shown(value, SHOWN_CHARS);
    }

    private static String shown(String value, int max) {
        return shown(value, max, true);
    }

    private static String shown(String value, int max, boolean quoted) {
        if (value == null) {
            return "(absent)";
        }
        int n = Math.min(value.length(), max);
        if (n < value.length() && Character.isHighSurrogate(value.charAt(n - 1))) {
            n--;
        }
        StringBuilder b = new StringBuilder(n + 5);
        if (quoted) {
            b.append('\'');
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (n < value.length()) {
            b.append("...");
        }
        if (quoted) {
            b.append('\'');
        }
        return b.toString();
    }
}
