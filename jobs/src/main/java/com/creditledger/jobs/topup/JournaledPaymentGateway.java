package com.creditledger.jobs.topup;

import com.creditledger.rating.payment.ChargeRequest;
import com.creditledger.rating.payment.ChargeResult;
import com.creditledger.rating.payment.PaymentGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PaymentGateway} the rating charges through (R6, R7). Before any call it reads the
 * journal: a key that already SUCCEEDED, was DECLINED or HELD is answered from the journal without
 * calling again. A key left PENDING or UNKNOWN (a crash or a lost answer) is called again with the
 * same idempotency key, which the gateway answers with the original outcome; when the key is older
 * than the gateway keeps keys (Stripe: 24 hours), the charge is first looked for at the gateway.
 * Every attempt is journaled before and after the call.
 */
public class JournaledPaymentGateway implements PaymentGateway {

    /** Stripe keeps idempotency keys for 24 hours; past this age a retry could charge again. */
    static final Duration KEY_RETENTION = Duration.ofHours(23);

    private static final Logger log = LoggerFactory.getLogger(JournaledPaymentGateway.class);

    private final PaymentProcessor processor;
    private final PaymentJournal journal;
    private final Clock clock;

    public JournaledPaymentGateway(PaymentProcessor processor, PaymentJournal journal, Clock clock) {
        this.processor = processor;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public ChargeResult charge(ChargeRequest request) {
        String key = request.idempotencyKey();
        Optional<PaymentJournal.Entry> last = journal.latest(key);
        if (last.isPresent()) {
            PaymentJournal.Entry entry = last.get();
            if (!entry.status().equals("PENDING") && !entry.status().equals(ChargeAttempt.UNKNOWN)) {
                log.debug(
                        "top-up {} already {} in the journal; not calling {} again",
                        key,
                        entry.status(),
                        processor.name());
                return entry.attempt().toResult();
            }
            if (entry.firstRecordedAt().isBefore(clock.instant().minus(KEY_RETENTION))) {
                Optional<ChargeAttempt> found = processor.find(request, entry.firstRecordedAt());
                if (found.isPresent()) {
                    journal.append(request, processor.name(), found.get());
                    return found.get().toResult();
                }
            }
            log.info(
                    "top-up {} was left {}; calling {} again with the same idempotency key",
                    key,
                    entry.status(),
                    processor.name());
        }
        journal.append(request, processor.name(), new ChargeAttempt("PENDING", null, null, null, null));
        ChargeAttempt attempt = processor.charge(request);
        journal.append(request, processor.name(), attempt);
        if (attempt.status().equals(ChargeAttempt.UNKNOWN)) {
            throw new PaymentOutcomeUnknownException(key, Secrets.redact(attempt.message()));
        }
        if (!attempt.status().equals(ChargeAttempt.SUCCEEDED)) {
            log.info("top-up {} {}: {} {}", key, attempt.status(), attempt.errorCode(), attempt.declineCode());
        }
        return attempt.toResult();
    }
}
