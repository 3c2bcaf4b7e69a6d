-- The stage tables become ordinary (logged) tables. Unlogged, they made PostgreSQL's own crash
-- recovery fail at the first restart after a crash that followed a failed ingest: the ingest
-- transaction's TRUNCATE gives each table a new file with an "init" fork, the rollback deletes
-- that fork at once and leaves the main fork behind as an empty file until the next checkpoint,
-- and PostgreSQL does not flush a rollback's WAL record. If the server dies before that record
-- reaches the disk (a full disk fails the shutdown checkpoint; a kill -9 or power loss within
-- the WAL writer's 200 ms), recovery replays the TRUNCATE without its rollback, recreates the init
-- fork, and ends copying it over the main fork it finds: FATAL: could not create file
-- "base/.../N": File exists. Only unlogged relations have init forks; a logged one never meets
-- that copy. docs/reliability.md has the evidence and docs/performance.md the cost (most rows go
-- straight into request; only a file's repeats, rejects and ids seen in earlier files are staged).
ALTER TABLE request_stage SET LOGGED;
ALTER TABLE request_stage_inserted SET LOGGED;
