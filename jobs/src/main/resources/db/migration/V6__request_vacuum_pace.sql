-- Autovacuum of request at a gentler pace. A night's ingest of millions of rows makes request due
-- for an insert-triggered VACUUM just as the rate run starts; at the default pace the two compete
-- for the same cores for the whole run (measured at 10M rows on 2 cores: rating 51 s, 39 s at this
-- pace). The table is append-only, so that vacuum has no dead rows to reclaim: it sets visibility
-- and freeze bits, which can wait. It still runs and finishes, about ten times slower (some ten
-- minutes per 10M rows), mostly after the run. Its ANALYZE waits for it, so the rate run analyzes
-- request itself when it ends.
ALTER TABLE request SET (autovacuum_vacuum_cost_delay = 20);
