-- The catalog (SPEC §3). Identifiers compare ordinally: every text key uses COLLATE "C".

CREATE TABLE plan (
    plan_id            text COLLATE "C" PRIMARY KEY,
    monthly_credits    bigint CHECK (monthly_credits >= 0),
    overdraft_credits  bigint NOT NULL CHECK (overdraft_credits >= 0),
    pack_expiry_days   integer CHECK (pack_expiry_days >= 0),
    auto_model         text NOT NULL
);

CREATE TABLE pack (
    pack_id        text COLLATE "C" PRIMARY KEY,
    credits        bigint NOT NULL CHECK (credits >= 0),
    bonus_credits  bigint NOT NULL CHECK (bonus_credits >= 0),
    price_minor    bigint NOT NULL CHECK (price_minor >= 0),
    currency       char(3) NOT NULL
);

CREATE TABLE price_version (
    version         text COLLATE "C" PRIMARY KEY,
    effective_from  timestamptz NOT NULL UNIQUE,
    loaded_at       timestamptz NOT NULL
);

CREATE TABLE model_price (
    version                text COLLATE "C" NOT NULL REFERENCES price_version,
    model                  text COLLATE "C" NOT NULL,
    tier                   text NOT NULL CHECK (tier IN ('lightweight', 'standard', 'frontier')),
    credits_per_request    bigint NOT NULL CHECK (credits_per_request >= 0),
    credits_per_1k_input   bigint NOT NULL CHECK (credits_per_1k_input >= 0),
    credits_per_1k_output  bigint NOT NULL CHECK (credits_per_1k_output >= 0),
    PRIMARY KEY (version, model)
);

-- A price version is immutable: the database refuses to change or remove its rows.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;

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
    CHECK (NOT auto_topup OR (topup_threshold IS NOT NULL AND topup_pack IS NOT NULL AND payment_method IS NOT NULL))
);

-- One-time pack purchases, idempotent on purchase_id. process_at is purchased_at, or the rating
-- watermark when the purchase was loaded after the watermark had passed it (R9).
CREATE TABLE purchase (
    purchase_id   text COLLATE "C" PRIMARY KEY,
    workspace_id  text COLLATE "C" NOT NULL REFERENCES workspace,
    purchased_at  timestamptz NOT NULL,
    pack_id       text COLLATE "C" NOT NULL REFERENCES pack,
    process_at    timestamptz NOT NULL,
    source        text NOT NULL,
    line          bigint NOT NULL
);
CREATE INDEX purchase_by_workspace ON purchase (workspace_id, process_at);
