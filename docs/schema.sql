-- The schema that jobs/src/main/resources/db/migration creates, as PostgreSQL's catalogs describe
-- it (SchemaDump): generated, do not edit. docs/schema.md says what each table is for. Regenerate:
--   mvn -o -B -pl jobs -am verify -Dit.test=SchemaIntegrationTests -Dtest=NONE \
--       -Dsurefire.failIfNoSpecifiedTests=false -Dschema.write=true

CREATE TABLE account_state (
    workspace_id text COLLATE "C" NOT NULL,
    rated_through timestamp with time zone NOT NULL,
    next_boundary bigint NOT NULL,
    grant_count integer NOT NULL,
    debt bigint NOT NULL,
    topups_this_cycle integer NOT NULL,
    topup_suspended boolean NOT NULL,
    status text NOT NULL,
    status_since timestamp with time zone,
    granted bigint NOT NULL,
    consumed bigint NOT NULL,
    expired bigint NOT NULL,
    topups integer NOT NULL,
    balance bigint NOT NULL,
    rated_through_ns smallint DEFAULT 0 NOT NULL,
    status_since_ns smallint,
    CONSTRAINT account_state_debt_check CHECK ((debt >= 0)),
    CONSTRAINT account_state_rated_through_ns_check CHECK (((rated_through_ns >= 0) AND (rated_through_ns <= 999))),
    CONSTRAINT account_state_status_check CHECK ((status = ANY (ARRAY['ACTIVE'::text, 'GRACE'::text, 'OUT_OF_CREDITS'::text, 'NOT_STARTED'::text]))),
    CONSTRAINT account_state_status_since_ns_check CHECK (((status_since_ns >= 0) AND (status_since_ns <= 999))),
    CONSTRAINT account_state_pkey PRIMARY KEY (workspace_id)
);
COMMENT ON TABLE account_state IS 'Each workspace''s rating state after the last run that processed it';
COMMENT ON COLUMN account_state.next_boundary IS 'the index of the next cycle boundary (its plan grant is cycle:<index>)';
COMMENT ON COLUMN account_state.topup_suspended IS 'a declined top-up suspends them until the next boundary (R6)';
COMMENT ON COLUMN account_state.status IS 'an AccountStatus name (R8)';

CREATE TABLE batch_job_execution (
    job_execution_id bigint NOT NULL,
    version bigint,
    job_instance_id bigint NOT NULL,
    create_time timestamp without time zone NOT NULL,
    start_time timestamp without time zone,
    end_time timestamp without time zone,
    status character varying(10),
    exit_code character varying(2500),
    exit_message character varying(2500),
    last_updated timestamp without time zone,
    CONSTRAINT job_inst_exec_fk FOREIGN KEY (job_instance_id) REFERENCES batch_job_instance(job_instance_id),
    CONSTRAINT batch_job_execution_pkey PRIMARY KEY (job_execution_id)
);
COMMENT ON TABLE batch_job_execution IS 'Spring Batch: each run of a job instance, with its status';

CREATE TABLE batch_job_execution_context (
    job_execution_id bigint NOT NULL,
    short_context character varying(2500) NOT NULL,
    serialized_context text,
    CONSTRAINT job_exec_ctx_fk FOREIGN KEY (job_execution_id) REFERENCES batch_job_execution(job_execution_id),
    CONSTRAINT batch_job_execution_context_pkey PRIMARY KEY (job_execution_id)
);
COMMENT ON TABLE batch_job_execution_context IS 'Spring Batch: what a job keeps for a restart';

CREATE TABLE batch_job_execution_params (
    job_execution_id bigint NOT NULL,
    parameter_name character varying(100) NOT NULL,
    parameter_type character varying(100) NOT NULL,
    parameter_value character varying(2500),
    identifying character(1) NOT NULL,
    CONSTRAINT job_exec_params_fk FOREIGN KEY (job_execution_id) REFERENCES batch_job_execution(job_execution_id)
);
COMMENT ON TABLE batch_job_execution_params IS 'Spring Batch: the parameters of each job execution';

CREATE TABLE batch_job_instance (
    job_instance_id bigint NOT NULL,
    version bigint,
    job_name character varying(100) NOT NULL,
    job_key character varying(32) NOT NULL,
    CONSTRAINT batch_job_instance_pkey PRIMARY KEY (job_instance_id),
    CONSTRAINT job_inst_un UNIQUE (job_name, job_key)
);
COMMENT ON TABLE batch_job_instance IS 'Spring Batch: one row per job name and identifying parameters';

CREATE TABLE batch_step_execution (
    step_execution_id bigint NOT NULL,
    version bigint NOT NULL,
    step_name character varying(100) NOT NULL,
    job_execution_id bigint NOT NULL,
    create_time timestamp without time zone NOT NULL,
    start_time timestamp without time zone,
    end_time timestamp without time zone,
    status character varying(10),
    commit_count bigint,
    read_count bigint,
    filter_count bigint,
    write_count bigint,
    read_skip_count bigint,
    write_skip_count bigint,
    process_skip_count bigint,
    rollback_count bigint,
    exit_code character varying(2500),
    exit_message character varying(2500),
    last_updated timestamp without time zone,
    CONSTRAINT job_exec_step_fk FOREIGN KEY (job_execution_id) REFERENCES batch_job_execution(job_execution_id),
    CONSTRAINT batch_step_execution_pkey PRIMARY KEY (step_execution_id)
);
COMMENT ON TABLE batch_step_execution IS 'Spring Batch: each step of a job execution, with its counts';

