package com.creditledger.jobs.topup;

import com.creditledger.rating.payment.ChargeRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * One way of taking money (Stripe, or the built-in simulation). It is only ever called through
 * {@link JournaledPaymentGateway}, which journals every attempt and answers reruns itself.
 */
public interface PaymentProcessor {

    /** A short name for the journal, e.g. {@code stripe}. */
    String name();

    /** Charges once under the request's idempotency key; never throws for a charge's outcome. */
    ChargeAttempt charge(ChargeRequest request);

    /**
     * Looks for a charge already made under this key (for keys older than the gateway keeps
     * idempotency keys), or empty when there is none.
     */
    Optional<ChargeAttempt> find(ChargeRequest request, Instant since);
}
