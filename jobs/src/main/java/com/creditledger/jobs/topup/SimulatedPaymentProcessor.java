package com.creditledger.jobs.topup;

import com.creditledger.rating.payment.ChargeRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The built-in gateway used when Stripe is not configured (R7). It answers like Stripe's test
 * payment methods: one starting with {@code pm_card_chargeDeclined} is declined, every other one
 * succeeds. References derive from the idempotency key, so a rerun gets the same answer.
 */
public class SimulatedPaymentProcessor implements PaymentProcessor {

    static final String DECLINING_PREFIX = "pm_card_chargeDeclined";

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public ChargeAttempt charge(ChargeRequest request) {
        String reference = "pi_sim_"
                + UUID.nameUUIDFromBytes(request.idempotencyKey().getBytes(StandardCharsets.UTF_8))
                        .toString()
                        .replace("-", "")
                        .substring(0, 24);
        if (request.paymentMethod().startsWith(DECLINING_PREFIX)) {
            return ChargeAttempt.declined(
                    reference, "card_declined", declineCode(request.paymentMethod()), "Your card was declined.");
        }
        return ChargeAttempt.succeeded(reference);
    }

    @Override
    public Optional<ChargeAttempt> find(ChargeRequest request, Instant since) {
        return Optional.empty();
    }

    private static String declineCode(String paymentMethod) {
        return switch (paymentMethod) {
            case "pm_card_chargeDeclinedInsufficientFunds" -> "insufficient_funds";
            case "pm_card_chargeDeclinedExpiredCard" -> "expired_card";
            case "pm_card_chargeDeclinedFraudulent" -> "fraudulent";
            default -> "generic_decline";
        };
    }
}
