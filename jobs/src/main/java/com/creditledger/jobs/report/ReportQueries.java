package com.creditledger.jobs.report;

import com.creditledger.jobs.ledger.LedgerSql;

/** The SQL behind the reports; {@code :start} and {@code :end} bound the UTC month, [start, end). */
final class ReportQueries {

    private ReportQueries() {}

    /** Requests rated in the month, by the instant they were charged (process_at, R9). */
    static final String RATED_IN_MONTH = """
            SELECT r.workspace_id, r.agent_id, r.automation_id, r.automation_run_id, r.public_visitor,
                   r.occurred_at, r.occurred_at_ns, r.process_at, coalesce(mp.model, '') AS model,
                   coalesce(mp.tier, '') AS tier, rr.cost
            FROM rated_request rr JOIN request r USING (request_id)
            LEFT JOIN model_price mp ON mp.price_id = rr.price_id
            WHERE r.process_at >= :start AND r.process_at < :end
            """;

    /** Wallet movements per workspace up to the month's end, split by where consumption came from. */
    static final String WORKSPACE_LEDGER = LedgerSql.of("""
            SELECT t.workspace_id,
                   coalesce(-sum(p.amount) FILTER (WHERE t.kind = {USAGE} AND t.effective_at >= :start
                                                     AND g.kind = {PLAN}), 0) AS from_plan,
                   coalesce(-sum(p.amount) FILTER (WHERE t.kind = {USAGE} AND t.effective_at >= :start
                                                     AND g.kind <> {PLAN}), 0) AS from_purchased,
                   coalesce(-sum(p.amount) FILTER (WHERE t.kind = {USAGE} AND t.effective_at >= :start
                                                     AND p.grant_no IS NULL), 0) AS uncovered,
                   coalesce(sum(p.amount) FILTER (WHERE t.effective_at < :start), 0) AS opening,
                   coalesce(sum(p.amount), 0) AS closing
            FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.txn_id AND p.effective_at = t.effective_at
                                AND p.account = {WALLET}
            LEFT JOIN credit_grant g ON g.workspace_id = t.workspace_id AND g.grant_no = p.grant_no
            WHERE t.effective_at < :end
            GROUP BY t.workspace_id
            """);

    static final String USAGE_WORKSPACES = "WITH m AS (" + RATED_IN_MONTH + "),\n"
            + "req AS (SELECT workspace_id, count(*) AS requests, sum(cost) AS credits FROM m GROUP BY 1),\n"
            + "led AS (" + WORKSPACE_LEDGER + ")\n"
            + """
            SELECT w.workspace_id, w.name, w.plan_id, coalesce(req.requests, 0) AS requests,
                   coalesce(req.credits, 0) AS credits, coalesce(led.from_plan, 0) AS from_plan,
                   coalesce(led.from_purchased, 0) AS from_purchased, coalesce(led.uncovered, 0) AS uncovered,
                   coalesce(led.opening, 0) AS opening, coalesce(led.closing, 0) AS closing
            FROM workspace w LEFT JOIN req USING (workspace_id) LEFT JOIN led USING (workspace_id)
            WHERE req.workspace_id IS NOT NULL OR led.workspace_id IS NOT NULL
            ORDER BY coalesce(req.credits, 0) DESC, w.workspace_id
            """;

    static final String TIER_ORDER =
            "CASE tier WHEN 'lightweight' THEN 1 WHEN 'standard' THEN 2 WHEN 'frontier' THEN 3 ELSE 4 END";

    static final String USAGE_TIERS = "WITH m AS (" + RATED_IN_MONTH + ")\n"
            + "SELECT CASE WHEN tier = '' THEN '(none: app clones)' ELSE tier END AS tier, count(*) AS requests,"
            + " sum(cost) AS credits FROM m GROUP BY m.tier ORDER BY " + TIER_ORDER.replace("tier", "m.tier");

