package com.creditledger.jobs.topup;

import com.creditledger.jobs.system.BillingException;

/**
 * A charge got no answer (timeouts, network errors, retries exhausted). The rating chunk rolls
 * back and the job fails; rerunning the same command calls again with the same idempotency key,
 * which the gateway answers with the original outcome: never two charges.
 */
public class PaymentOutcomeUnknownException extends BillingException {

    public PaymentOutcomeUnknownException(String key, String message) {
        super("the payment gateway did not answer for top-up " + key + " (" + message + "); nothing was"
                + " granted. Run the same command again when the gateway is reachable: it retries with the same"
                + " idempotency key, so the card is charged at most once");
    }
}
