package com.creditledger.jobs.topup;

import com.creditledger.rating.payment.ChargeResult;

/**
 * What one call to a payment processor came to.
 *
 * @param status SUCCEEDED, DECLINED, HELD, or UNKNOWN when no answer came (a timeout, a network
 *     error, retries exhausted): then the charge may or may not have happened
 * @param reference the payment's id at the gateway, when known
 * @param errorCode the gateway's error code (e.g. {@code card_declined}, {@code
 *     authentication_required}, {@code idempotency_error})
 * @param declineCode the bank's decline code (e.g. {@code insufficient_funds})
 * @param message a message for people, free of secrets
 */
public record ChargeAttempt(String status, String reference, String errorCode, String declineCode, String message) {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String DECLINED = "DECLINED";
    public static final String HELD = "HELD";
    public static final String UNKNOWN = "UNKNOWN";

    public static ChargeAttempt succeeded(String reference) {
        return new ChargeAttempt(SUCCEEDED, reference, null, null, null);
    }

    public static ChargeAttempt declined(String reference, String errorCode, String declineCode, String message) {
        return new ChargeAttempt(DECLINED, reference, errorCode, declineCode, message);
    }

    public static ChargeAttempt held(String errorCode, String message) {
        return new ChargeAttempt(HELD, null, errorCode, null, message);
    }

    public static ChargeAttempt unknown(String message) {
        return new ChargeAttempt(UNKNOWN, null, null, null, message);
    }

    /** The outcome the rating acts on; UNKNOWN has none. */
    ChargeResult toResult() {
        return switch (status) {
            case SUCCEEDED -> ChargeResult.succeeded(reference);
            case DECLINED -> ChargeResult.declined(reference, declineCode != null ? declineCode : errorCode);
            case HELD -> ChargeResult.held(errorCode);
            default -> throw new IllegalStateException("no outcome for " + status);
        };
    }
}
