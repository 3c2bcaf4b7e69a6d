package com.creditledger.rating;

import java.time.Instant;
import java.util.Objects;

/**
 * An accepted AI request, as the rating needs it.
 *
 * @param model the requested model, {@code auto}, or null for {@code app_clone}
 * @param resolvedModel the model the router picked for {@code auto}, or null
 * @param error {@code status=error}: recorded, costs nothing (R1)
 */
public record RequestEvent(
        String requestId,
        Instant occurredAt,
        Instant processAt,
        RequestKind kind,
        String model,
        String resolvedModel,
        long inputTokens,
        long outputTokens,
        boolean error)
        implements TimelineEvent {

    public RequestEvent {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(processAt, "processAt");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public int eventClass() {
        return CLASS_REQUEST;
    }

    @Override
    public Instant ownInstant() {
        return occurredAt;
    }

    @Override
    public String id() {
        return requestId;
    }
}
