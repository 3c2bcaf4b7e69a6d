package com.creditledger.rating.payment;

import java.util.Objects;

/**
 * The answer to a charge.
 *
 * @param reference the payment's reference at the gateway (a PaymentIntent id), or null
 * @param declineCode why it was declined or held (e.g. {@code insufficient_funds}), null on success
 */
public record ChargeResult(Outcome outcome, String reference, String declineCode) {

    /** Whether the money was taken. */
    public enum Outcome {
        /** Charged: the top-up is granted. */
        SUCCEEDED,
        /** Declined by the bank or needs the customer (R6): no grant, top-ups suspended until the boundary. */
        DECLINED,
        /** Not charged and not declined (e.g. the gateway refused the idempotency key): held for review, no grant. */
        HELD
    }

    public ChargeResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    public static ChargeResult succeeded(String reference) {
        return new ChargeResult(Outcome.SUCCEEDED, reference, null);
    }

    public static ChargeResult declined(String reference, String declineCode) {
        return new ChargeResult(Outcome.DECLINED, reference, declineCode);
    }

    public static ChargeResult held(String reason) {
        return new ChargeResult(Outcome.HELD, null, reason);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
