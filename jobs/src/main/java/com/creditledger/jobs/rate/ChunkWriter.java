package com.creditledger.jobs.rate;

import com.creditledger.jobs.ledger.LedgerWriter;
import com.creditledger.jobs.system.BinaryCopyWriter;
import com.creditledger.rating.QuarantineReason;
import com.creditledger.rating.payment.ChargeResult;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rate step's writer: stores a {@link ChunkResult} on the chunk's transaction, in bulk: the
 * ledger, the rated rows, the quarantined requests, the top-up attempts with their notifications,
 * and the accounts with their grants. It decides nothing; each COPY is opened and closed here.
 */
final class ChunkWriter {

    private final JdbcTemplate jdbc;
    private final AccountRepository accounts;
    private final Instant through;

    ChunkWriter(JdbcTemplate jdbc, AccountRepository accounts, Instant through) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.through = through;
    }

    /** Writes the chunk; returns how many requests were newly quarantined. */
    int write(Connection connection, ChunkResult result, List<RequestCursor.Unknown> unknown) {
        LedgerWriter.write(connection, result.txns(), through);
        result.ratedRows().copyTo(connection);
        int quarantined = quarantine(result.quarantined(), unknown);
        writeTopups(connection, result.topups());
        accounts.save(connection, result.accounts(), result.touchedGrants(), through);
        return quarantined;
    }

    /**
     * Sets aside the requests that were not charged: those the timelines refused and those of
     * workspaces nobody loaded, with the file and line they came from. A restart may meet requests
     * it quarantined before: only the new rows count.
     */
    int quarantine(List<LedgerRecorder.Quarantined> refused, List<RequestCursor.Unknown> unknown) {
        int count = refused.size() + unknown.size();
        if (count == 0) {
            return 0;
        }
        String[] requestIds = new String[count];
        String[] reasons = new String[count];
        String[] details = new String[count];
        int i = 0;
        for (LedgerRecorder.Quarantined q : refused) {
            requestIds[i] = q.requestId();
            reasons[i] = q.reason().name();
            details[i++] = q.detail();
        }
        for (RequestCursor.Unknown u : unknown) {
            requestIds[i] = u.requestId();
            reasons[i] = QuarantineReason.UNKNOWN_WORKSPACE.name();
            details[i++] = "workspace " + u.workspaceId() + " is not loaded";
        }
        return jdbc.update("""
                INSERT INTO quarantine (file_id, line, source, request_id, reason, detail, raw)
                SELECT r.file_id, r.line, f.source, r.request_id, q.reason, q.detail, NULL
                FROM unnest(?::text[], ?::text[], ?::text[]) AS q (request_id, reason, detail)
                JOIN request r ON r.request_id = q.request_id JOIN ingested_file f ON f.file_id = r.file_id
                ON CONFLICT (file_id, line) DO NOTHING
                """, requestIds, reasons, details);
    }

    private void writeTopups(Connection connection, List<LedgerRecorder.Topup> topups) {
        if (topups.isEmpty()) {
            return;
        }
        try (BinaryCopyWriter copy = BinaryCopyWriter.open(
                connection,
                "topup_attempt",
                "idempotency_key, workspace_id, request_id, attempted_at, attempted_at_ns, pack_id, amount_minor,"
                        + " currency, outcome, payment_ref, decline_code, run_through, run_through_ns")) {
            for (LedgerRecorder.Topup topup : topups) {
                copy.add(topup.charge().idempotencyKey())
                        .add(topup.workspaceId())
                        .add(topup.trigger().requestId())
                        .addExact(topup.at())
                        .add(topup.charge().packId())
                        .add(topup.charge().amountMinor())
                        .add(topup.charge().currency())
                        .add(topup.result().outcome().name())
                        .add(topup.result().reference())
                        .add(topup.result().declineCode())
                        .addExact(through)
                        .endRow();
            }
        }
        try (BinaryCopyWriter copy =
                BinaryCopyWriter.open(connection, "notification", "workspace_id, at, at_ns, kind, reason, reference")) {
            for (LedgerRecorder.Topup topup : topups) {
                ChargeResult result = topup.result();
                if (result.outcome() == ChargeResult.Outcome.DECLINED) {
                    copy.add(topup.workspaceId())
                            .addExact(topup.at())
                            .add("TOPUP_DECLINED")
                            .add("auto top-up declined (" + result.declineCode()
                                    + "); auto top-up is suspended until the next billing cycle")
                            .add(topup.charge().idempotencyKey())
                            .endRow();
                } else if (result.outcome() == ChargeResult.Outcome.HELD) {
                    copy.add(topup.workspaceId())
                            .addExact(topup.at())
                            .add("TOPUP_HELD")
                            .add("auto top-up held for review (" + result.declineCode()
                                    + "); nothing was charged or granted")
                            .add(topup.charge().idempotencyKey())
                            .endRow();
                }
            }
        }
    }
}
