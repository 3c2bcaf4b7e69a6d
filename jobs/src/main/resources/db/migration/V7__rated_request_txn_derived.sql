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

-- Nothing is lost: before the column goes, every stored id must equal the derived one.
DO $$
DECLARE
    bad record;
BEGIN
    SELECT rr.request_id, rr.txn_id AS stored, v.txn_id AS derived INTO bad
    FROM rated_request rr
    LEFT JOIN rated_request_txn v
           ON v.request_id = rr.request_id AND v.process_at = rr.process_at AND v.run_through = rr.run_through
    WHERE rr.txn_id IS DISTINCT FROM v.txn_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'rated request % stores transaction % but its run, day and workspace give %',
            bad.request_id, bad.stored, coalesce(bad.derived, 'none')
            USING HINT = 'the ledger is inconsistent: run `billing check` on the previous version and keep this database until it is explained';
    END IF;
END $$;

ALTER TABLE rated_request DROP COLUMN txn_id;
