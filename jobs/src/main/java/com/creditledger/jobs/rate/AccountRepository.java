package com.creditledger.jobs.rate;

import com.creditledger.jobs.system.BinaryCopyWriter;
import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.Account;
import com.creditledger.rating.AccountStatus;
import com.creditledger.rating.Grant;
import com.creditledger.rating.GrantKind;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Loads and stores accounts (rating state) and their grants, a chunk of workspaces at a time. */
@Repository
class AccountRepository {

    private final JdbcTemplate jdbc;

    AccountRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored accounts of these workspaces with their live grants; absent ones were never rated. */
    Map<String, Account> load(String[] workspaceIds) {
        Map<String, List<Grant>> grants = new HashMap<>();
        jdbc.query(
                "SELECT * FROM credit_grant WHERE workspace_id = ANY (?) AND remaining > 0",
                rs -> {
                    grants.computeIfAbsent(rs.getString("workspace_id"), id -> new ArrayList<>())
                            .add(new Grant(
                                    rs.getInt("grant_no"),
                                    GrantKind.valueOf(rs.getString("kind")),
                                    rs.getLong("amount"),
                                    rs.getLong("remaining"),
                                    Sql.exact(rs, "granted_at"),
                                    Sql.exact(rs, "expires_at"),
                                    rs.getString("reference")));
                },
                (Object) workspaceIds);
        Map<String, Account> accounts = new HashMap<>();
        jdbc.query(
                "SELECT * FROM account_state WHERE workspace_id = ANY (?)",
                rs -> {
                    String id = rs.getString("workspace_id");
                    Account account = Account.restore(
                            id,
                            rs.getLong("next_boundary"),
                            rs.getInt("grant_count"),
                            rs.getLong("debt"),
                            rs.getInt("topups_this_cycle"),
                            rs.getBoolean("topup_suspended"),
                            AccountStatus.valueOf(rs.getString("status")),
                            Sql.exact(rs, "status_since"),
                            rs.getLong("granted"),
                            rs.getLong("consumed"),
                            rs.getLong("expired"),
                            rs.getInt("topups"),
                            grants.getOrDefault(id, List.of()));
                    if (!account.conserves()) { // pair assertion: the timeline checked it when it stored it
                        throw new IllegalStateException("the stored account of workspace " + id
                                + " does not conserve credits (granted != consumed + expired + balance);"
                                + " run 'billing check' to find the row that disagrees");
                    }
                    accounts.put(id, account);
                },
                (Object) workspaceIds);
        return accounts;
    }

    /**
     * Stores accounts as of {@code through} and every grant that may have changed: those live when
     * loaded and those made in this run.
     */
    void save(
            Connection connection,
            Collection<Account> accounts,
            Map<String, List<Grant>> touchedGrants,
            Instant through) {
        jdbc.execute("CREATE TEMP TABLE IF NOT EXISTS grant_stage (LIKE credit_grant) ON COMMIT DELETE ROWS");
        jdbc.execute("CREATE TEMP TABLE IF NOT EXISTS state_stage (LIKE account_state) ON COMMIT DELETE ROWS");
        try (BinaryCopyWriter copy = BinaryCopyWriter.open(
                connection,
                "grant_stage",
                "workspace_id, grant_no, kind, amount, remaining, granted_at, expires_at, reference, granted_at_ns,"
                        + " expires_at_ns")) {
            touchedGrants.forEach((workspaceId, grants) -> {
                for (Grant grant : grants) {
                    copy.add(workspaceId)
                            .addInteger(grant.number())
                            .add(grant.kind().name())
                            .add(grant.amount())
                            .add(grant.remaining())
                            .add(grant.grantedAt())
                            .add(grant.expiresAt())
                            .add(grant.reference())
                            .addSmallint(Sql.nanos(grant.grantedAt()))
                            .addSmallint(Sql.nanos(grant.expiresAt()))
                            .endRow();
                }
            });
        }
        jdbc.update("""
                INSERT INTO credit_grant SELECT * FROM grant_stage
                ON CONFLICT (workspace_id, grant_no) DO UPDATE SET remaining = excluded.remaining
                """);
        try (BinaryCopyWriter copy = BinaryCopyWriter.open(
                connection,
                "state_stage",
                "workspace_id, rated_through, next_boundary, grant_count, debt, topups_this_cycle, topup_suspended,"
                        + " status, status_since, granted, consumed, expired, topups, balance, rated_through_ns,"
                        + " status_since_ns")) {
            for (Account account : accounts) {
                copy.add(account.workspaceId())
                        .add(through)
                        .add(account.nextBoundary())
                        .addInteger(account.grantCount())
                        .add(account.debt())
                        .addInteger(account.topupsThisCycle())
                        .add(account.topupSuspended())
                        .add(account.status().name())
                        .add(account.statusSince())
                        .add(account.granted())
                        .add(account.consumed())
                        .add(account.expired())
                        .addInteger(account.topups())
                        .add(account.balance())
                        .addSmallint(Sql.nanos(through))
                        .addSmallint(Sql.nanos(account.statusSince()))
                        .endRow();
            }
        }
        jdbc.update("""
                INSERT INTO account_state SELECT * FROM state_stage
                ON CONFLICT (workspace_id) DO UPDATE SET rated_through = excluded.rated_through,
                    next_boundary = excluded.next_boundary, grant_count = excluded.grant_count, debt = excluded.debt,
                    topups_this_cycle = excluded.topups_this_cycle, topup_suspended = excluded.topup_suspended,
                    status = excluded.status, status_since = excluded.status_since,
                    rated_through_ns = excluded.rated_through_ns, status_since_ns = excluded.status_since_ns,
                    granted = excluded.granted,
                    consumed = excluded.consumed, expired = excluded.expired, topups = excluded.topups,
                    balance = excluded.balance
                """);
    }
}
