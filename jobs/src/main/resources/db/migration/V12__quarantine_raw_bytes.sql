-- A quarantined line whose bytes are not text (not valid UTF-8, or a NUL: SPEC §4 MALFORMED_ROW)
-- keeps them here unchanged, since text could only hold them rewritten; raw is then NULL. Every
-- other line keeps raw as text and raw_bytes NULL.
ALTER TABLE quarantine ADD COLUMN raw_bytes bytea;
ALTER TABLE quarantine ADD CONSTRAINT quarantine_raw_once CHECK (raw IS NULL OR raw_bytes IS NULL);

ALTER TABLE request_stage ADD COLUMN raw_bytes bytea;
