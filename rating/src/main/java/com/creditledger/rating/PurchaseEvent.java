package com.creditledger.rating;

import java.time.Instant;
import java.util.Objects;

/** A credit pack purchase (purchases.csv), already paid elsewhere (R5). */
public record PurchaseEvent(String purchaseId, Instant purchasedAt, Instant processAt, String packId)
        implements TimelineEvent {

    public PurchaseEvent {
        Objects.requireNonNull(purchaseId, "purchaseId");
        Objects.requireNonNull(purchasedAt, "purchasedAt");
        Objects.requireNonNull(processAt, "processAt");
        Objects.requireNonNull(packId, "packId");
    }

    @Override
    public int eventClass() {
        return CLASS_PURCHASE;
    }

    @Override
    public Instant ownInstant() {
        return purchasedAt;
    }

    @Override
    public String id() {
        return purchaseId;
    }
}
