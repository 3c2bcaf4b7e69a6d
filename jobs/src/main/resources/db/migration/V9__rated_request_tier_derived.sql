-- A rated request's tier is derived from its price row, no longer stored with every rated row.
--
-- The tier belongs to the price row a request was priced by (model_price, keyed by version and
-- model, immutable), which the rated row names already. Storing it as well cost about 10 bytes of
-- text per rated request: writing 2.5M rated rows took 1.91-1.95 s without it against 2.25-2.46 s
-- with it (PostgreSQL 14). Readers take the tier from model_price; the view below keeps its column.

-- Nothing is lost: before the column goes, every stored tier must be its price row's. Counted in one
-- pass; requests that cost nothing by price (app clones) have neither a price row nor a tier.
DO $$
DECLARE
    differing bigint;
    bad record;
BEGIN
    SELECT count(*) INTO differing
    FROM rated_request rr
    LEFT JOIN model_price mp ON mp.version = rr.price_version AND mp.model = rr.priced_model
    WHERE rr.tier IS DISTINCT FROM mp.tier;
    IF differing > 0 THEN
        SELECT rr.request_id, rr.price_version, rr.priced_model, rr.tier AS stored, mp.tier AS derived INTO bad
        FROM rated_request rr
        LEFT JOIN model_price mp ON mp.version = rr.price_version AND mp.model = rr.priced_model
        WHERE rr.tier IS DISTINCT FROM mp.tier
        ORDER BY rr.request_id
        LIMIT 1;
        RAISE EXCEPTION 'rated requests that store another tier than their price row: %; the first, %, priced by % of version %, stores % but the price row says %',
            differing, bad.request_id, coalesce(bad.priced_model, 'no model'), coalesce(bad.price_version, 'none'),
            coalesce(bad.stored, 'none'), coalesce(bad.derived, 'none (no such price row)')
            USING HINT = 'keep this database and run `billing check` and the reports on the previous version until it is explained';
    END IF;
END $$;

DROP VIEW rated_request_txn;
ALTER TABLE rated_request DROP COLUMN tier;

-- As V7 and V8 created it, with the tier of the rated request's price row.
CREATE VIEW rated_request_txn AS
SELECT rr.request_id, r.workspace_id, rr.process_at, rr.price_version, rr.priced_model, mp.tier, rr.cost,
       rr.run_through, t.txn_id
FROM rated_request rr
JOIN request r USING (request_id)
LEFT JOIN model_price mp ON mp.version = rr.price_version AND mp.model = rr.priced_model
LEFT JOIN ledger_txn t
       ON rr.cost > 0 AND t.kind = 'USAGE' AND t.workspace_id = r.workspace_id AND t.run_through = rr.run_through
      AND date_trunc('day', t.effective_at, 'UTC') = date_trunc('day', rr.process_at, 'UTC');
