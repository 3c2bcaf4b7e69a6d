-- The whole schema of billing, created directly (docs/schema.md; the dump is docs/schema.sql).
--
-- A name in dollar-brace form, such as grant_kinds in CHECK (kind IN (...)), is a Flyway placeholder:
-- a closed set's quoted values, built from the Java type that owns it (SchemaPlaceholders), so that
-- a CHECK constraint and the code never disagree on a list.
--
-- Landed migrations never change: a change to the schema is a new migration, V2__what_it_does.sql
-- (MigrationFreezeTests lists every landed migration's SHA-256). Identifiers compare ordinally:
-- every text key uses COLLATE "C". An exact instant (SPEC §4) is stored as two columns: the
-- timestamptz, always the instant rounded DOWN to its microsecond (the application floors before it
-- sends), and <column>_ns, the nanoseconds past that microsecond (0-999); the pair orders as the
-- instant does (docs/ledger.md, Sql.java). Clock readings (loaded_at, ingested_at, started_at,
-- finished_at, recorded_at) are when we did something and stay in microseconds. Column order is
-- part of the schema: COPY and INSERT ... SELECT * rely on it, and request's is chosen for its scan.


-- Spring Batch 6.0.4's JobRepository, exactly as org/springframework/batch/core/schema-postgresql.sql
-- creates it (spring.batch.jdbc.initialize-schema=never: Flyway owns every table). Spring Batch only
-- needs the tables to exist; keeping its script's text unchanged lets an upgrade diff it.

CREATE TABLE BATCH_JOB_INSTANCE (
	JOB_INSTANCE_ID BIGINT  NOT NULL PRIMARY KEY,
	VERSION BIGINT,
	JOB_NAME VARCHAR(100) NOT NULL,
	JOB_KEY VARCHAR(32) NOT NULL,
	constraint JOB_INST_UN unique (JOB_NAME, JOB_KEY)
) ;

CREATE TABLE BATCH_JOB_EXECUTION (
	JOB_EXECUTION_ID BIGINT  NOT NULL PRIMARY KEY,
	VERSION BIGINT,
	JOB_INSTANCE_ID BIGINT NOT NULL,
	CREATE_TIME TIMESTAMP NOT NULL,
	START_TIME TIMESTAMP DEFAULT NULL,
	END_TIME TIMESTAMP DEFAULT NULL,
	STATUS VARCHAR(10),
	EXIT_CODE VARCHAR(2500),
	EXIT_MESSAGE VARCHAR(2500),
	LAST_UPDATED TIMESTAMP,
	constraint JOB_INST_EXEC_FK foreign key (JOB_INSTANCE_ID)
	references BATCH_JOB_INSTANCE(JOB_INSTANCE_ID)
) ;

CREATE TABLE BATCH_JOB_EXECUTION_PARAMS (
	JOB_EXECUTION_ID BIGINT NOT NULL,
	PARAMETER_NAME VARCHAR(100) NOT NULL,
	PARAMETER_TYPE VARCHAR(100) NOT NULL,
	PARAMETER_VALUE VARCHAR(2500),
	IDENTIFYING CHAR(1) NOT NULL,
	constraint JOB_EXEC_PARAMS_FK foreign key (JOB_EXECUTION_ID)
	references BATCH_JOB_EXECUTION(JOB_EXECUTION_ID)
) ;

CREATE TABLE BATCH_STEP_EXECUTION (
	STEP_EXECUTION_ID BIGINT  NOT NULL PRIMARY KEY,
	VERSION BIGINT NOT NULL,
	STEP_NAME VARCHAR(100) NOT NULL,
	JOB_EXECUTION_ID BIGINT NOT NULL,
	CREATE_TIME TIMESTAMP NOT NULL,
	START_TIME TIMESTAMP DEFAULT NULL,
	END_TIME TIMESTAMP DEFAULT NULL,
	STATUS VARCHAR(10),
	COMMIT_COUNT BIGINT,
	READ_COUNT BIGINT,
	FILTER_COUNT BIGINT,
	WRITE_COUNT BIGINT,
	READ_SKIP_COUNT BIGINT,
	WRITE_SKIP_COUNT BIGINT,
	PROCESS_SKIP_COUNT BIGINT,
	ROLLBACK_COUNT BIGINT,
	EXIT_CODE VARCHAR(2500),
	EXIT_MESSAGE VARCHAR(2500),
	LAST_UPDATED TIMESTAMP,
	constraint JOB_EXEC_STEP_FK foreign key (JOB_EXECUTION_ID)
	references BATCH_JOB_EXECUTION(JOB_EXECUTION_ID)
) ;

CREATE TABLE BATCH_STEP_EXECUTION_CONTEXT (
	STEP_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
	SHORT_CONTEXT VARCHAR(2500) NOT NULL,
	SERIALIZED_CONTEXT TEXT,
	constraint STEP_EXEC_CTX_FK foreign key (STEP_EXECUTION_ID)
	references BATCH_STEP_EXECUTION(STEP_EXECUTION_ID)
) ;

CREATE TABLE BATCH_JOB_EXECUTION_CONTEXT (
	JOB_EXECUTION_ID BIGINT NOT NULL PRIMARY KEY,
	SHORT_CONTEXT VARCHAR(2500) NOT NULL,
	SERIALIZED_CONTEXT TEXT,
	constraint JOB_EXEC_CTX_FK foreign key (JOB_EXECUTION_ID)
	references BATCH_JOB_EXECUTION(JOB_EXECUTION_ID)
) ;

CREATE SEQUENCE BATCH_STEP_EXECUTION_SEQ MAXVALUE 9223372036854775807 NO CYCLE;
CREATE SEQUENCE BATCH_JOB_EXECUTION_SEQ MAXVALUE 9223372036854775807 NO CYCLE;
CREATE SEQUENCE BATCH_JOB_INSTANCE_SEQ MAXVALUE 9223372036854775807 NO CYCLE;

COMMENT ON TABLE batch_job_instance IS 'Spring Batch: one row per job name and identifying parameters';
COMMENT ON TABLE batch_job_execution IS 'Spring Batch: each run of a job instance, with its status';
COMMENT ON TABLE batch_job_execution_params IS 'Spring Batch: the parameters of each job execution';
COMMENT ON TABLE batch_step_execution IS 'Spring Batch: each step of a job execution, with its counts';
COMMENT ON TABLE batch_step_execution_context IS 'Spring Batch: what a step keeps for a restart';
COMMENT ON TABLE batch_job_execution_context IS 'Spring Batch: what a job keeps for a restart';


-- Append-only tables refuse UPDATE, DELETE (refuse_change) and TRUNCATE (refuse_truncate).

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;

CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME;
END $$;


-- The catalog (SPEC §3): plans, packs, price versions and workspaces, loaded by `billing load`.

CREATE TABLE plan (
    plan_id            text COLLATE "C" PRIMARY KEY,
    monthly_credits    bigint CHECK (monthly_credits >= 0),
    overdraft_credits  bigint NOT NULL CHECK (overdraft_credits >= 0),
    pack_expiry_days   integer CHECK (pack_expiry_days >= 0),
    auto_model         text NOT NULL
);
COMMENT ON TABLE plan IS 'Subscription plans: monthly allowance, overdraft, pack expiry (SPEC §3)';
COMMENT ON COLUMN plan.monthly_credits IS 'the cycle''s allowance; NULL: the workspace''s custom_allowance';
COMMENT ON COLUMN plan.pack_expiry_days IS 'days a pack or top-up grant lives; NULL: never expires';
COMMENT ON COLUMN plan.auto_model IS 'the model an "auto" request is priced as when the router''s pick is unknown (R1)';

CREATE TABLE pack (
    pack_id        text COLLATE "C" PRIMARY KEY,
    credits        bigint NOT NULL CHECK (credits >= 0),
    bonus_credits  bigint NOT NULL CHECK (bonus_credits >= 0),
    price_minor    bigint NOT NULL CHECK (price_minor >= 0),
    currency       char(3) NOT NULL
);
COMMENT ON TABLE pack IS 'Credit packs, bought once or by auto top-up (SPEC §3)';
COMMENT ON COLUMN pack.price_minor IS 'price in the currency''s minor unit (cents)';

-- A price version is immutable: the database refuses to change or remove its rows.
CREATE TABLE price_version (
    version            text COLLATE "C" PRIMARY KEY,
    effective_from     timestamptz NOT NULL,
    loaded_at          timestamptz NOT NULL,
    effective_from_ns  smallint NOT NULL DEFAULT 0 CHECK (effective_from_ns BETWEEN 0 AND 999),
    CONSTRAINT price_version_effective_from_key UNIQUE (effective_from, effective_from_ns)
);
COMMENT ON TABLE price_version IS 'Price versions, each in effect from its instant until the next one (immutable)';

CREATE TABLE model_price (
    version                text COLLATE "C" NOT NULL REFERENCES price_version,
    model                  text COLLATE "C" NOT NULL,
    tier                   text NOT NULL CHECK (tier IN (${price_tiers})),
    credits_per_request    bigint NOT NULL CHECK (credits_per_request >= 0),
    credits_per_1k_input   bigint NOT NULL CHECK (credits_per_1k_input >= 0),
    credits_per_1k_output  bigint NOT NULL CHECK (credits_per_1k_output >= 0),
    price_id               integer GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (version, model),
    CONSTRAINT model_price_price_id_key UNIQUE (price_id)
);
COMMENT ON TABLE model_price IS 'A model''s price in a price version (immutable)';
COMMENT ON COLUMN model_price.price_id IS 'the row''s 4-byte key, which rated_request names';

CREATE TRIGGER model_price_immutable BEFORE UPDATE OR DELETE ON model_price
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER price_version_immutable BEFORE UPDATE OR DELETE ON price_version
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE workspace (
    workspace_id       text COLLATE "C" PRIMARY KEY,
    name               text NOT NULL,
    plan_id            text COLLATE "C" NOT NULL REFERENCES plan,
    cycle_anchor       date NOT NULL,
    custom_allowance   bigint CHECK (custom_allowance >= 0),
    auto_topup         boolean NOT NULL,
    topup_threshold    bigint,
    topup_pack         text COLLATE "C" REFERENCES pack,
    topup_cycle_limit  integer CHECK (topup_cycle_limit >= 0),
    payment_method     text,
    stripe_customer    text,
    bucket             smallint NOT NULL CHECK (bucket BETWEEN 0 AND 1023),
    CHECK (NOT auto_topup OR (topup_threshold IS NOT NULL AND topup_pack IS NOT NULL AND payment_method IS NOT NULL))
);
COMMENT ON TABLE workspace IS 'Customer workspaces: plan, billing cycle and auto top-up settings (SPEC §3)';
COMMENT ON COLUMN workspace.bucket IS 'WorkspaceBucket.of(workspace_id), computed in Java: rating partitions split by it';
COMMENT ON COLUMN workspace.cycle_anchor IS 'the day billing cycles start from; nothing before it is charged';
COMMENT ON COLUMN workspace.topup_threshold IS 'auto top-up charges when the balance falls below this';
COMMENT ON COLUMN workspace.topup_cycle_limit IS 'most auto top-ups per cycle; NULL: no limit';

-- process_at is purchased_at, or the rating watermark when the purchase was loaded after the
-- watermark had passed it (R9).
CREATE TABLE purchase (
    purchase_id      text COLLATE "C" PRIMARY KEY,
    workspace_id     text COLLATE "C" NOT NULL REFERENCES workspace,
    purchased_at     timestamptz NOT NULL,
    pack_id          text COLLATE "C" NOT NULL REFERENCES pack,
    process_at       timestamptz NOT NULL,
    source           text NOT NULL,
    line             bigint NOT NULL,
    purchased_at_ns  smallint NOT NULL DEFAULT 0 CHECK (purchased_at_ns BETWEEN 0 AND 999),
    process_at_ns    smallint NOT NULL DEFAULT 0 CHECK (process_at_ns BETWEEN 0 AND 999)
);
CREATE INDEX purchase_by_workspace ON purchase (workspace_id, process_at);
COMMENT ON TABLE purchase IS 'One-time pack purchases, idempotent on purchase_id';
COMMENT ON COLUMN purchase.process_at IS 'when rating applies it: purchased_at, or the watermark if loaded late (R9)';
COMMENT ON COLUMN purchase.source IS 'the file it was loaded from; line is its line there';


-- Ingested request logs (SPEC §3, §4).

CREATE TABLE ingested_file (
    file_id       bigserial PRIMARY KEY,
    sha256        char(64) NOT NULL UNIQUE,
    source        text NOT NULL,
    path          text NOT NULL,
    ingested_at   timestamptz NOT NULL,
    records       bigint NOT NULL,
    accepted      bigint NOT NULL,
    duplicates    bigint NOT NULL,
    quarantined   bigint NOT NULL
);
COMMENT ON TABLE ingested_file IS 'Each ingested log file, once per content (sha256), with its counts';

-- Accepted requests. process_at = greatest(occurred_at, watermark when ingested) (R9): a run through
-- T rates exactly the requests with watermark <= process_at < T. Each rating partition scans the
-- month for its range of workspace buckets, so the row starts with what that scan tests: process_at,
-- then the 8-byte and other fixed-width columns (no padding between them), then bucket and
-- workspace_id, all at offsets PostgreSQL can cache. No index by workspace: a rate run reads its
-- partition in one pass over its process_at range.
--
-- Autovacuum runs at a gentler pace: a night's ingest makes request due for an insert-triggered
-- VACUUM just as the rate run starts, and at the default pace the two compete for the cores for the
-- whole run (10M rows on 2 cores: rating 51 s, 39 s at this pace). The table is append-only, so that
-- vacuum only sets visibility and freeze bits, which can wait; the rate run analyzes request itself.
CREATE TABLE request (
    process_at         timestamptz NOT NULL,
    occurred_at        timestamptz NOT NULL,
    input_tokens       bigint NOT NULL,
    output_tokens      bigint NOT NULL,
    file_id            bigint NOT NULL, -- ingested_file; no foreign key: its check would cost a lookup per row
    line               bigint NOT NULL,
    bucket             smallint NOT NULL, -- the workspace's bucket (WorkspaceBucket), written by ingest
    is_error           boolean NOT NULL,
    public_visitor     boolean NOT NULL,
    workspace_id       text COLLATE "C" NOT NULL,
    fingerprint        uuid NOT NULL,
    request_id         text COLLATE "C" NOT NULL,
    kind               text NOT NULL,
    user_id            text,
    agent_id           text COLLATE "C",
    automation_id      text COLLATE "C",
    automation_run_id  text COLLATE "C",
    app_id             text,
    model              text,
    resolved_model     text,
    occurred_at_ns     smallint NOT NULL DEFAULT 0 CHECK (occurred_at_ns BETWEEN 0 AND 999),
    process_at_ns      smallint NOT NULL DEFAULT 0 CHECK (process_at_ns BETWEEN 0 AND 999),
    CONSTRAINT request_pkey PRIMARY KEY (request_id)
) WITH (autovacuum_vacuum_cost_delay = 20);
CREATE INDEX request_by_process_at ON request USING brin (process_at);
COMMENT ON TABLE request IS 'Accepted requests from the logs, append-only; rated by process_at';
COMMENT ON COLUMN request.process_at IS 'when rating charges it: greatest(occurred_at, watermark at ingest) (R9)';
COMMENT ON COLUMN request.file_id IS 'the ingested_file it came from (no foreign key: a lookup per row); line is its line there';
COMMENT ON COLUMN request.bucket IS 'its workspace''s bucket (WorkspaceBucket, computed in Java), written by ingest: rating partitions scan by it';
COMMENT ON COLUMN request.fingerprint IS 'hash of the record''s content: a request_id seen again with another is DUPLICATE_CONFLICT';
COMMENT ON COLUMN request.resolved_model IS 'the model it is priced as (model "auto" resolved by the plan)';

-- A quarantined line whose bytes are not text (not valid UTF-8, or a NUL: SPEC §4 MALFORMED_ROW)
-- keeps them in raw_bytes unchanged, since text could only hold them rewritten; raw is then NULL.
-- Every other line keeps raw as text and raw_bytes NULL.
CREATE TABLE quarantine (
    file_id      bigint NOT NULL REFERENCES ingested_file,
    line         bigint NOT NULL,
    source       text COLLATE "C" NOT NULL,
    request_id   text,
    reason       text NOT NULL CHECK (reason IN (${quarantine_reasons})),
    detail       text,
    raw          text,
    raw_bytes    bytea,
    PRIMARY KEY (file_id, line),
    CONSTRAINT quarantine_raw_once CHECK (raw IS NULL OR raw_bytes IS NULL)
);
COMMENT ON TABLE quarantine IS 'Records that were not charged, with the reason and where they came from (SPEC §4)';
COMMENT ON COLUMN quarantine.reason IS 'a QuarantineReason name';
COMMENT ON COLUMN quarantine.raw IS 'the line as text; NULL for records quarantined at rating time or kept in raw_bytes';
COMMENT ON COLUMN quarantine.raw_bytes IS 'the line''s bytes when they are not text (MALFORMED_ROW), else NULL';

-- Where a file's records wait while duplicates are settled; emptied by every ingest. Logged on
-- purpose: as unlogged tables, a rolled-back TRUNCATE followed by a crash within the WAL writer's
-- 200 ms made PostgreSQL's recovery fail at the first restart ("could not create file ...: File
-- exists", its init fork copied over an orphaned main fork; docs/reliability.md).
CREATE TABLE request_stage (
    request_id text COLLATE "C", workspace_id text COLLATE "C", occurred_at timestamptz,
    process_at timestamptz, user_id text, kind text, agent_id text COLLATE "C",
    automation_id text COLLATE "C", automation_run_id text COLLATE "C", app_id text, model text,
    resolved_model text, input_tokens bigint, output_tokens bigint, is_error boolean,
    public_visitor boolean, fingerprint uuid, file_id bigint, line bigint,
    raw text, reason text, detail text, bucket smallint, occurred_at_ns smallint, process_at_ns smallint,
    raw_bytes bytea
);
COMMENT ON TABLE request_stage IS 'Staging of the file being ingested; emptied by every ingest';

CREATE TABLE request_stage_inserted (line bigint NOT NULL);
COMMENT ON TABLE request_stage_inserted IS 'The lines of the file being ingested that were inserted (the others were seen before)';


-- The double-entry credit ledger and the rating state (SPEC §5, R1-R9; docs/ledger.md).

-- The watermark (R9) is the greatest through of any run (a started run's too, so that what arrives
-- while it is unfinished counts as late and lands in the next run). A run rates [rated_from, through).
CREATE TABLE rating_run (
    through         timestamptz NOT NULL,
    rated_from      timestamptz,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    through_ns      smallint NOT NULL DEFAULT 0 CHECK (through_ns BETWEEN 0 AND 999),
    rated_from_ns   smallint CHECK (rated_from_ns BETWEEN 0 AND 999),
    PRIMARY KEY (through, through_ns)
);
COMMENT ON TABLE rating_run IS 'Each rate run, by the instant it rates through';
COMMENT ON COLUMN rating_run.rated_from IS 'where the run starts: the greatest through of any run before it (the watermark when it started); NULL for the first';

-- Transaction ids are deterministic (derived from workspace, grant number or run and day) so a
-- restarted run writes exactly the rows an uninterrupted one would have written.
CREATE TABLE ledger_txn (
    txn_id           text COLLATE "C" PRIMARY KEY,
    workspace_id     text COLLATE "C" NOT NULL,
    kind             text NOT NULL CHECK (kind IN (${ledger_txn_kinds})),
    effective_at     timestamptz NOT NULL,
    run_through      timestamptz NOT NULL,
    reference        text,
    effective_at_ns  smallint NOT NULL DEFAULT 0 CHECK (effective_at_ns BETWEEN 0 AND 999),
    run_through_ns   smallint NOT NULL DEFAULT 0 CHECK (run_through_ns BETWEEN 0 AND 999)
);
CREATE INDEX ledger_txn_by_workspace ON ledger_txn (workspace_id, effective_at);
CREATE INDEX ledger_txn_by_run ON ledger_txn (run_through);
COMMENT ON TABLE ledger_txn IS 'Ledger transactions, append-only; a correction is a new transaction';
COMMENT ON COLUMN ledger_txn.txn_id IS 'deterministic: G:ws:grant, E:ws:grant or U:ws:day:run, so a restarted run writes the same rows';
COMMENT ON COLUMN ledger_txn.kind IS 'GRANT_<grant kind>, EXPIRY or USAGE (one per workspace, run and UTC day)';
COMMENT ON COLUMN ledger_txn.run_through IS 'the rate run that wrote it';

-- Postings sum to zero per transaction. Range-partitioned by month of the transaction's
-- effective_at (copied here as the partition key and join key; the exact instant is the
-- transaction's): see create_month_partitions below.
CREATE TABLE ledger_posting (
    txn_id        text COLLATE "C" NOT NULL REFERENCES ledger_txn,
    posting_no    smallint NOT NULL,
    effective_at  timestamptz NOT NULL,
    account       text NOT NULL CHECK (account IN (${ledger_accounts})),
    grant_no      integer,
    amount        bigint NOT NULL,
    PRIMARY KEY (txn_id, posting_no, effective_at)
) PARTITION BY RANGE (effective_at);
COMMENT ON TABLE ledger_posting IS 'Ledger postings, append-only, summing to zero per transaction; partitioned by month';
COMMENT ON COLUMN ledger_posting.effective_at IS 'its transaction''s effective_at, floored: the partition key';
COMMENT ON COLUMN ledger_posting.account IS 'wallet (per workspace), issued:<grant kind>, consumed or expired';
COMMENT ON COLUMN ledger_posting.grant_no IS 'for the wallet: the grant drawn or credited; NULL is the debt';

CREATE TRIGGER ledger_txn_append_only BEFORE UPDATE OR DELETE ON ledger_txn
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_txn_no_truncate BEFORE TRUNCATE ON ledger_txn
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_no_truncate BEFORE TRUNCATE ON ledger_posting
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- A projection of the ledger that `billing check` recomputes.
CREATE TABLE credit_grant (
    workspace_id   text COLLATE "C" NOT NULL,
    grant_no       integer NOT NULL,
    kind           text NOT NULL CHECK (kind IN (${grant_kinds})),
    amount         bigint NOT NULL,
    remaining      bigint NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
    granted_at     timestamptz NOT NULL,
    expires_at     timestamptz,
    reference      text,
    granted_at_ns  smallint NOT NULL DEFAULT 0 CHECK (granted_at_ns BETWEEN 0 AND 999),
    expires_at_ns  smallint CHECK (expires_at_ns BETWEEN 0 AND 999),
    PRIMARY KEY (workspace_id, grant_no)
);
CREATE INDEX credit_grant_live ON credit_grant (workspace_id) WHERE remaining > 0;
COMMENT ON TABLE credit_grant IS 'Grants with what is left of them: a projection of the ledger that the check recomputes';
COMMENT ON COLUMN credit_grant.grant_no IS 'the workspace''s grant number, in the order granted';
COMMENT ON COLUMN credit_grant.reference IS 'what granted it: the cycle, purchase or top-up';

CREATE TABLE account_state (
    workspace_id       text COLLATE "C" PRIMARY KEY,
    rated_through      timestamptz NOT NULL,
    next_boundary      bigint NOT NULL,
    grant_count        integer NOT NULL,
    debt               bigint NOT NULL CHECK (debt >= 0),
    topups_this_cycle  integer NOT NULL,
    topup_suspended    boolean NOT NULL,
    status             text NOT NULL CHECK (status IN (${account_statuses})),
    status_since       timestamptz,
    granted            bigint NOT NULL,
    consumed           bigint NOT NULL,
    expired            bigint NOT NULL,
    topups             integer NOT NULL,
    balance            bigint NOT NULL,
    rated_through_ns   smallint NOT NULL DEFAULT 0 CHECK (rated_through_ns BETWEEN 0 AND 999),
    status_since_ns    smallint CHECK (status_since_ns BETWEEN 0 AND 999)
);
COMMENT ON TABLE account_state IS 'Each workspace''s rating state after the last run that processed it';
COMMENT ON COLUMN account_state.next_boundary IS 'the index of the next cycle boundary (its plan grant is cycle:<index>)';
COMMENT ON COLUMN account_state.topup_suspended IS 'a declined top-up suspends them until the next boundary (R6)';
COMMENT ON COLUMN account_state.status IS 'an AccountStatus name (R8)';

-- Every rated request: its price and cost (workspace and instants are the request's). Append-only
-- and unindexed: written once per request by the run that rates it, read whole by exports and
-- reports (hash joins with request). Range-partitioned by month of process_at, the instant it was
-- charged. Its usage transaction is derived (the view rated_request_txn), its tier, version and
-- model are its price row's: each stored in every row made it a third wider.
CREATE TABLE rated_request (
    request_id      text COLLATE "C" NOT NULL,
    process_at      timestamptz NOT NULL,
    price_id        integer,
    cost            bigint NOT NULL CHECK (cost >= 0),
    run_through     timestamptz NOT NULL,
    run_through_ns  smallint NOT NULL DEFAULT 0 CHECK (run_through_ns BETWEEN 0 AND 999)
) PARTITION BY RANGE (process_at);
COMMENT ON TABLE rated_request IS 'Every rated request with its cost; append-only, unindexed, partitioned by month';
COMMENT ON COLUMN rated_request.price_id IS 'the model_price row it was priced by; NULL when no price applies (app clones)';
COMMENT ON COLUMN rated_request.run_through IS 'the rate run that rated it';

-- Declines suspend top-ups until the next boundary (R6).
CREATE TABLE topup_attempt (
    idempotency_key  text COLLATE "C" PRIMARY KEY,
    workspace_id     text COLLATE "C" NOT NULL,
    request_id       text NOT NULL,
    attempted_at     timestamptz NOT NULL,
    pack_id          text NOT NULL,
    amount_minor     bigint NOT NULL,
    currency         char(3) NOT NULL,
    outcome          text NOT NULL CHECK (outcome IN (${topup_outcomes})),
    payment_ref      text,
    decline_code     text,
    run_through      timestamptz NOT NULL,
    attempted_at_ns  smallint NOT NULL DEFAULT 0 CHECK (attempted_at_ns BETWEEN 0 AND 999),
    run_through_ns   smallint NOT NULL DEFAULT 0 CHECK (run_through_ns BETWEEN 0 AND 999)
);
COMMENT ON TABLE topup_attempt IS 'Auto top-up attempts and their answers (R6)';
COMMENT ON COLUMN topup_attempt.request_id IS 'the request whose charge took the balance below the threshold';
COMMENT ON COLUMN topup_attempt.payment_ref IS 'the payment''s id at the gateway';

CREATE TABLE notification (
    workspace_id  text COLLATE "C" NOT NULL,
    at            timestamptz NOT NULL,
    kind          text NOT NULL,
    reason        text NOT NULL,
    reference     text COLLATE "C" NOT NULL,
    at_ns         smallint NOT NULL DEFAULT 0 CHECK (at_ns BETWEEN 0 AND 999),
    PRIMARY KEY (workspace_id, reference, kind)
);
COMMENT ON TABLE notification IS 'What a customer must be told: declined and held top-ups';
COMMENT ON COLUMN notification.reference IS 'what it is about: the top-up''s idempotency key';

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
COMMENT ON TABLE payment_journal IS 'Every charge attempt, appended before and after the gateway call; a key''s latest entry is its state (R6, R7)';
COMMENT ON COLUMN payment_journal.gateway IS 'the payment processor: stripe or simulated';
COMMENT ON COLUMN payment_journal.message IS 'for people, free of secrets';


-- Monthly partitions of the two tables that grow with every request: rated_request (by process_at)
-- and ledger_posting (by effective_at). A month is one partition, so a month's rows are vacuumed,
-- archived (DETACH PARTITION, dump, drop) and dropped together, and month-bounded queries read only
-- their month. Partitions exist ahead of time: two years of them from 2026-01, and every rate run
-- keeps three months ahead of its through-instant (rating_run's startRun). A DEFAULT partition
-- catches anything outside them (a scenario dated far in the past), so no row is ever refused; a
-- month whose rows already sit in the default is left there rather than split.

CREATE FUNCTION create_month_partitions(parent regclass, key_column text, first_month timestamptz,
                                        months integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    created  integer := 0;
    month    timestamp;
    name     text;
    in_default boolean;
BEGIN
    FOR i IN 0 .. months - 1 LOOP
        month := date_trunc('month', first_month AT TIME ZONE 'UTC') + make_interval(months => i);
        name := parent::text || '_' || to_char(month, 'YYYY_MM');
        CONTINUE WHEN to_regclass(name) IS NOT NULL;
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= %L AND %I < %L)',
                       parent::text || '_default', key_column, month AT TIME ZONE 'UTC',
                       key_column, (month + interval '1 month') AT TIME ZONE 'UTC')
            INTO in_default;
        IF in_default THEN
            RAISE NOTICE '% rows of % are in its default partition; no partition created for it', parent, month;
            CONTINUE;
        END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)', name, parent,
                       month AT TIME ZONE 'UTC', (month + interval '1 month') AT TIME ZONE 'UTC');
        -- the parent's append-only row triggers reach every partition; TRUNCATE needs its own
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()',
                       name || '_no_truncate', name);
        created := created + 1;
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION create_month_partitions(regclass, text, timestamptz, integer) IS
    'Creates the missing month partitions of parent (named parent_YYYY_MM) from first_month on; returns how many';

