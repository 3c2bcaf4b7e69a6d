package com.creditledger.rating.catalog;

import java.util.Objects;

/**
 * A workspace's auto top-up settings (R6).
 *
 * @param threshold a top-up is attempted when the balance is below this after a debit
 * @param packId the pack charged and granted
 * @param cycleLimit the most successful top-ups per cycle, or null for no limit
 * @param paymentMethod the stored payment method charged
 * @param customer the customer the payment method belongs to at the gateway, or null
 */
public record AutoTopup(long threshold, String packId, Integer cycleLimit, String paymentMethod, String customer) {

    public AutoTopup {
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
    }
}
