package com.creditledger.jobs.ledger;

import com.creditledger.rating.GrantKind;
import com.creditledger.rating.ledger.LedgerAccount;
import com.creditledger.rating.ledger.TxnKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SQL that names ledger accounts, transaction kinds and grant kinds by their enum constants:
 * {@code {CONSUMED}} becomes {@code 'consumed'}, {@code {GRANT_TOPUP}} becomes {@code 'GRANT_TOPUP'},
 * {@code {PLAN}} becomes {@code 'PLAN'}, and {@code {ISSUED}} the list of the issuing accounts
 * ({@code 'issued:plan', …}, for {@code IN (…)}). A name no enum has is an error when the
 * statement is built, so a renamed constant cannot leave a query matching nothing.
 */
public final class LedgerSql {

    private static final Pattern TOKEN = Pattern.compile("\\{([A-Z][A-Z_]*)\\}");
    private static final Map<String, String> VALUES = values();

    private LedgerSql() {}

    /** {@code sql} with every {@code {NAME}} replaced by its quoted stored value. */
    public static String of(String sql) {
        Matcher m = TOKEN.matcher(sql);
        StringBuilder out = new StringBuilder(sql.length() + 64);
        while (m.find()) {
            String value = VALUES.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "no ledger account, transaction kind or grant kind is named " + m.group(1) + " (in: "
                                + sql.strip().lines().findFirst().orElse("") + " …)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** {@code 'a', 'b'}: the quoted stored values, as an IN list or a CHECK constraint wants them. */
    public static String quoted(String... values) {
        return Arrays.stream(values).map(LedgerSql::quote).collect(Collectors.joining(", "));
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (LedgerAccount account : LedgerAccount.values()) {
            put(values, account.name(), quote(account.code()));
        }
        for (TxnKind kind : TxnKind.values()) {
            put(values, kind.name(), quote(kind.name()));
        }
        for (GrantKind kind : GrantKind.values()) {
            put(values, kind.name(), quote(kind.name()));
        }
        put(
                values,
                "ISSUED",
                quoted(Arrays.stream(LedgerAccount.values())
                        .filter(LedgerAccount::issues)
                        .map(LedgerAccount::code)
                        .toArray(String[]::new)));
        return Map.copyOf(values);
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (values.putIfAbsent(name, value) != null) {
            throw new IllegalStateException("two ledger enums have a constant named " + name);
        }
    }
}
