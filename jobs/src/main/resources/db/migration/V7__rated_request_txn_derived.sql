-- A rated request's usage transaction is derived, no longer stored with every rated row.
--
-- Every rated request that cost credits was charged by the USAGE transaction of its workspace, run
-- and UTC day of processing (docs/ledger.md): the rated row's own run_through and process_at, and
-- its request's workspace, name exactly one such transaction. Storing its id as well (about 40
-- bytes of text) made rated_request a third wider: at 10M requests a night, 430 MB more to write,
-- WAL-log and keep, and about a fifth of the cost of writing the rated rows. The view below gives
-- each rated request its txn_id, and `billing check` proves on the whole database that each usage
-- transaction's consumed posting equals the cost of the rated requests the view gives it.

CREATE VIEW rated_request_txn AS
SELECT rr.request_id, r.workspace_id, rr.process_at, rr.price_version, rr.priced_model, rr.tier, rr.cost,
       rr.run_through, t.txn_id
FROM rated_request rr
JOIN request r USING (request_id)
LEFT JOIN ledger_txn t
       ON rr.cost > 0 AND t.kind = 'USAGE' AND t.workspace_id = r.workspace_id AND t.run_through = rr.run_through
      AND date_trunc('day', t.effective_at, 'UTC') = date_trunc('day', rr.process_at, 'UTC');

-- Nothing is lost: before the column goes, every stored id must equal the derived one. This is the
-- view's join, restated with the stored id beside it so that rated_request is read once (a self-join
-- through the view took minutes at 10M rows). A missing request counts as a difference. Counted,
-- not LIMIT 1: the planner would otherwise expect an early match and look up every row by index.
DO $$
DECLARE
    differing bigint;
    bad record;
BEGIN
    SELECT count(*) INTO differing
    FROM rated_request rr
    LEFT JOIN request r USING (request_id)
    LEFT JOIN ledger_txn t
           ON rr.cost > 0 AND t.kind = 'USAGE' AND t.workspace_id = r.workspace_id AND t.run_through = rr.run_through
          AND date_trunc('day', t.effective_at, 'UTC') = date_trunc('day', rr.process_at, 'UTC')
    WHERE rr.txn_id IS DISTINCT FROM t.txn_id;
    IF differing > 0 THEN
        SELECT rr.request_id, rr.txn_id AS stored, v.txn_id AS derived INTO bad
        FROM rated_request rr
        LEFT JOIN rated_request_txn v
               ON v.request_id = rr.request_id AND v.process_at = rr.process_at AND v.run_through = rr.run_through
        WHERE rr.txn_id IS DISTINCT FROM v.txn_id
        ORDER BY rr.request_id
        LIMIT 1;
        RAISE EXCEPTION 'rated requests that store another transaction than their run, day and workspace give: %; the first, %, stores % but is given %',
            differing, bad.request_id, coalesce(bad.stored, 'none'), coalesce(bad.derived, 'none')
            USING HINT = 'the ledger is inconsistent: run `billing check` on the previous version and keep this database until it is explained';
    END IF;
END $$;

ALTER TABLE rated_request DROP COLUMN txn_id;