CREATE TABLE batch_step_execution_context (
    step_execution_id bigint NOT NULL,
    short_context character varying(2500) NOT NULL,
    serialized_context text,
    CONSTRAINT step_exec_ctx_fk FOREIGN KEY (step_execution_id) REFERENCES batch_step_execution(step_execution_id),
    CONSTRAINT batch_step_execution_context_pkey PRIMARY KEY (step_execution_id)
);
COMMENT ON TABLE batch_step_execution_context IS 'Spring Batch: what a step keeps for a restart';

CREATE TABLE credit_grant (
    workspace_id text COLLATE "C" NOT NULL,
    grant_no integer NOT NULL,
    kind text NOT NULL,
    amount bigint NOT NULL,
    remaining bigint NOT NULL,
    granted_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone,
    reference text,
    granted_at_ns smallint DEFAULT 0 NOT NULL,
    expires_at_ns smallint,
    CONSTRAINT credit_grant_check CHECK (((remaining >= 0) AND (remaining <= amount))),
    CONSTRAINT credit_grant_expires_at_ns_check CHECK (((expires_at_ns >= 0) AND (expires_at_ns <= 999))),
    CONSTRAINT credit_grant_granted_at_ns_check CHECK (((granted_at_ns >= 0) AND (granted_at_ns <= 999))),
    CONSTRAINT credit_grant_kind_check CHECK ((kind = ANY (ARRAY['PLAN'::text, 'PACK'::text, 'TOPUP'::text, 'ADJUSTMENT'::text]))),
    CONSTRAINT credit_grant_pkey PRIMARY KEY (workspace_id, grant_no)
);
COMMENT ON TABLE credit_grant IS 'Grants with what is left of them: a projection of the ledger that the check recomputes';
COMMENT ON COLUMN credit_grant.grant_no IS 'the workspace''s grant number, in the order granted';
COMMENT ON COLUMN credit_grant.reference IS 'what granted it: the cycle, purchase or top-up';

CREATE TABLE ingested_file (
    file_id bigint DEFAULT nextval('ingested_file_file_id_seq'::regclass) NOT NULL,
    sha256 character(64) NOT NULL,
    source text NOT NULL,
    path text NOT NULL,
    ingested_at timestamp with time zone NOT NULL,
    records bigint NOT NULL,
    accepted bigint NOT NULL,
    duplicates bigint NOT NULL,
    quarantined bigint NOT NULL,
    CONSTRAINT ingested_file_pkey PRIMARY KEY (file_id),
    CONSTRAINT ingested_file_sha256_key UNIQUE (sha256)
);
COMMENT ON TABLE ingested_file IS 'Each ingested log file, once per content (sha256), with its counts';

CREATE TABLE ledger_posting (
    txn_id text COLLATE "C" NOT NULL,
    posting_no smallint NOT NULL,
    effective_at timestamp with time zone NOT NULL,
    account text NOT NULL,
    grant_no integer,
    amount bigint NOT NULL,
    CONSTRAINT ledger_posting_account_check CHECK ((account = ANY (ARRAY['wallet'::text, 'issued:plan'::text, 'issued:pack'::text, 'issued:topup'::text, 'issued:adjustment'::text, 'consumed'::text, 'expired'::text]))),
    CONSTRAINT ledger_posting_txn_id_fkey FOREIGN KEY (txn_id) REFERENCES ledger_txn(txn_id),
    CONSTRAINT ledger_posting_pkey PRIMARY KEY (txn_id, posting_no, effective_at)
) PARTITION BY RANGE (effective_at);
COMMENT ON TABLE ledger_posting IS 'Ledger postings, append-only, summing to zero per transaction; partitioned by month';
COMMENT ON COLUMN ledger_posting.effective_at IS 'its transaction''s effective_at, floored: the partition key';
COMMENT ON COLUMN ledger_posting.account IS 'wallet (per workspace), issued:<grant kind>, consumed or expired';
COMMENT ON COLUMN ledger_posting.grant_no IS 'for the wallet: the grant drawn or credited; NULL is the debt';

