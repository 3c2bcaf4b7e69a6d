-- The double-entry credit ledger and the rating state (SPEC §5, R1-R9).

-- Each rate run; the watermark is the greatest through of any run (a started run's too, so that
-- what arrives while it is unfinished counts as late and lands in the next run).
CREATE TABLE rating_run (
    through         timestamptz PRIMARY KEY,
    watermark       timestamptz,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz
);

-- Transactions; ids are deterministic (derived from workspace, grant number or run and day) so a
-- restarted run writes exactly the rows an uninterrupted one would have written.
CREATE TABLE ledger_txn (
    txn_id        text COLLATE "C" PRIMARY KEY,
    workspace_id  text COLLATE "C" NOT NULL,
    kind          text NOT NULL,
    effective_at  timestamptz NOT NULL,
    run_through   timestamptz NOT NULL,
    reference     text
);
CREATE INDEX ledger_txn_by_workspace ON ledger_txn (workspace_id, effective_at);
CREATE INDEX ledger_txn_by_run ON ledger_txn (run_through);

-- Postings sum to zero per transaction. Accounts: 'wallet' (per workspace; grant_no names the
-- grant, NULL is the debt), 'issued:plan|pack|topup|adjustment', 'consumed', 'expired'.
-- Range-partitioned by month of the transaction's effective_at (copied here as the partition
-- key); partitions are created ahead of time (V5, and every rate run keeps three months ahead).
CREATE TABLE ledger_posting (
    txn_id        text COLLATE "C" NOT NULL REFERENCES ledger_txn,
    posting_no    smallint NOT NULL,
    effective_at  timestamptz NOT NULL,
    account       text NOT NULL,
    grant_no      integer,
    amount        bigint NOT NULL,
    PRIMARY KEY (txn_id, posting_no, effective_at)
) PARTITION BY RANGE (effective_at);

CREATE TRIGGER ledger_txn_append_only BEFORE UPDATE OR DELETE ON ledger_txn
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME;
END $$;
CREATE TRIGGER ledger_txn_no_truncate BEFORE TRUNCATE ON ledger_txn
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_no_truncate BEFORE TRUNCATE ON ledger_posting
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- Grants, with what is left of them (a projection of the ledger that the check recomputes).
CREATE TABLE credit_grant (
    workspace_id  text COLLATE "C" NOT NULL,
    grant_no      integer NOT NULL,
    kind          text NOT NULL,
    amount        bigint NOT NULL,
    remaining     bigint NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
    granted_at    timestamptz NOT NULL,
    expires_at    timestamptz,
    reference     text,
    PRIMARY KEY (workspace_id, grant_no)
);
CREATE INDEX credit_grant_live ON credit_grant (workspace_id) WHERE remaining > 0;

-- Each workspace's rating state after the last run that processed it.
CREATE TABLE account_state (
    workspace_id       text COLLATE "C" PRIMARY KEY,
    rated_through      timestamptz NOT NULL,
    next_boundary      bigint NOT NULL,
    grant_count        integer NOT NULL,
    debt               bigint NOT NULL CHECK (debt >= 0),
    topups_this_cycle  integer NOT NULL,
    topup_suspended    boolean NOT NULL,
    status             text NOT NULL,
    status_since       timestamptz,
    granted            bigint NOT NULL,
    consumed           bigint NOT NULL,
    expired            bigint NOT NULL,
    topups             integer NOT NULL,
    balance            bigint NOT NULL
);

-- Every rated request: its price, cost and the usage transaction that charged it (workspace and
-- instants are the request's). Append-only and unindexed: written once per request by the run
-- that rates it, read whole by exports and reports (hash joins with request). Range-partitioned
-- by month of process_at, the instant it was charged (V5).
CREATE TABLE rated_request (
    request_id     text COLLATE "C" NOT NULL,
    process_at     timestamptz NOT NULL,
    price_version  text,
    priced_model   text COLLATE "C",
    tier           text,
    cost           bigint NOT NULL CHECK (cost >= 0),
    txn_id         text COLLATE "C",
    run_through    timestamptz NOT NULL
) PARTITION BY RANGE (process_at);

-- Auto top-up attempts and their answers (R6); declines suspend top-ups until the next boundary.
CREATE TABLE topup_attempt (
    idempotency_key  text COLLATE "C" PRIMARY KEY,
    workspace_id     text COLLATE "C" NOT NULL,
    request_id       text NOT NULL,
    attempted_at     timestamptz NOT NULL,
    pack_id          text NOT NULL,
    amount_minor     bigint NOT NULL,
    currency         char(3) NOT NULL,
    outcome          text NOT NULL,
    payment_ref      text,
    decline_code     text,
    run_through      timestamptz NOT NULL
);

-- What a customer must be told: declines and suspensions.
CREATE TABLE notification (
    workspace_id  text COLLATE "C" NOT NULL,
    at            timestamptz NOT NULL,
    kind          text NOT NULL,
    reason        text NOT NULL,
    reference     text COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace_id, reference, kind)
);

-- The payment journal (R6, R7): every charge attempt, appended in its own committed transaction
-- before the gateway is called (PENDING) and after it answers (SUCCEEDED, DECLINED, HELD, or
-- UNKNOWN when no answer came). A rerun reads it first, so a key is never charged twice and no
-- grant is made without a succeeded charge. The latest entry of a key is its state.
CREATE TABLE payment_journal (
    idempotency_key  text COLLATE "C" NOT NULL,
    entry_no         integer NOT NULL,
    status           text NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'DECLINED', 'HELD', 'UNKNOWN')),
    recorded_at      timestamptz NOT NULL,
    workspace_id     text COLLATE "C" NOT NULL,
    request_id       text NOT NULL,
    pack_id          text NOT NULL,
    amount_minor     bigint NOT NULL,
    currency         char(3) NOT NULL,
    gateway          text NOT NULL,
    payment_ref      text,
    error_code       text,
    decline_code     text,
    message          text,
    PRIMARY KEY (idempotency_key, entry_no)
);
CREATE TRIGGER payment_journal_append_only BEFORE UPDATE OR DELETE ON payment_journal
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