    static final String USAGE_DAILY = "WITH m AS (" + RATED_IN_MONTH + ")\n" + """
            SELECT workspace_id, (process_at AT TIME ZONE 'UTC')::date AS day, count(*) AS requests,
                   sum(cost) AS credits
            FROM m GROUP BY 1, 2 ORDER BY workspace_id, day
            """;

    static final String USAGE_MODELS = "WITH m AS (" + RATED_IN_MONTH + ")\n" + """
            SELECT workspace_id, model, max(tier) AS tier, count(*) AS requests, sum(cost) AS credits
            FROM m GROUP BY 1, 2 ORDER BY workspace_id, model COLLATE "C"
            """;

    /** Models with their credits, most used first, e.g. {@code gpt-5 (1,200); lite-1 (8)}. */
    private static String models(String key, String filter, String limit) {
        return """
                SELECT %1$s, string_agg(CASE WHEN model = '' THEN '(app clone)' ELSE model END
                                        || ' (' || to_char(credits, 'FM9,999,999,999,999,999,990') || ')', '; '
                                        ORDER BY rk) AS models
                FROM (SELECT %1$s, model, sum(cost) AS credits,
                             row_number() OVER (PARTITION BY %1$s
                                                ORDER BY sum(cost) DESC, count(*) DESC, model COLLATE "C") AS rk
                      FROM m WHERE %2$s GROUP BY %1$s, model) ranked
                WHERE rk <= %3$s GROUP BY %1$s
                """.formatted(key, filter, limit);
    }

    static final String AGENTS = "WITH m AS (" + RATED_IN_MONTH + "),\n"
            + "ws AS (SELECT workspace_id, sum(cost) AS credits FROM m GROUP BY 1),\n"
            + "top AS (" + models("workspace_id, agent_id", "agent_id IS NOT NULL", "3") + "),\n"
            + """
            a AS (SELECT workspace_id, agent_id, count(*) AS requests, sum(cost) AS credits,
                         count(*) FILTER (WHERE public_visitor) AS public_requests
                  FROM m WHERE agent_id IS NOT NULL GROUP BY 1, 2)
            SELECT a.workspace_id, a.agent_id, a.requests, a.credits, ws.credits AS workspace_credits,
                   a.public_requests, top.models
            FROM a JOIN ws USING (workspace_id) LEFT JOIN top USING (workspace_id, agent_id)
            ORDER BY a.workspace_id, a.agent_id
            """;

    static final String AUTOMATION_RUNS = "WITH m AS (SELECT workspace_id, agent_id,"
            + " coalesce(automation_id, '') AS automation_id, coalesce(automation_run_id, '') AS automation_run_id,"
            + " occurred_at, occurred_at_ns, model, cost FROM (" + RATED_IN_MONTH + ") x"
            + " WHERE automation_id IS NOT NULL OR automation_run_id IS NOT NULL),\n"
            + "top AS (" + models("workspace_id, automation_id, automation_run_id", "true", "1000") + ")\n"
            + """
            SELECT workspace_id, automation_id, automation_run_id,
                   min(extract(epoch FROM occurred_at) * 1000000000 + occurred_at_ns) AS first_epoch_ns,
                   max(extract(epoch FROM occurred_at) * 1000000000 + occurred_at_ns) AS last_epoch_ns,
                   count(*) AS requests, sum(cost) AS credits, max(top.models) AS models
            FROM m LEFT JOIN top USING (workspace_id, automation_id, automation_run_id)
            GROUP BY 1, 2, 3
            ORDER BY workspace_id, automation_id COLLATE "C", automation_run_id COLLATE "C"
            """;