CREATE TABLE ledger_txn (
    txn_id text COLLATE "C" NOT NULL,
    workspace_id text COLLATE "C" NOT NULL,
    kind text NOT NULL,
    effective_at timestamp with time zone NOT NULL,
    run_through timestamp with time zone NOT NULL,
    reference text,
    effective_at_ns smallint DEFAULT 0 NOT NULL,
    run_through_ns smallint DEFAULT 0 NOT NULL,
    CONSTRAINT ledger_txn_effective_at_ns_check CHECK (((effective_at_ns >= 0) AND (effective_at_ns <= 999))),
    CONSTRAINT ledger_txn_kind_check CHECK ((kind = ANY (ARRAY['GRANT_PLAN'::text, 'GRANT_PACK'::text, 'GRANT_TOPUP'::text, 'GRANT_ADJUSTMENT'::text, 'EXPIRY'::text, 'USAGE'::text]))),
    CONSTRAINT ledger_txn_run_through_ns_check CHECK (((run_through_ns >= 0) AND (run_through_ns <= 999))),
    CONSTRAINT ledger_txn_pkey PRIMARY KEY (txn_id)
);
COMMENT ON TABLE ledger_txn IS 'Ledger transactions, append-only; a correction is a new transaction';
COMMENT ON COLUMN ledger_txn.txn_id IS 'deterministic: G:ws:grant, E:ws:grant or U:ws:day:run, so a restarted run writes the same rows';
COMMENT ON COLUMN ledger_txn.kind IS 'GRANT_<grant kind>, EXPIRY or USAGE (one per workspace, run and UTC day)';
COMMENT ON COLUMN ledger_txn.run_through IS 'the rate run that wrote it';

CREATE TABLE model_price (
    version text COLLATE "C" NOT NULL,
    model text COLLATE "C" NOT NULL,
    tier text NOT NULL,
    credits_per_request bigint NOT NULL,
    credits_per_1k_input bigint NOT NULL,
    credits_per_1k_output bigint NOT NULL,
    price_id integer GENERATED ALWAYS AS IDENTITY NOT NULL,
    CONSTRAINT model_price_credits_per_1k_input_check CHECK ((credits_per_1k_input >= 0)),
    CONSTRAINT model_price_credits_per_1k_output_check CHECK ((credits_per_1k_output >= 0)),
    CONSTRAINT model_price_credits_per_request_check CHECK ((credits_per_request >= 0)),
    CONSTRAINT model_price_tier_check CHECK ((tier = ANY (ARRAY['lightweight'::text, 'standard'::text, 'frontier'::text]))),
    CONSTRAINT model_price_version_fkey FOREIGN KEY (version) REFERENCES price_version(version),
    CONSTRAINT model_price_pkey PRIMARY KEY (version, model),
    CONSTRAINT model_price_price_id_key UNIQUE (price_id)
);
COMMENT ON TABLE model_price IS 'A model''s price in a price version (immutable)';
COMMENT ON COLUMN model_price.price_id IS 'the row''s 4-byte key, which rated_request names';

CREATE TABLE notification (
    workspace_id text COLLATE "C" NOT NULL,
    at timestamp with time zone NOT NULL,
    kind text NOT NULL,
    reason text NOT NULL,
    reference text COLLATE "C" NOT NULL,
    at_ns smallint DEFAULT 0 NOT NULL,
    CONSTRAINT notification_at_ns_check CHECK (((at_ns >= 0) AND (at_ns <= 999))),
    CONSTRAINT notification_pkey PRIMARY KEY (workspace_id, reference, kind)
);
COMMENT ON TABLE notification IS 'What a customer must be told: declined and held top-ups';
COMMENT ON COLUMN notification.reference IS 'what it is about: the top-up''s idempotency key';

CREATE TABLE pack (
    pack_id text COLLATE "C" NOT NULL,
    credits bigint NOT NULL,
    bonus_credits bigint NOT NULL,
    price_minor bigint NOT NULL,
    currency character(3) NOT NULL,
    CONSTRAINT pack_bonus_credits_check CHECK ((bonus_credits >= 0)),
    CONSTRAINT pack_credits_check CHECK ((credits >= 0)),
    CONSTRAINT pack_price_minor_check CHECK ((price_minor >= 0)),
    CONSTRAINT pack_pkey PRIMARY KEY (pack_id)
);
COMMENT ON TABLE pack IS 'Credit packs, bought once or by auto top-up (SPEC §3)';
COMMENT ON COLUMN pack.price_minor IS 'price in the currency''s minor unit (cents)';

CREATE TABLE payment_journal (
    idempotency_key text COLLATE "C" NOT NULL,
    entry_no integer NOT NULL,
    status text NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    workspace_id text COLLATE "C" NOT NULL,
    request_id text NOT NULL,
    pack_id text NOT NULL,
    amount_minor bigint NOT NULL,
    currency character(3) NOT NULL,
    gateway text NOT NULL,
    payment_ref text,
    error_code text,
    decline_code text,
    message text,
    CONSTRAINT payment_journal_status_check CHECK ((status = ANY (ARRAY['PENDING'::text, 'SUCCEEDED'::text, 'DECLINED'::text, 'HELD'::text, 'UNKNOWN'::text]))),
    CONSTRAINT payment_journal_pkey PRIMARY KEY (idempotency_key, entry_no)
);
COMMENT ON TABLE payment_journal IS 'Every charge attempt, appended before and after the gateway call; a key''s latest entry is its state (R6, R7)';
COMMENT ON COLUMN payment_journal.gateway IS 'the payment processor: stripe or simulated';
COMMENT ON COLUMN payment_journal.message IS 'for people, free of secrets';

