package com.creditledger.jobs.topup;

import com.creditledger.rating.payment.ChargeRequest;
import com.creditledger.rating.payment.ChargeResult;
import com.creditledger.rating.payment.PaymentGateway;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The built-in gateway used when Stripe is not configured (R7). It answers like Stripe's test
 * payment methods: one starting with {@code pm_card_chargeDeclined} is declined, every other one
 * succeeds. References derive from the idempotency key, so a rerun gets the same answer.
 */
@Component
public class SimulatedPaymentGateway implements PaymentGateway {

    static final String DECLINING_PREFIX = "pm_card_chargeDeclined";

    @Override
    public ChargeResult charge(ChargeRequest request) {
        String reference = "pi_sim_"
                + UUID.nameUUIDFromBytes(request.idempotencyKey().getBytes(StandardCharsets.UTF_8))
                        .toString()
                        .replace("-", "")
                        .substring(0, 24);
        if (request.paymentMethod().startsWith(DECLINING_PREFIX)) {
            return ChargeResult.declined(reference, declineCode(request.paymentMethod()));
        }
        return ChargeResult.succeeded(reference);
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