    /** Pack purchases, successful auto top-ups, and the notifications (declines, holds, suspensions). */
    static final String ACTIVITY = """
            SELECT e.*, w.name FROM (
                SELECT p.workspace_id, p.purchased_at AS at, p.purchased_at_ns AS at_ns, 'PACK_PURCHASE' AS event, p.pack_id, k.credits,
                       k.bonus_credits, k.price_minor AS amount_minor, k.currency, p.purchase_id AS reference,
                       NULL AS detail
                FROM purchase p JOIN pack k USING (pack_id)
                WHERE p.purchased_at >= :start AND p.purchased_at < :end
                UNION ALL
                SELECT a.workspace_id, a.attempted_at, a.attempted_at_ns, 'AUTO_TOPUP', a.pack_id, k.credits, k.bonus_credits,
                       a.amount_minor, a.currency, a.payment_ref, 'triggered by request ' || a.request_id
                FROM topup_attempt a LEFT JOIN pack k USING (pack_id)
                WHERE a.outcome = 'SUCCEEDED' AND a.attempted_at >= :start AND a.attempted_at < :end
                UNION ALL
                SELECT n.workspace_id, n.at, n.at_ns, n.kind, a.pack_id, NULL, NULL, NULL, NULL,
                       coalesce(a.payment_ref, n.reference), n.reason
                FROM notification n LEFT JOIN topup_attempt a ON a.idempotency_key = n.reference
                WHERE n.at >= :start AND n.at < :end
            ) e JOIN workspace w USING (workspace_id)
            ORDER BY e.workspace_id, e.at, e.at_ns, e.event, e.reference COLLATE "C"
            """;

    /** All workspaces' ledger for the month: wallet movements by grant kind (see the finance report). */
    static final String FINANCE_LEDGER = LedgerSql.of("""
            SELECT coalesce(sum(p.amount) FILTER (WHERE p.account = {WALLET} AND t.effective_at < :start), 0) AS opening,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {ISSUED_PLAN} AND t.effective_at >= :start), 0) AS g_plan,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {ISSUED_PACK} AND t.effective_at >= :start), 0) AS g_pack,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {ISSUED_TOPUP} AND t.effective_at >= :start), 0) AS g_topup,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {ISSUED_ADJUSTMENT} AND t.effective_at >= :start), 0) AS g_adjustment,
                   coalesce(sum(p.amount) FILTER (WHERE p.account = {CONSUMED} AND t.effective_at >= :start), 0) AS consumed,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {WALLET} AND t.kind = {USAGE}
                                                     AND t.effective_at >= :start AND g.kind = {PLAN}), 0) AS c_plan,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {WALLET} AND t.kind = {USAGE}
                                                     AND t.effective_at >= :start AND g.kind <> {PLAN}), 0) AS c_purchased,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {WALLET} AND t.kind = {USAGE}
                                                     AND t.effective_at >= :start AND p.grant_no IS NULL), 0) AS c_uncovered,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {WALLET} AND t.kind = {EXPIRY}
                                                     AND t.effective_at >= :start AND g.kind = {PLAN}), 0) AS e_plan,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {WALLET} AND t.kind = {EXPIRY}
                                                     AND t.effective_at >= :start AND g.kind <> {PLAN}), 0) AS e_purchased,
                   coalesce(sum(p.amount) FILTER (WHERE p.account = {WALLET}), 0) AS closing,
                   coalesce(sum(p.amount) FILTER (WHERE p.account = {WALLET} AND g.kind <> {PLAN}), 0) AS purchased_outstanding
            FROM ledger_txn t JOIN ledger_posting p USING (txn_id, effective_at)
            LEFT JOIN credit_grant g ON g.workspace_id = t.workspace_id AND g.grant_no = p.grant_no
            WHERE t.effective_at < :end
            """);