CREATE TABLE plan (
    plan_id text COLLATE "C" NOT NULL,
    monthly_credits bigint,
    overdraft_credits bigint NOT NULL,
    pack_expiry_days integer,
    auto_model text NOT NULL,
    CONSTRAINT plan_monthly_credits_check CHECK ((monthly_credits >= 0)),
    CONSTRAINT plan_overdraft_credits_check CHECK ((overdraft_credits >= 0)),
    CONSTRAINT plan_pack_expiry_days_check CHECK ((pack_expiry_days >= 0)),
    CONSTRAINT plan_pkey PRIMARY KEY (plan_id)
);
COMMENT ON TABLE plan IS 'Subscription plans: monthly allowance, overdraft, pack expiry (SPEC §3)';
COMMENT ON COLUMN plan.monthly_credits IS 'the cycle''s allowance; NULL: the workspace''s custom_allowance';
COMMENT ON COLUMN plan.pack_expiry_days IS 'days a pack or top-up grant lives; NULL: never expires';
COMMENT ON COLUMN plan.auto_model IS 'the model an "auto" request is priced as when the router''s pick is unknown (R1)';

CREATE TABLE price_version (
    version text COLLATE "C" NOT NULL,
    effective_from timestamp with time zone NOT NULL,
    loaded_at timestamp with time zone NOT NULL,
    effective_from_ns smallint DEFAULT 0 NOT NULL,
    CONSTRAINT price_version_effective_from_ns_check CHECK (((effective_from_ns >= 0) AND (effective_from_ns <= 999))),
    CONSTRAINT price_version_pkey PRIMARY KEY (version),
    CONSTRAINT price_version_effective_from_key UNIQUE (effective_from, effective_from_ns)
);
COMMENT ON TABLE price_version IS 'Price versions, each in effect from its instant until the next one (immutable)';

CREATE TABLE purchase (
    purchase_id text COLLATE "C" NOT NULL,
    workspace_id text COLLATE "C" NOT NULL,
    purchased_at timestamp with time zone NOT NULL,
    pack_id text COLLATE "C" NOT NULL,
    process_at timestamp with time zone NOT NULL,
    source text NOT NULL,
    line bigint NOT NULL,
    purchased_at_ns smallint DEFAULT 0 NOT NULL,
    process_at_ns smallint DEFAULT 0 NOT NULL,
    CONSTRAINT purchase_process_at_ns_check CHECK (((process_at_ns >= 0) AND (process_at_ns <= 999))),
    CONSTRAINT purchase_purchased_at_ns_check CHECK (((purchased_at_ns >= 0) AND (purchased_at_ns <= 999))),
    CONSTRAINT purchase_pack_id_fkey FOREIGN KEY (pack_id) REFERENCES pack(pack_id),
    CONSTRAINT purchase_workspace_id_fkey FOREIGN KEY (workspace_id) REFERENCES workspace(workspace_id),
    CONSTRAINT purchase_pkey PRIMARY KEY (purchase_id)
);
COMMENT ON TABLE purchase IS 'One-time pack purchases, idempotent on purchase_id';
COMMENT ON COLUMN purchase.process_at IS 'when rating applies it: purchased_at, or the watermark if loaded late (R9)';
COMMENT ON COLUMN purchase.source IS 'the file it was loaded from; line is its line there';

CREATE TABLE quarantine (
    file_id bigint NOT NULL,
    line bigint NOT NULL,
    source text COLLATE "C" NOT NULL,
    request_id text,
    reason text NOT NULL,
    detail text,
    raw text,
    raw_bytes bytea,
    CONSTRAINT quarantine_raw_once CHECK (((raw IS NULL) OR (raw_bytes IS NULL))),
    CONSTRAINT quarantine_reason_check CHECK ((reason = ANY (ARRAY['MALFORMED_ROW'::text, 'FIELD_TOO_LONG'::text, 'MISSING_FIELD'::text, 'BAD_TIMESTAMP'::text, 'UNKNOWN_KIND'::text, 'BAD_STATUS'::text, 'BAD_NUMBER'::text, 'NEGATIVE_TOKENS'::text, 'DUPLICATE_CONFLICT'::text, 'UNKNOWN_WORKSPACE'::text, 'BEFORE_ACCOUNT_START'::text, 'NO_PRICE_VERSION'::text, 'UNKNOWN_MODEL'::text, 'COST_OVERFLOW'::text]))),
    CONSTRAINT quarantine_file_id_fkey FOREIGN KEY (file_id) REFERENCES ingested_file(file_id),
    CONSTRAINT quarantine_pkey PRIMARY KEY (file_id, line)
);
COMMENT ON TABLE quarantine IS 'Records that were not charged, with the reason and where they came from (SPEC §4)';
COMMENT ON COLUMN quarantine.reason IS 'a QuarantineReason name';
COMMENT ON COLUMN quarantine.raw IS 'the line as text; NULL for records quarantined at rating time or kept in raw_bytes';
COMMENT ON COLUMN quarantine.raw_bytes IS 'the line''s bytes when they are not text (MALFORMED_ROW), else NULL';

