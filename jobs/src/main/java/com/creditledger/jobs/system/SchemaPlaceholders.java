package com.creditledger.jobs.system;

import com.creditledger.rating.AccountStatus;
import com.creditledger.rating.GrantKind;
import com.creditledger.rating.QuarantineReason;
import com.creditledger.rating.ledger.LedgerAccount;
import com.creditledger.rating.ledger.TxnKind;
import com.creditledger.rating.payment.ChargeResult;
import com.creditledger.rating.price.Tier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values of the Flyway placeholders in {@code db/migration}: the closed sets that the schema's
 * CHECK constraints allow ({@code CHECK (kind IN (${grant_kinds}))}), each built from the Java type
 * that owns it, so that no set is typed twice. Flyway gets them from {@link SystemConfiguration};
 * tests that run the migrations themselves pass {@link #values()} too.
 *
 * <p>Flyway's checksum of a migration is taken before the placeholders are replaced: a set that
 * changes here would give new databases another constraint than existing ones, silently. So the
 * values are frozen with the migrations (MigrationFreezeTests); a changed set needs a new migration
 * that replaces the constraint.
 */
public final class SchemaPlaceholders {

    private SchemaPlaceholders() {}

    /** Placeholder name to SQL list of quoted literals, e.g. {@code 'PLAN', 'PACK'}. */
    public static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(
                "ledger_accounts",
                literals(Arrays.stream(LedgerAccount.values())
                        .map(LedgerAccount::code)
                        .toList()));
        values.put("ledger_txn_kinds", names(TxnKind.values()));
        values.put("txn_kind_usage", names(new TxnKind[] {TxnKind.USAGE}));
        values.put("grant_kinds", names(GrantKind.values()));
        values.put("account_statuses", names(AccountStatus.values()));
        values.put("topup_outcomes", names(ChargeResult.Outcome.values()));
        values.put("quarantine_reasons", names(QuarantineReason.values()));
        values.put(
                "price_tiers",
                literals(Arrays.stream(Tier.values()).map(Tier::code).toList()));
        return values;
    }

    private static String names(Enum<?>[] constants) {
        return literals(Arrays.stream(constants).map(Enum::name).toList());
    }

    private static String literals(List<String> values) {
        return values.stream()
                .map(value -> "'" + value.replace("'", "''") + "'")
                .collect(Collectors.joining(", "));
    }
}
