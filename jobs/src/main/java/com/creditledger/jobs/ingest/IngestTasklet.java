package com.creditledger.jobs.ingest;

import com.creditledger.jobs.catalog.WorkspaceBucket;
import com.creditledger.jobs.system.BinaryCopyWriter;
import com.creditledger.jobs.system.Progress;
import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.Lateness;
import com.creditledger.rating.QuarantineReason;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Ingests one request log in the step's single transaction (SPEC §4): it streams the file and runs
 * the record checks; new request ids go straight into {@code request} by binary COPY, and the rest
 * (repeats, rejects) through a stage that is settled in line order against everything seen before
 * with set-based SQL (see {@link FastLane}). A crash anywhere rolls the whole file back, so a
 * restart ingests it exactly once.
 */
class IngestTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(IngestTasklet.class);

    private static final String REQUEST_COLUMNS =
            "request_id, workspace_id, bucket, occurred_at, occurred_at_ns, process_at, process_at_ns,"
                    + " user_id, kind, agent_id, automation_id, automation_run_id, app_id, model, resolved_model, input_tokens,"
                    + " output_tokens, is_error, public_visitor, fingerprint, file_id, line";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Path file;
    private final String sha256;
    private final int batchRows;

    IngestTasklet(DataSource dataSource, JdbcTemplate jdbc, Clock clock, Path file, String sha256, int batchRows) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.clock = clock;
        this.file = file;
        this.sha256 = sha256;
        this.batchRows = batchRows;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        long started = System.nanoTime();
        Instant watermark = Sql.watermark(jdbc);
        String source = file.getFileName().toString();
        Long fileId = jdbc.queryForObject(
                """
                INSERT INTO ingested_file (sha256, source, path, ingested_at, records, accepted, duplicates, quarantined)
                VALUES (?, ?, ?, ?, 0, 0, 0, 0) RETURNING file_id
                """, Long.class, sha256, source, file.toAbsolutePath().toString(), Sql.utc(clock.instant()));
        jdbc.execute("TRUNCATE request_stage, request_stage_inserted");
        jdbc.execute("SET LOCAL work_mem = '256MB'");
        Map<QuarantineReason, Long> rejected = new EnumMap<>(QuarantineReason.class);
        long records = 0;
        long size = Math.max(1, java.nio.file.Files.size(file));
        boolean compressed = source.endsWith(".gz");
        Progress progress = new Progress(log, source, "records read");
        Connection connection = DataSourceUtils.getConnection(dataSource);
        FastLane lane = new FastLane(connection, fileId);
        // a failure mid-file must not leave a COPY open: the rollback could not run on its connection
        try (lane;
                RequestLogReader reader = RequestLogReader.open(file)) {
            RawRecord raw;
            while ((raw = reader.next()) != null) {
                records++;
                Validation validation = RequestValidator.validate(raw);
                if (validation instanceof Validation.Accepted accepted) {
                    RequestRecord r = accepted.record();
                    Instant processAt = Lateness.processAt(r.occurredAt(), watermark);
                    lane.accept(new Row(r, processAt, raw.line(), raw.raw()));
                } else {
                    Validation.Rejected rejection = (Validation.Rejected) validation;
                    rejected.merge(rejection.reason(), 1L, Long::sum);
                    lane.reject(rejection, raw);
                }
                progress.update(records, compressed ? -1 : (double) reader.position() / size);
            }
            lane.finish();
        } catch (IOException e) {
            throw new IOException(source + " could not be read past record " + records + ": " + e.getMessage(), e);
        }
        long staged = System.nanoTime();
        jdbc.update("""
                INSERT INTO quarantine (file_id, line, source, request_id, reason, detail, raw, raw_bytes)
                SELECT file_id, line, ?, request_id, reason, detail, raw, raw_bytes FROM request_stage
                WHERE reason IS NOT NULL
                """, source);
        long quarantinedAt = System.nanoTime();
        // First occurrence wins: rows go in line order; one already seen, in this file or before, is skipped.
        long accepted = lane.inserted
                + jdbc.update("WITH inserted AS (INSERT INTO request (" + REQUEST_COLUMNS + ") SELECT "
                        + REQUEST_COLUMNS + " FROM request_stage WHERE reason IS NULL ORDER BY line"
                        + " ON CONFLICT (request_id) DO NOTHING RETURNING line)"
                        + " INSERT INTO request_stage_inserted SELECT line FROM inserted");
        long insertedAt = System.nanoTime();
        long valid =
                records - rejected.values().stream().mapToLong(Long::longValue).sum();
        long conflicts = 0;
        if (accepted < valid) {
            // the rest were seen before: identical (a harmless duplicate) or not (a conflict)
            conflicts = jdbc.update("""
                    INSERT INTO quarantine (file_id, line, source, request_id, reason, detail, raw)
                    SELECT s.file_id, s.line, ?, s.request_id, 'DUPLICATE_CONFLICT',
                           'request_id ' || s.request_id || ' was first seen in ' || f.source || ' line ' || r.line
                           || ' with different content', s.raw
                    FROM request_stage s JOIN request r USING (request_id) JOIN ingested_file f ON f.file_id = r.file_id
                    WHERE s.reason IS NULL AND r.fingerprint <> s.fingerprint
                      AND NOT EXISTS (SELECT 1 FROM request_stage_inserted i WHERE i.line = s.line)
                    """, source);
        }
        log.debug(
                "{}: read and staged {} ms, quarantined {} ms, inserted {} ms, duplicates settled {} ms",
                source,
                (staged - started) / 1_000_000,
                (quarantinedAt - staged) / 1_000_000,
                (insertedAt - quarantinedAt) / 1_000_000,
                (System.nanoTime() - insertedAt) / 1_000_000);
        if (conflicts > 0) {
            rejected.put(QuarantineReason.DUPLICATE_CONFLICT, conflicts);
        }
        long quarantinedCount =
                rejected.values().stream().mapToLong(Long::longValue).sum();
        long duplicates = records - accepted - quarantinedCount;
        jdbc.update(
                "UPDATE ingested_file SET records = ?, accepted = ?, duplicates = ?, quarantined = ? WHERE file_id = ?",
                records,
                accepted,
                duplicates,
                quarantinedCount,
                fileId);
        jdbc.execute("TRUNCATE request_stage, request_stage_inserted");
        chunkContext.getStepContext().getStepExecution().setReadCount(records);
        contribution.incrementWriteCount(accepted);
        contribution.incrementFilterCount(duplicates + quarantinedCount);
        return RepeatStatus.FINISHED;
    }

    /** An accepted record on its way into {@code request}. */
    private record Row(RequestRecord record, Instant processAt, long line, String raw) {}

    /** A rejected record on its way into the quarantine. */
    private record Reject(Validation.Rejected rejection, RawRecord raw) {}

    /**
     * Sends a file's records where they belong with as little work for PostgreSQL as possible. A
     * request id seen for the first time in this file goes straight into {@code request}, by COPY in
     * batches, each under a savepoint: the common case, a file of new requests, costs one keyed
     * COPY. Rows are written as they are read, so PostgreSQL stores one while the next is parsed. A
     * batch that hits an id stored by an earlier file is rolled back to its savepoint and staged
     * instead. Repeats within the file (by a 64-bit hash of the id, so a rare collision is merely
     * staged) and rejected records are staged too; the stage is settled in line order at the end,
     * so the first occurrence still wins.
     */
    private final class FastLane implements AutoCloseable {

        private final Connection connection;
        private final long fileId;
        private final LongHashSet seen = new LongHashSet();
        /** The open batch's rows, kept to be staged if it is rolled back. */
        private final List<Row> fresh = new ArrayList<>();

        private final List<Object> staged = new ArrayList<>(); // Row or Reject, in line order
        private Savepoint savepoint;
        private BinaryCopyWriter copy;
        private long inserted;
        private long stagedBatches;

        FastLane(Connection connection, long fileId) {
            this.connection = connection;
            this.fileId = fileId;
        }

        void accept(Row row) throws SQLException {
            if (!seen.add(LongHashSet.hash(row.record().requestId()))) {
                staged.add(row);
                flushStagedIfFull();
                return;
            }
            if (copy == null) {
                savepoint = connection.setSavepoint();
                copy = BinaryCopyWriter.open(connection, "request", REQUEST_COLUMNS);
            }
            fresh.add(row);
            writeRequest(copy, row, fileId).endRow(); // a refused batch is told at its end, not here
            if (fresh.size() == batchRows) {
                endBatch();
            }
        }

        void reject(Validation.Rejected rejection, RawRecord raw) throws SQLException {
            staged.add(new Reject(rejection, raw));
            flushStagedIfFull();
        }

        void finish() throws SQLException {
            endBatch();
            flushStaged();
            if (stagedBatches > 0) {
                log.info("{}: {} batches held request ids seen in earlier files and were staged", file, stagedBatches);
            }
        }

        private void endBatch() throws SQLException {
            if (copy == null) {
                return;
            }
            try {
                copy.close();
                connection.releaseSavepoint(savepoint);
                inserted += fresh.size();
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState()))) {
                    throw e;
                }
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint); // rolling back keeps it: one level per batch
                stagedBatches++;
                staged.addAll(fresh);
            }
            copy = null;
            fresh.clear();
            flushStagedIfFull();
        }

        /** Cancels an open batch (after a failure; the step's transaction is rolled back). */
        @Override
        public void close() {
            if (copy != null) {
                copy.cancel();
                copy = null;
            }
        }

        /** The stage shares the connection, so the open batch ends first. */
        private void flushStagedIfFull() throws SQLException {
            if (staged.size() >= batchRows) {
                endBatch();
                flushStaged();
            }
        }

        private void flushStaged() {
            if (staged.isEmpty()) {
                return;
            }
            try (BinaryCopyWriter stage = BinaryCopyWriter.open(
                    connection, "request_stage", REQUEST_COLUMNS + ", raw, reason, detail, raw_bytes")) {
                for (Object staging : staged) {
                    if (staging instanceof Row row) {
                        writeRequest(stage, row, fileId)
                                .add(row.raw())
                                .add((String) null)
                                .add((String) null)
                                .add((byte[]) null);
                    } else {
                        Reject reject = (Reject) staging;
                        stage.add(reject.rejection().requestId());
                        for (int i = 1; i < 20; i++) {
                            stage.add((String) null);
                        }
                        stage.add(fileId)
                                .add(reject.raw().line())
                                .add(reject.raw().raw())
                                .add(reject.rejection().reason().name())
                                .add(reject.rejection().detail())
                                .add(reject.raw().rawBytes()); // the bytes of a line that is not text
                    }
                    stage.endRow();
                }
            }
            staged.clear();
        }
    }

    private static BinaryCopyWriter writeRequest(BinaryCopyWriter copy, Row row, long fileId) {
        RequestRecord r = row.record();
        return copy.add(r.requestId())
                .add(r.workspaceId())
                .addSmallint(WorkspaceBucket.of(r.workspaceId()))
                .addExact(r.occurredAt())
                .addExact(row.processAt())
                .add(r.userId())
                .add(r.kind().code())
                .add(r.agentId())
                .add(r.automationId())
                .add(r.automationRunId())
                .add(r.appId())
                .add(r.model())
                .add(r.resolvedModel())
                .add(r.inputTokens())
                .add(r.outputTokens())
                .add(r.error())
                .add(r.publicVisitor())
                .add(r.fingerprint())
                .add(fileId)
                .add(row.line());
    }
}