CREATE TABLE rated_request (
    request_id text COLLATE "C" NOT NULL,
    process_at timestamp with time zone NOT NULL,
    price_id integer,
    cost bigint NOT NULL,
    run_through timestamp with time zone NOT NULL,
    run_through_ns smallint DEFAULT 0 NOT NULL,
    CONSTRAINT rated_request_cost_check CHECK ((cost >= 0)),
    CONSTRAINT rated_request_run_through_ns_check CHECK (((run_through_ns >= 0) AND (run_through_ns <= 999)))
) PARTITION BY RANGE (process_at);
COMMENT ON TABLE rated_request IS 'Every rated request with its cost; append-only, unindexed, partitioned by month';
COMMENT ON COLUMN rated_request.price_id IS 'the model_price row it was priced by; NULL when no price applies (app clones)';
COMMENT ON COLUMN rated_request.run_through IS 'the rate run that rated it';

CREATE TABLE rating_run (
    through timestamp with time zone NOT NULL,
    rated_from timestamp with time zone,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    through_ns smallint DEFAULT 0 NOT NULL,
    rated_from_ns smallint,
    CONSTRAINT rating_run_rated_from_ns_check CHECK (((rated_from_ns >= 0) AND (rated_from_ns <= 999))),
    CONSTRAINT rating_run_through_ns_check CHECK (((through_ns >= 0) AND (through_ns <= 999))),
    CONSTRAINT rating_run_pkey PRIMARY KEY (through, through_ns)
);
COMMENT ON TABLE rating_run IS 'Each rate run, by the instant it rates through';
COMMENT ON COLUMN rating_run.rated_from IS 'where the run starts: the greatest through of any run before it (the watermark when it started); NULL for the first';

CREATE TABLE request (
    process_at timestamp with time zone NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    input_tokens bigint NOT NULL,
    output_tokens bigint NOT NULL,
    file_id bigint NOT NULL,
    line bigint NOT NULL,
    bucket smallint NOT NULL,
    is_error boolean NOT NULL,
    public_visitor boolean NOT NULL,
    workspace_id text COLLATE "C" NOT NULL,
    fingerprint uuid NOT NULL,
    request_id text COLLATE "C" NOT NULL,
    kind text NOT NULL,
    user_id text,
    agent_id text COLLATE "C",
    automation_id text COLLATE "C",
    automation_run_id text COLLATE "C",
    app_id text,
    model text,
    resolved_model text,
    occurred_at_ns smallint DEFAULT 0 NOT NULL,
    process_at_ns smallint DEFAULT 0 NOT NULL,
    CONSTRAINT request_occurred_at_ns_check CHECK (((occurred_at_ns >= 0) AND (occurred_at_ns <= 999))),
    CONSTRAINT request_process_at_ns_check CHECK (((process_at_ns >= 0) AND (process_at_ns <= 999))),
    CONSTRAINT request_pkey PRIMARY KEY (request_id)
) WITH (autovacuum_vacuum_cost_delay=20);
COMMENT ON TABLE request IS 'Accepted requests from the logs, append-only; rated by process_at';
COMMENT ON COLUMN request.process_at IS 'when rating charges it: greatest(occurred_at, watermark at ingest) (R9)';
COMMENT ON COLUMN request.file_id IS 'the ingested_file it came from (no foreign key: a lookup per row); line is its line there';
COMMENT ON COLUMN request.bucket IS 'its workspace''s bucket (WorkspaceBucket, computed in Java), written by ingest: rating partitions scan by it';
COMMENT ON COLUMN request.fingerprint IS 'hash of the record''s content: a request_id seen again with another is DUPLICATE_CONFLICT';
COMMENT ON COLUMN request.resolved_model IS 'the model it is priced as (model "auto" resolved by the plan)';

CREATE TABLE request_stage (
    request_id text COLLATE "C",
    workspace_id text COLLATE "C",
    occurred_at timestamp with time zone,
    process_at timestamp with time zone,
    user_id text,
    kind text,
    agent_id text COLLATE "C",
    automation_id text COLLATE "C",
    automation_run_id text COLLATE "C",
    app_id text,
    model text,
    resolved_model text,
    input_tokens bigint,
    output_tokens bigint,
    is_error boolean,
    public_visitor boolean,
    fingerprint uuid,
    file_id bigint,
    line bigint,
    raw text,
    reason text,
    detail text,
    bucket smallint,
    occurred_at_ns smallint,
    process_at_ns smallint,
    raw_bytes bytea
);
COMMENT ON TABLE request_stage IS 'Staging of the file being ingested; emptied by every ingest';

CREATE TABLE request_stage_inserted (
    line bigint NOT NULL
);
COMMENT ON TABLE request_stage_inserted IS 'The lines of the file being ingested that were inserted (the others were seen before)';

