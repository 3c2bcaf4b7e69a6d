package com.creditledger.jobs.check;

import com.creditledger.jobs.ledger.LedgerSql;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.Sql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Verifies the ledger (SPEC "Conservation"): every transaction's postings sum to zero; for every
 * workspace the stored totals equal those recomputed from postings and granted = consumed +
 * expired + balance; every grant's remaining equals its wallet postings; the stored balance
 * equals the live grants' remaining minus debt. On the whole database, also that each usage
 * transaction charged exactly its rated requests.
 */
@Component
public class LedgerCheck {

    /** What the check found; empty problems means the ledger is sound. */
    public record Result(long transactions, long workspaces, boolean usageTraced, List<String> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }

        public void throwIfFailed() {
            if (!ok()) {
                throw new BillingException("ledger check failed: " + problems.get(0)
                        + "; the run is not finished: report this as a bug with the workspace named");
            }
        }

        public String describe() {
            return ok()
                    ? "ledger check passed: " + transactions + " transactions sum to zero, " + workspaces
                            + " workspaces conserve credits (granted = consumed + expired + balance)"
                            + (usageTraced ? ", every usage transaction charged exactly its rated requests" : "")
                    : "ledger check FAILED:" + System.lineSeparator() + "    "
                            + String.join(System.lineSeparator() + "    ", problems);
        }
    }

    private final JdbcTemplate jdbc;

    public LedgerCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Checks the whole database. */
    public Result checkAll() {
        return check(null);
    }

    /** Checks the workspaces rated through {@code through} (all when null). */
    public Result check(Instant through) {
        List<String> problems = new ArrayList<>();
        // after a run, the postings are recomputed only for workspaces that have transactions in it;
        // the others' postings did not change, and their stored totals are still checked for conservation
        String at = through == null ? null : "'" + Sql.utc(through) + "'::timestamptz";
        String run = through == null ? null : "run_through = " + at + " AND run_through_ns = " + Sql.nanos(through);
        String accounts = through == null
                ? "TRUE"
                : "s.rated_through = " + at + " AND s.rated_through_ns = " + Sql.nanos(through);
        String changed = through == null
                ? "SELECT workspace_id FROM account_state"
                : "SELECT DISTINCT workspace_id FROM ledger_txn WHERE " + run;
        long transactions = jdbc.queryForObject(
                "SELECT count(*) FROM ledger_txn" + (through == null ? "" : " WHERE " + run), Long.class);
        jdbc.query(
                "SELECT txn_id, sum(amount) FROM ledger_posting JOIN ledger_txn USING (txn_id, effective_at)"
                        + (through == null ? "" : " WHERE " + run)
                        + " GROUP BY txn_id HAVING sum(amount) <> 0 ORDER BY txn_id LIMIT 1",
                rs -> {
                    problems.add(
                            "transaction " + rs.getString(1) + " does not sum to zero (sum " + rs.getString(2) + ")");
                });
        jdbc.query(LedgerSql.of("""
                WITH changed AS (%CHANGED%),
                p AS (
                    SELECT t.workspace_id,
                           -coalesce(sum(amount) FILTER (WHERE account IN ({ISSUED})), 0) AS granted,
                           coalesce(sum(amount) FILTER (WHERE account = {CONSUMED}), 0) AS consumed,
                           coalesce(sum(amount) FILTER (WHERE account = {EXPIRED}), 0) AS expired,
                           coalesce(sum(amount) FILTER (WHERE account = {WALLET}), 0) AS balance,
                           -coalesce(sum(amount) FILTER (WHERE account = {WALLET} AND grant_no IS NULL), 0) AS debt
                    FROM ledger_txn t JOIN ledger_posting USING (txn_id, effective_at)
                    WHERE t.workspace_id IN (SELECT workspace_id FROM changed) GROUP BY t.workspace_id),
                g AS (
                    SELECT workspace_id, sum(remaining) AS remaining FROM credit_grant WHERE remaining > 0
                    GROUP BY workspace_id)
                SELECT s.workspace_id, s.granted, s.consumed, s.expired, s.balance, s.debt,
                       coalesce(p.granted, 0) AS p_granted, coalesce(p.consumed, 0) AS p_consumed,
                       coalesce(p.expired, 0) AS p_expired, coalesce(p.balance, 0) AS p_balance,
                       coalesce(p.debt, 0) AS p_debt, coalesce(g.remaining, 0) AS live
                FROM account_state s LEFT JOIN p USING (workspace_id) LEFT JOIN g USING (workspace_id)
                WHERE (%ACCOUNTS%) AND (s.granted <> s.consumed::numeric + s.expired + s.balance
                   OR s.balance <> coalesce(g.remaining, 0) - s.debt
                   OR (s.workspace_id IN (SELECT workspace_id FROM changed)
                       AND (s.granted <> coalesce(p.granted, 0) OR s.consumed <> coalesce(p.consumed, 0)
                            OR s.expired <> coalesce(p.expired, 0) OR s.balance <> coalesce(p.balance, 0)
                            OR s.debt <> coalesce(p.debt, 0))))
                ORDER BY s.workspace_id LIMIT 5
                """).replace("%CHANGED%", changed).replace("%ACCOUNTS%", accounts), rs -> {
            // the sums are numeric: a workspace's totals fit in a long, but a wrong one need not
            problems.add(String.format(
                    "workspace %s: stored granted=%s consumed=%s expired=%s balance=%s debt=%s;"
                            + " from postings granted=%s consumed=%s expired=%s balance=%s debt=%s;"
                            + " live grants hold %s",
                    rs.getString("workspace_id"),
                    rs.getString("granted"),
                    rs.getString("consumed"),
                    rs.getString("expired"),
                    rs.getString("balance"),
                    rs.getString("debt"),
                    rs.getString("p_granted"),
                    rs.getString("p_consumed"),
                    rs.getString("p_expired"),
                    rs.getString("p_balance"),
                    rs.getString("p_debt"),
                    rs.getString("live")));
        });
        jdbc.query(LedgerSql.of("""
                WITH changed AS (%CHANGED%)
                SELECT c.workspace_id, c.grant_no, c.remaining, coalesce(x.total, 0) AS posted
                FROM credit_grant c
                LEFT JOIN (SELECT t.workspace_id, p.grant_no, sum(p.amount) AS total
                           FROM ledger_posting p JOIN ledger_txn t USING (txn_id, effective_at)
                           WHERE p.account = {WALLET} AND p.grant_no IS NOT NULL
                             AND t.workspace_id IN (SELECT workspace_id FROM changed)
                           GROUP BY 1, 2) x
                       USING (workspace_id, grant_no)
                WHERE c.workspace_id IN (SELECT workspace_id FROM changed) AND c.remaining <> coalesce(x.total, 0)
                ORDER BY c.workspace_id, c.grant_no LIMIT 5
                """).replace("%CHANGED%", changed), rs -> {
            problems.add("workspace " + rs.getString(1) + " grant " + rs.getInt(2) + ": remaining " + rs.getLong(3)
                    + " but its wallet postings sum to " + rs.getString(4));
        });
        if (through == null) {
            usageMatchesRatedRequests(problems);
        }
        long workspaces = jdbc.queryForObject("SELECT count(*) FROM account_state s WHERE " + accounts, Long.class);
        return new Result(transactions, workspaces, through == null, problems);
    }

    /**
     * Traceability (docs/ledger.md): each usage transaction's consumed posting equals the cost of the
     * rated requests that {@code rated_request_txn} gives it, and every rated request that cost credits
     * has one. Whole database only: it reads every rated request, too much for the end of each run.
     */
    private void usageMatchesRatedRequests(List<String> problems) {
        jdbc.query(LedgerSql.of("""
                WITH rated AS (
                    SELECT txn_id, sum(cost) AS cost, count(*) AS requests FROM rated_request_txn
                    WHERE cost > 0 GROUP BY txn_id),
                usage AS (
                    SELECT t.txn_id, coalesce(sum(p.amount) FILTER (WHERE p.account = {CONSUMED}), 0) AS consumed
                    FROM ledger_txn t JOIN ledger_posting p USING (txn_id, effective_at)
                    WHERE t.kind = {USAGE} GROUP BY t.txn_id)
                SELECT txn_id, coalesce(u.consumed, 0) AS consumed, coalesce(r.cost, 0) AS cost,
                       coalesce(r.requests, 0) AS requests
                FROM usage u FULL JOIN rated r USING (txn_id)
                WHERE coalesce(u.consumed, 0) <> coalesce(r.cost, 0)
                ORDER BY txn_id NULLS FIRST LIMIT 5
                """), rs -> {
            String txn = rs.getString("txn_id");
            problems.add(
                    txn == null
                            ? rs.getLong("requests") + " rated requests costing " + rs.getString("cost")
                                    + " credits have no usage transaction of their workspace, run and day"
                            : "usage transaction " + txn + ": consumed posting " + rs.getString("consumed")
                                    + " but its " + rs.getLong("requests") + " rated requests cost "
                                    + rs.getString("cost"));
        });
    }
}
