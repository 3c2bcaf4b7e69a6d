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

-- Accepted requests. process_at = greatest(occurred_at, watermark when ingested) (R9): a run
-- through T rates exactly the requests with watermark <= process_at < T.
CREATE TABLE request (
    request_id         text COLLATE "C" PRIMARY KEY,
    workspace_id       text COLLATE "C" NOT NULL,
    occurred_at        timestamptz NOT NULL,
    process_at         timestamptz NOT NULL,
    user_id            text,
    kind               text NOT NULL,
    agent_id           text COLLATE "C",
    automation_id      text COLLATE "C",
    automation_run_id  text COLLATE "C",
    app_id             text,
    model              text,
    resolved_model     text,
    input_tokens       bigint NOT NULL,
    output_tokens      bigint NOT NULL,
    is_error           boolean NOT NULL,
    public_visitor     boolean NOT NULL,
    fingerprint        uuid NOT NULL,
    file_id            bigint NOT NULL, -- ingested_file; no foreign key: its check would cost a lookup per row
    line               bigint NOT NULL
);
-- No index by workspace: a rate run reads its partition in one pass over its process_at range.
CREATE INDEX request_by_process_at ON request USING brin (process_at);

-- Records that were not charged, with the reason and where they came from (SPEC §4).
CREATE TABLE quarantine (
    file_id      bigint NOT NULL REFERENCES ingested_file,
    line         bigint NOT NULL,
    source       text COLLATE "C" NOT NULL,
    request_id   text,
    reason       text NOT NULL,
    detail       text,
    raw          text,
    PRIMARY KEY (file_id, line)
);

-- Where a file's records wait while duplicates are settled; unlogged (no WAL: it is emptied
-- inside the ingest transaction, so a crash loses nothing) and emptied by every ingest.
CREATE UNLOGGED TABLE request_stage (
    request_id text COLLATE "C", workspace_id text COLLATE "C", occurred_at timestamptz,
    process_at timestamptz, user_id text, kind text, agent_id text COLLATE "C",
    automation_id text COLLATE "C", automation_run_id text COLLATE "C", app_id text, model text,
    resolved_model text, input_tokens bigint, output_tokens bigint, is_error boolean,
    public_visitor boolean, fingerprint uuid, file_id bigint, line bigint,
    raw text, reason text, detail text
);

-- The lines of the file being ingested that were inserted (the others were seen before).
CREATE UNLOGGED TABLE request_stage_inserted (line bigint NOT NULL);