CREATE TABLE topup_attempt (
    idempotency_key text COLLATE "C" NOT NULL,
    workspace_id text COLLATE "C" NOT NULL,
    request_id text NOT NULL,
    attempted_at timestamp with time zone NOT NULL,
    pack_id text NOT NULL,
    amount_minor bigint NOT NULL,
    currency character(3) NOT NULL,
    outcome text NOT NULL,
    payment_ref text,
    decline_code text,
    run_through timestamp with time zone NOT NULL,
    attempted_at_ns smallint DEFAULT 0 NOT NULL,
    run_through_ns smallint DEFAULT 0 NOT NULL,
    CONSTRAINT topup_attempt_attempted_at_ns_check CHECK (((attempted_at_ns >= 0) AND (attempted_at_ns <= 999))),
    CONSTRAINT topup_attempt_outcome_check CHECK ((outcome = ANY (ARRAY['SUCCEEDED'::text, 'DECLINED'::text, 'HELD'::text]))),
    CONSTRAINT topup_attempt_run_through_ns_check CHECK (((run_through_ns >= 0) AND (run_through_ns <= 999))),
    CONSTRAINT topup_attempt_pkey PRIMARY KEY (idempotency_key)
);
COMMENT ON TABLE topup_attempt IS 'Auto top-up attempts and their answers (R6)';
COMMENT ON COLUMN topup_attempt.request_id IS 'the request whose charge took the balance below the threshold';
COMMENT ON COLUMN topup_attempt.payment_ref IS 'the payment''s id at the gateway';

CREATE TABLE workspace (
    workspace_id text COLLATE "C" NOT NULL,
    name text NOT NULL,
    plan_id text COLLATE "C" NOT NULL,
    cycle_anchor date NOT NULL,
    custom_allowance bigint,
    auto_topup boolean NOT NULL,
    topup_threshold bigint,
    topup_pack text COLLATE "C",
    topup_cycle_limit integer,
    payment_method text,
    stripe_customer text,
    bucket smallint NOT NULL,
    CONSTRAINT workspace_bucket_check CHECK (((bucket >= 0) AND (bucket <= 1023))),
    CONSTRAINT workspace_check CHECK (((NOT auto_topup) OR ((topup_threshold IS NOT NULL) AND (topup_pack IS NOT NULL) AND (payment_method IS NOT NULL)))),
    CONSTRAINT workspace_custom_allowance_check CHECK ((custom_allowance >= 0)),
    CONSTRAINT workspace_topup_cycle_limit_check CHECK ((topup_cycle_limit >= 0)),
    CONSTRAINT workspace_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES plan(plan_id),
    CONSTRAINT workspace_topup_pack_fkey FOREIGN KEY (topup_pack) REFERENCES pack(pack_id),
    CONSTRAINT workspace_pkey PRIMARY KEY (workspace_id)
);
COMMENT ON TABLE workspace IS 'Customer workspaces: plan, billing cycle and auto top-up settings (SPEC §3)';
COMMENT ON COLUMN workspace.cycle_anchor IS 'the day billing cycles start from; nothing before it is charged';
COMMENT ON COLUMN workspace.topup_threshold IS 'auto top-up charges when the balance falls below this';
COMMENT ON COLUMN workspace.topup_cycle_limit IS 'most auto top-ups per cycle; NULL: no limit';
COMMENT ON COLUMN workspace.bucket IS 'WorkspaceBucket.of(workspace_id), computed in Java: rating partitions split by it';

