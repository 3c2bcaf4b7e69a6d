-- Instants keep all nine fractional digits (SPEC §4); timestamptz keeps six.
--
-- Each business instant is stored as two columns: the timestamptz, always the instant rounded DOWN
-- to its microsecond (never PostgreSQL's rounding to the nearest: the application floors before it
-- sends), and <column>_ns, the nanoseconds past that microsecond (0-999). The pair orders as the
-- instant does, so comparisons are row comparisons, (at, at_ns) < (?, ?), or on an indexed or
-- partition key the floor first (at <= ?, which indexes, BRIN and partition pruning can use) and the
-- nanoseconds only for the boundary microsecond. Everything that groups by month or day, or compares
-- with a whole microsecond (cycle boundaries, month starts), reads the timestamptz alone.
--
-- Every column is added with a constant default: PostgreSQL 11+ adds it without rewriting the table,
-- and every instant stored before has no nanoseconds past its microsecond (it was stored in micros).
-- Clock readings (loaded_at, ingested_at, started_at, finished_at, recorded_at) are when we did
-- something, not instants of the contract, and stay in microseconds. ledger_posting.effective_at is
-- its transaction's floor: its partition key and join key; the exact instant is the transaction's.

ALTER TABLE request
    ADD COLUMN occurred_at_ns smallint NOT NULL DEFAULT 0 CHECK (occurred_at_ns BETWEEN 0 AND 999),
    ADD COLUMN process_at_ns smallint NOT NULL DEFAULT 0 CHECK (process_at_ns BETWEEN 0 AND 999);
ALTER TABLE request_stage ADD COLUMN occurred_at_ns smallint, ADD COLUMN process_at_ns smallint;

ALTER TABLE price_version
    ADD COLUMN effective_from_ns smallint NOT NULL DEFAULT 0 CHECK (effective_from_ns BETWEEN 0 AND 999),
    DROP CONSTRAINT price_version_effective_from_key,
    ADD CONSTRAINT price_version_effective_from_key UNIQUE (effective_from, effective_from_ns);

ALTER TABLE purchase
    ADD COLUMN purchased_at_ns smallint NOT NULL DEFAULT 0 CHECK (purchased_at_ns BETWEEN 0 AND 999),
    ADD COLUMN process_at_ns smallint NOT NULL DEFAULT 0 CHECK (process_at_ns BETWEEN 0 AND 999);

ALTER TABLE rating_run
    ADD COLUMN through_ns smallint NOT NULL DEFAULT 0 CHECK (through_ns BETWEEN 0 AND 999),
    ADD COLUMN watermark_ns smallint CHECK (watermark_ns BETWEEN 0 AND 999),
    DROP CONSTRAINT rating_run_pkey,
    ADD PRIMARY KEY (through, through_ns);
UPDATE rating_run SET watermark_ns = 0 WHERE watermark IS NOT NULL;

ALTER TABLE ledger_txn
    ADD COLUMN effective_at_ns smallint NOT NULL DEFAULT 0 CHECK (effective_at_ns BETWEEN 0 AND 999),
    ADD COLUMN run_through_ns smallint NOT NULL DEFAULT 0 CHECK (run_through_ns BETWEEN 0 AND 999);

ALTER TABLE credit_grant
    ADD COLUMN granted_at_ns smallint NOT NULL DEFAULT 0 CHECK (granted_at_ns BETWEEN 0 AND 999),
    ADD COLUMN expires_at_ns smallint CHECK (expires_at_ns BETWEEN 0 AND 999);
UPDATE credit_grant SET expires_at_ns = 0 WHERE expires_at IS NOT NULL;

ALTER TABLE account_state
    ADD COLUMN rated_through_ns smallint NOT NULL DEFAULT 0 CHECK (rated_through_ns BETWEEN 0 AND 999),
    ADD COLUMN status_since_ns smallint CHECK (status_since_ns BETWEEN 0 AND 999);
UPDATE account_state SET status_since_ns = 0 WHERE status_since IS NOT NULL;

ALTER TABLE rated_request
    ADD COLUMN run_through_ns smallint NOT NULL DEFAULT 0 CHECK (run_through_ns BETWEEN 0 AND 999);

ALTER TABLE topup_attempt
    ADD COLUMN attempted_at_ns smallint NOT NULL DEFAULT 0 CHECK (attempted_at_ns BETWEEN 0 AND 999),
    ADD COLUMN run_through_ns smallint NOT NULL DEFAULT 0 CHECK (run_through_ns BETWEEN 0 AND 999);

ALTER TABLE notification
    ADD COLUMN at_ns smallint NOT NULL DEFAULT 0 CHECK (at_ns BETWEEN 0 AND 999);

-- Two runs through instants of the same microsecond are two runs: the view tells them apart.
CREATE OR REPLACE VIEW rated_request_txn AS
SELECT rr.request_id, r.workspace_id, rr.process_at, mp.version AS price_version, mp.model AS priced_model, mp.tier,
       rr.cost, rr.run_through, t.txn_id
FROM rated_request rr
JOIN request r USING (request_id)
LEFT JOIN model_price mp ON mp.price_id = rr.price_id
LEFT JOIN ledger_txn t
       ON rr.cost > 0 AND t.kind = 'USAGE' AND t.workspace_id = r.workspace_id AND t.run_through = rr.run_through
      AND t.run_through_ns = rr.run_through_ns
      AND date_trunc('day', t.effective_at, 'UTC') = date_trunc('day', rr.process_at, 'UTC');
