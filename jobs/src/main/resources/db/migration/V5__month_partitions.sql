-- Monthly partitions of the two tables that grow with every request: rated_request (by process_at)
-- and ledger_posting (by effective_at). A month is one partition, so a month's rows are vacuumed,
-- archived (DETACH PARTITION, dump, drop) and dropped together, and month-bounded queries read
-- only their month. Partitions exist ahead of time: this migration creates two years of them, and
-- every rate run keeps three months ahead of its through-instant (rating_run's startRun). A DEFAULT
-- partition catches anything outside them (a scenario dated far in the past), so no row is ever
-- refused; a month whose rows already sit in the default is left there rather than split.

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