-- Partitions (columns, constraints and indexes are their parents')
CREATE TABLE ledger_posting_2026_01 PARTITION OF ledger_posting FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_02 PARTITION OF ledger_posting FOR VALUES FROM ('2026-02-01 00:00:00+00') TO ('2026-03-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_03 PARTITION OF ledger_posting FOR VALUES FROM ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_04 PARTITION OF ledger_posting FOR VALUES FROM ('2026-04-01 00:00:00+00') TO ('2026-05-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_05 PARTITION OF ledger_posting FOR VALUES FROM ('2026-05-01 00:00:00+00') TO ('2026-06-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_06 PARTITION OF ledger_posting FOR VALUES FROM ('2026-06-01 00:00:00+00') TO ('2026-07-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_07 PARTITION OF ledger_posting FOR VALUES FROM ('2026-07-01 00:00:00+00') TO ('2026-08-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_08 PARTITION OF ledger_posting FOR VALUES FROM ('2026-08-01 00:00:00+00') TO ('2026-09-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_09 PARTITION OF ledger_posting FOR VALUES FROM ('2026-09-01 00:00:00+00') TO ('2026-10-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_10 PARTITION OF ledger_posting FOR VALUES FROM ('2026-10-01 00:00:00+00') TO ('2026-11-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_11 PARTITION OF ledger_posting FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00');
CREATE TABLE ledger_posting_2026_12 PARTITION OF ledger_posting FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_01 PARTITION OF ledger_posting FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-02-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_02 PARTITION OF ledger_posting FOR VALUES FROM ('2027-02-01 00:00:00+00') TO ('2027-03-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_03 PARTITION OF ledger_posting FOR VALUES FROM ('2027-03-01 00:00:00+00') TO ('2027-04-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_04 PARTITION OF ledger_posting FOR VALUES FROM ('2027-04-01 00:00:00+00') TO ('2027-05-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_05 PARTITION OF ledger_posting FOR VALUES FROM ('2027-05-01 00:00:00+00') TO ('2027-06-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_06 PARTITION OF ledger_posting FOR VALUES FROM ('2027-06-01 00:00:00+00') TO ('2027-07-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_07 PARTITION OF ledger_posting FOR VALUES FROM ('2027-07-01 00:00:00+00') TO ('2027-08-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_08 PARTITION OF ledger_posting FOR VALUES FROM ('2027-08-01 00:00:00+00') TO ('2027-09-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_09 PARTITION OF ledger_posting FOR VALUES FROM ('2027-09-01 00:00:00+00') TO ('2027-10-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_10 PARTITION OF ledger_posting FOR VALUES FROM ('2027-10-01 00:00:00+00') TO ('2027-11-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_11 PARTITION OF ledger_posting FOR VALUES FROM ('2027-11-01 00:00:00+00') TO ('2027-12-01 00:00:00+00');
CREATE TABLE ledger_posting_2027_12 PARTITION OF ledger_posting FOR VALUES FROM ('2027-12-01 00:00:00+00') TO ('2028-01-01 00:00:00+00');
CREATE TABLE ledger_posting_default PARTITION OF ledger_posting DEFAULT;
CREATE TABLE rated_request_2026_01 PARTITION OF rated_request FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00');
CREATE TABLE rated_request_2026_02 PARTITION OF rated_request FOR VALUES FROM ('2026-02-01 00:00:00+00') TO ('2026-03-01 00:00:00+00');
CREATE TABLE rated_request_2026_03 PARTITION OF rated_request FOR VALUES FROM ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00');
CREATE TABLE rated_request_2026_04 PARTITION OF rated_request FOR VALUES FROM ('2026-04-01 00:00:00+00') TO ('2026-05-01 00:00:00+00');
CREATE TABLE rated_request_2026_05 PARTITION OF rated_request FOR VALUES FROM ('2026-05-01 00:00:00+00') TO ('2026-06-01 00:00:00+00');
CREATE TABLE rated_request_2026_06 PARTITION OF rated_request FOR VALUES FROM ('2026-06-01 00:00:00+00') TO ('2026-07-01 00:00:00+00');
CREATE TABLE rated_request_2026_07 PARTITION OF rated_request FOR VALUES FROM ('2026-07-01 00:00:00+00') TO ('2026-08-01 00:00:00+00');
CREATE TABLE rated_request_2026_08 PARTITION OF rated_request FOR VALUES FROM ('2026-08-01 00:00:00+00') TO ('2026-09-01 00:00:00+00');
CREATE TABLE rated_request_2026_09 PARTITION OF rated_request FOR VALUES FROM ('2026-09-01 00:00:00+00') TO ('2026-10-01 00:00:00+00');
CREATE TABLE rated_request_2026_10 PARTITION OF rated_request FOR VALUES FROM ('2026-10-01 00:00:00+00') TO ('2026-11-01 00:00:00+00');
CREATE TABLE rated_request_2026_11 PARTITION OF rated_request FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00');
CREATE TABLE rated_request_2026_12 PARTITION OF rated_request FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
CREATE TABLE rated_request_2027_01 PARTITION OF rated_request FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-02-01 00:00:00+00');
CREATE TABLE rated_request_2027_02 PARTITION OF rated_request FOR VALUES FROM ('2027-02-01 00:00:00+00') TO ('2027-03-01 00:00:00+00');
CREATE TABLE rated_request_2027_03 PARTITION OF rated_request FOR VALUES FROM ('2027-03-01 00:00:00+00') TO ('2027-04-01 00:00:00+00');
CREATE TABLE rated_request_2027_04 PARTITION OF rated_request FOR VALUES FROM ('2027-04-01 00:00:00+00') TO ('2027-05-01 00:00:00+00');
CREATE TABLE rated_request_2027_05 PARTITION OF rated_request FOR VALUES FROM ('2027-05-01 00:00:00+00') TO ('2027-06-01 00:00:00+00');
CREATE TABLE rated_request_2027_06 PARTITION OF rated_request FOR VALUES FROM ('2027-06-01 00:00:00+00') TO ('2027-07-01 00:00:00+00');
CREATE TABLE rated_request_2027_07 PARTITION OF rated_request FOR VALUES FROM ('2027-07-01 00:00:00+00') TO ('2027-08-01 00:00:00+00');
CREATE TABLE rated_request_2027_08 PARTITION OF rated_request FOR VALUES FROM ('2027-08-01 00:00:00+00') TO ('2027-09-01 00:00:00+00');
CREATE TABLE rated_request_2027_09 PARTITION OF rated_request FOR VALUES FROM ('2027-09-01 00:00:00+00') TO ('2027-10-01 00:00:00+00');
CREATE TABLE rated_request_2027_10 PARTITION OF rated_request FOR VALUES FROM ('2027-10-01 00:00:00+00') TO ('2027-11-01 00:00:00+00');
CREATE TABLE rated_request_2027_11 PARTITION OF rated_request FOR VALUES FROM ('2027-11-01 00:00:00+00') TO ('2027-12-01 00:00:00+00');
CREATE TABLE rated_request_2027_12 PARTITION OF rated_request FOR VALUES FROM ('2027-12-01 00:00:00+00') TO ('2028-01-01 00:00:00+00');
CREATE TABLE rated_request_default PARTITION OF rated_request DEFAULT;

-- Sequences (identity columns' are in their tables)
CREATE SEQUENCE batch_job_execution_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;
CREATE SEQUENCE batch_job_instance_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;
CREATE SEQUENCE batch_step_execution_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;
CREATE SEQUENCE ingested_file_file_id_seq AS bigint START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 OWNED BY ingested_file.file_id;

-- Indexes (those of keys and unique constraints are in their tables, partitions' in their parents)
CREATE INDEX credit_grant_live ON public.credit_grant USING btree (workspace_id) WHERE (remaining > 0);
CREATE INDEX ledger_txn_by_run ON public.ledger_txn USING btree (run_through);
CREATE INDEX ledger_txn_by_workspace ON public.ledger_txn USING btree (workspace_id, effective_at);
CREATE INDEX purchase_by_workspace ON public.purchase USING btree (workspace_id, process_at);
CREATE INDEX request_by_process_at ON public.request USING brin (process_at);

-- Functions
CREATE OR REPLACE FUNCTION public.create_month_partitions(parent regclass, key_column text, first_month timestamp with time zone, months integer)
 RETURNS integer
 LANGUAGE plpgsql
AS $function$
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
END $function$;
COMMENT ON FUNCTION create_month_partitions(regclass,text,timestamp with time zone,integer) IS 'Creates the missing month partitions of parent (named parent_YYYY_MM) from first_month on; returns how many';

CREATE OR REPLACE FUNCTION public.refuse_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $function$;

CREATE OR REPLACE FUNCTION public.refuse_truncate()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME;
END $function$;


-- Triggers (a row trigger of a partitioned table is on each partition too)
CREATE TRIGGER ledger_posting_append_only BEFORE DELETE OR UPDATE ON public.ledger_posting FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_posting_no_truncate BEFORE TRUNCATE ON public.ledger_posting FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_01_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_01 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_02_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_02 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_03_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_03 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_04_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_04 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_05_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_05 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_06_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_06 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_07_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_07 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_08_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_08 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_09_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_09 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_10_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_10 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_11_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_11 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2026_12_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2026_12 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_01_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_01 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_02_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_02 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_03_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_03 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_04_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_04 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_05_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_05 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_06_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_06 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_07_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_07 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_08_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_08 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_09_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_09 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_10_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_10 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_11_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_11 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_2027_12_no_truncate BEFORE TRUNCATE ON public.ledger_posting_2027_12 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_posting_default_no_truncate BEFORE TRUNCATE ON public.ledger_posting_default FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_txn_append_only BEFORE DELETE OR UPDATE ON public.ledger_txn FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_txn_no_truncate BEFORE TRUNCATE ON public.ledger_txn FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER model_price_immutable BEFORE DELETE OR UPDATE ON public.model_price FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER payment_journal_append_only BEFORE DELETE OR UPDATE ON public.payment_journal FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER price_version_immutable BEFORE DELETE OR UPDATE ON public.price_version FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER rated_request_append_only BEFORE DELETE OR UPDATE ON public.rated_request FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER rated_request_2026_01_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_01 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_02_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_02 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_03_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_03 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_04_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_04 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_05_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_05 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_06_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_06 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_07_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_07 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_08_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_08 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_09_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_09 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_10_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_10 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_11_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_11 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2026_12_no_truncate BEFORE TRUNCATE ON public.rated_request_2026_12 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_01_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_01 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_02_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_02 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_03_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_03 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_04_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_04 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_05_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_05 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_06_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_06 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_07_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_07 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_08_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_08 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_09_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_09 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_10_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_10 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_11_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_11 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_2027_12_no_truncate BEFORE TRUNCATE ON public.rated_request_2027_12 FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER rated_request_default_no_truncate BEFORE TRUNCATE ON public.rated_request_default FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- Views
CREATE VIEW rated_request_txn AS
 SELECT rr.request_id,
    r.workspace_id,
    rr.process_at,
    mp.version AS price_version,
    mp.model AS priced_model,
    mp.tier,
    rr.cost,
    rr.run_through,
    t.txn_id
   FROM rated_request rr
     JOIN request r USING (request_id)
     LEFT JOIN model_price mp ON mp.price_id = rr.price_id
     LEFT JOIN ledger_txn t ON rr.cost > 0 AND t.kind = 'USAGE'::text AND t.workspace_id = r.workspace_id AND t.run_through = rr.run_through AND t.run_through_ns = rr.run_through_ns AND date_trunc('day'::text, t.effective_at, 'UTC'::text) = date_trunc('day'::text, rr.process_at, 'UTC'::text);
COMMENT ON VIEW rated_request_txn IS 'Each rated request with its workspace, price row''s version, model and tier, and usage transaction';

-- Grants (none but the owner's when empty)
