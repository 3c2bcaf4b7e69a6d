package com.creditledger.rating.payment;

/**
 * Charges a stored payment method for an auto top-up (SPEC R6, R7).
 *
 * <p>Implementations must be idempotent on {@link ChargeRequest#idempotencyKey()}: calling twice
 * with the same key charges at most once and answers the same outcome, so a rerun of a rating job
 * never charges twice.
 */
public interface PaymentGateway {

    ChargeResult charge(ChargeRequest request);
}