    /** Every PACK, TOPUP and ADJUSTMENT grant granted before the month's end with credits or movements in it. */
    static final String FINANCE_GRANTS = LedgerSql.of("""
            WITH mv AS (
                SELECT t.workspace_id, p.grant_no,
                       coalesce(sum(p.amount) FILTER (WHERE t.effective_at < :start), 0) AS open_out,
                       coalesce(sum(p.amount) FILTER (WHERE t.kind LIKE 'GRANT%' AND t.effective_at >= :start), 0) AS credited,
                       coalesce(-sum(p.amount) FILTER (WHERE t.kind = {USAGE} AND t.effective_at >= :start), 0) AS drawn,
                       coalesce(-sum(p.amount) FILTER (WHERE t.kind = {EXPIRY} AND t.effective_at >= :start), 0) AS expired,
                       sum(p.amount) AS close_out
                FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.txn_id AND p.effective_at = t.effective_at
                                AND p.account = {WALLET}
                                                       AND p.grant_no IS NOT NULL
                WHERE t.effective_at < :end
                GROUP BY 1, 2)
            SELECT g.workspace_id, g.grant_no, g.kind, g.reference, g.granted_at, g.granted_at_ns, g.amount,
                   CASE g.kind WHEN {PACK} THEN pk.price_minor WHEN {TOPUP} THEN ta.amount_minor END AS price_minor,
                   CASE g.kind WHEN {PACK} THEN pk.currency WHEN {TOPUP} THEN ta.currency END AS currency,
                   g.granted_at < :start AS before_month,
                   coalesce(mv.open_out, 0) AS open_out, coalesce(mv.credited, 0) AS credited,
                   CASE WHEN g.granted_at >= :start THEN g.amount - coalesce(mv.credited, 0) ELSE 0 END AS repaid,
                   coalesce(mv.drawn, 0) AS drawn, coalesce(mv.expired, 0) AS expired,
                   coalesce(mv.close_out, 0) AS close_out
            FROM credit_grant g LEFT JOIN mv USING (workspace_id, grant_no)
            LEFT JOIN purchase pu ON g.kind = {PACK} AND pu.purchase_id = g.reference
            LEFT JOIN pack pk ON pk.pack_id = pu.pack_id
            LEFT JOIN topup_attempt ta ON g.kind = {TOPUP} AND ta.idempotency_key = g.reference
            WHERE g.kind <> {PLAN} AND g.granted_at < :end AND (g.granted_at >= :start OR mv.open_out <> 0)
            ORDER BY g.workspace_id, g.grant_no
            """);

    static final String FINANCE_CASH = """
            SELECT 'Credit packs' AS source, k.currency, count(*) AS payments, sum(k.price_minor) AS amount_minor
            FROM purchase p JOIN pack k USING (pack_id)
            WHERE p.purchased_at >= :start AND p.purchased_at < :end GROUP BY k.currency
            UNION ALL
            SELECT 'Auto top-ups', currency, count(*), sum(amount_minor) FROM topup_attempt
            WHERE outcome = 'SUCCEEDED' AND attempted_at >= :start AND attempted_at < :end GROUP BY currency
            ORDER BY 1, 2
            """;

    static final String INTAKE = """
            SELECT (SELECT coalesce(sum(records), 0) FROM ingested_file) AS records,
                   (SELECT count(*) FROM rated_request) AS rated,
                   (SELECT count(*) FROM quarantine) AS quarantined,
                   (SELECT coalesce(sum(duplicates), 0) FROM ingested_file) AS duplicates,
                   (SELECT count(*) FROM request r
                    WHERE NOT EXISTS (SELECT 1 FROM rated_request rr WHERE rr.request_id = r.request_id)
                      AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.file_id = r.file_id AND q.line = r.line))
                   AS pending
            """;

    static final String RATED_COST =
            "WITH m AS (" + RATED_IN_MONTH + ") SELECT coalesce(sum(cost), 0) AS rated_cost FROM m";

    /** The cycles of the statements, as arrays: workspace ids, cycle indexes, starts, ends. */
    static final String CYCLES = """
            SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:cycles AS bigint[]), CAST(:starts AS timestamptz[]),
                                 CAST(:ends AS timestamptz[])) AS c (workspace_id, cycle, start_at, end_at)
            """;

