package com.creditledger.rating.payment;

import java.util.Objects;

/**
 * The answer to a charge.
 *
 * @param reference the payment's reference at the gateway (a PaymentIntent id), or null
 * @param declineCode why it was declined (e.g. {@code insufficient_funds}), null on success
 */
public record ChargeResult(Outcome outcome, String reference, String declineCode) {

    /** Whether the money was taken. */
    public enum Outcome {
        SUCCEEDED,
        DECLINED
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

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