CREATE TABLE ledger_posting_default PARTITION OF ledger_posting DEFAULT;
CREATE TRIGGER ledger_posting_default_no_truncate BEFORE TRUNCATE ON ledger_posting_default
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TABLE rated_request_default PARTITION OF rated_request DEFAULT;
CREATE TRIGGER rated_request_default_no_truncate BEFORE TRUNCATE ON rated_request_default
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_append_only BEFORE UPDATE OR DELETE ON rated_request
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

SELECT create_month_partitions('ledger_posting', 'effective_at', '2026-01-01T00:00:00Z', 24);
SELECT create_month_partitions('rated_request', 'process_at', '2026-01-01T00:00:00Z', 24);


-- A rated request's usage transaction: every rated request that cost credits was charged by the
-- USAGE transaction of its workspace, run and UTC day of processing (docs/ledger.md). Version,
-- model and tier are its price row's. `billing check` proves on the whole database that each usage
-- transaction's consumed posting equals the cost of the rated requests this view gives it.
CREATE VIEW rated_request_txn AS
SELECT rr.request_id, r.workspace_id, rr.process_at, mp.version AS price_version, mp.model AS priced_model, mp.tier,
       rr.cost, rr.run_through, t.txn_id
FROM rated_request rr
JOIN request r USING (request_id)
LEFT JOIN model_price mp ON mp.price_id = rr.price_id
LEFT JOIN ledger_txn t
       ON rr.cost > 0 AND t.kind = ${txn_kind_usage} AND t.workspace_id = r.workspace_id AND t.run_through = rr.run_through
      AND t.run_through_ns = rr.run_through_ns
      AND date_trunc('day', t.effective_at, 'UTC') = date_trunc('day', rr.process_at, 'UTC');
COMMENT ON VIEW rated_request_txn IS 'Each rated request with its workspace, price row''s version, model and tier, and usage transaction';