    static final String STATEMENT_TOTALS = LedgerSql.of("WITH c AS (" + CYCLES + ")\n" + """
            SELECT c.workspace_id, c.cycle,
                   coalesce(sum(p.amount) FILTER (WHERE p.account = {WALLET} AND t.effective_at < c.start_at), 0) AS opening,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {ISSUED_PLAN} AND t.effective_at >= c.start_at), 0) AS g_plan,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {ISSUED_PACK} AND t.effective_at >= c.start_at), 0) AS g_pack,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {ISSUED_TOPUP} AND t.effective_at >= c.start_at), 0) AS g_topup,
                   coalesce(-sum(p.amount) FILTER (WHERE p.account = {ISSUED_ADJUSTMENT} AND t.effective_at >= c.start_at), 0) AS g_adjustment,
                   coalesce(sum(p.amount) FILTER (WHERE p.account = {CONSUMED} AND t.effective_at >= c.start_at), 0) AS consumed,
                   coalesce(sum(p.amount) FILTER (WHERE p.account = {EXPIRED} AND t.effective_at >= c.start_at), 0) AS expired,
                   coalesce(sum(p.amount) FILTER (WHERE p.account = {WALLET}), 0) AS closing
            FROM c LEFT JOIN ledger_txn t ON t.workspace_id = c.workspace_id AND t.effective_at < c.end_at
            LEFT JOIN ledger_posting p ON p.txn_id = t.txn_id AND p.effective_at = t.effective_at
            GROUP BY c.workspace_id, c.cycle
            ORDER BY c.workspace_id COLLATE "C"
            """);

    static final String STATEMENT_ITEMS = LedgerSql.of("WITH c AS (" + CYCLES + ")\n" + """
            SELECT * FROM (
            SELECT c.workspace_id, c.cycle, g.granted_at AS at, g.granted_at_ns AS at_ns,
                   CASE g.kind WHEN {PACK} THEN 'Credit pack' ELSE 'Auto top-up' END AS kind,
                   coalesce(pu.pack_id, ta.pack_id) AS pack_id, coalesce(k.credits, g.amount) AS credits,
                   coalesce(k.bonus_credits, 0) AS bonus,
                   CASE g.kind WHEN {PACK} THEN k.price_minor ELSE ta.amount_minor END AS amount_minor,
                   CASE g.kind WHEN {PACK} THEN k.currency ELSE ta.currency END AS currency,
                   CASE g.kind WHEN {PACK} THEN g.reference ELSE coalesce(ta.payment_ref, g.reference) END AS reference
            FROM c JOIN credit_grant g ON g.workspace_id = c.workspace_id AND g.kind IN ({PACK}, {TOPUP})
                                      AND g.granted_at >= c.start_at AND g.granted_at < c.end_at
            LEFT JOIN purchase pu ON g.kind = {PACK} AND pu.purchase_id = g.reference
            LEFT JOIN topup_attempt ta ON g.kind = {TOPUP} AND ta.idempotency_key = g.reference
            LEFT JOIN pack k ON k.pack_id = coalesce(pu.pack_id, ta.pack_id)
            UNION ALL
            SELECT c.workspace_id, c.cycle, ta.attempted_at, ta.attempted_at_ns, 'Auto top-up ' || lower(ta.outcome), ta.pack_id, 0, 0,
                   NULL, NULL, ta.idempotency_key
            FROM c JOIN topup_attempt ta ON ta.workspace_id = c.workspace_id AND ta.outcome <> 'SUCCEEDED'
                                        AND ta.attempted_at >= c.start_at AND ta.attempted_at < c.end_at
            ) items ORDER BY workspace_id COLLATE "C", at, at_ns, reference COLLATE "C"
            """);

    static final String STATEMENT_USAGE = "WITH c AS (" + CYCLES + ")\n" + """
            SELECT c.workspace_id, c.cycle, coalesce(mp.model, '') AS model, coalesce(max(mp.tier), '') AS tier,
                   count(*) AS requests, sum(rr.cost) AS credits
            FROM c JOIN request r ON r.workspace_id = c.workspace_id AND r.process_at >= c.start_at
                                 AND r.process_at < c.end_at
            JOIN rated_request rr USING (request_id)
            LEFT JOIN model_price mp ON mp.price_id = rr.price_id
            GROUP BY 1, 2, 3
            ORDER BY 1, sum(rr.cost) DESC, coalesce(mp.model, '') COLLATE "C"
            """;
}
