package com.creditledger.rating.payment;

import java.util.Objects;

/**
 * One off-session charge for an auto top-up.
 *
 * @param idempotencyKey {@code topup:{workspace_id}:{request_id}} (R6), see {@link #topupKey}
 * @param customer the workspace's customer at the gateway (a Stripe customer id), or null
 */
public record ChargeRequest(
        String idempotencyKey,
        String workspaceId,
        String requestId,
        String packId,
        long amountMinor,
        String currency,
        String paymentMethod,
        String customer) {

    public ChargeRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
    }

    /** The idempotency key of the top-up triggered by a request (R6). */
    public static String topupKey(String workspaceId, String requestId) {
        return "topup:" + workspaceId + ":" + requestId;
    }
}
