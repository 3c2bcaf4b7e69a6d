package com.creditledger.jobs.topup;

import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.payment.ChargeRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only payment journal. Every entry commits in a transaction of its own, apart from
 * the rating chunk that triggered the charge, so it survives the chunk's rollback and a crash.
 */
@Repository
public class PaymentJournal {

    /** The latest entry of a key. */
    public record Entry(
            int number, String status, Instant recordedAt, Instant firstRecordedAt, ChargeAttempt attempt) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    public PaymentJournal(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public Optional<Entry> latest(String key) {
        return Optional.ofNullable(ownTransaction.execute(status -> jdbc.query(
                """
                SELECT entry_no, status, recorded_at, payment_ref, error_code, decline_code, message,
                       (SELECT min(recorded_at) FROM payment_journal f WHERE f.idempotency_key = j.idempotency_key)
                           AS first_recorded_at
                FROM payment_journal j WHERE idempotency_key = ? ORDER BY entry_no DESC LIMIT 1
                """,
                rs -> rs.next()
                        ? new Entry(
                                rs.getInt("entry_no"),
                                rs.getString("status"),
                                Sql.instant(rs, "recorded_at"),
                                Sql.instant(rs, "first_recorded_at"),
                                new ChargeAttempt(
                                        rs.getString("status"),
                                        rs.getString("payment_ref"),
                                        rs.getString("error_code"),
                                        rs.getString("decline_code"),
                                        rs.getString("message")))
                        : null,
                key)));
    }

    /**
     * Appends an entry and commits it at once, durably even where the server commits the bulk work
     * asynchronously (the embedded default): what was asked of the payment provider must survive a
     * crash of the database server itself.
     */
    public void append(ChargeRequest request, String gateway, ChargeAttempt attempt) {
        ownTransaction.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL synchronous_commit = on");
            insert(request, gateway, attempt);
        });
    }

    private void insert(ChargeRequest request, String gateway, ChargeAttempt attempt) {
        jdbc.update(
                """
                INSERT INTO payment_journal (idempotency_key, entry_no, status, recorded_at, workspace_id, request_id,
                    pack_id, amount_minor, currency, gateway, payment_ref, error_code, decline_code, message)
                SELECT ?, coalesce(max(entry_no), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                FROM payment_journal WHERE idempotency_key = ?
                """,
                request.idempotencyKey(),
                attempt.status(),
                Sql.utc(clock.instant()),
                request.workspaceId(),
                request.requestId(),
                request.packId(),
                request.amountMinor(),
                request.currency(),
                gateway,
                attempt.reference(),
                attempt.errorCode(),
                attempt.declineCode(),
                Secrets.redact(attempt.message()),
                request.idempotencyKey());
    }
}
