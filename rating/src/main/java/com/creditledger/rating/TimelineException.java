package com.creditledger.rating;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@link CreditTimeline} run failed while processing one thing of one workspace's timeline: a
 * request, a purchase, a cycle boundary or an expiry. It names them, so the failure can be traced
 * to its input; the {@linkplain #getCause() cause} is what went wrong. Bad input that SPEC §4 names
 * is quarantined, never thrown: this is what no rule foresaw, and the account it leaves is
 * half-processed, to be thrown away.
 */
public final class TimelineException extends RuntimeException {

    private final String workspaceId;
    private final TimelineEvent event;

    private TimelineException(String workspaceId, TimelineEvent event, String what, RuntimeException cause) {
        super(
                "workspace " + workspaceId + ": " + what + ": "
                        + (cause.getMessage() == null
                                ? cause.getClass().getSimpleName()
                                : cause.getClass().getSimpleName() + ": " + cause.getMessage()),
                cause);
        this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
        this.event = event;
    }

    /** Failed at a loaded event (a request or a purchase). */
    static TimelineException at(String workspaceId, TimelineEvent event, RuntimeException cause) {
        String kind = event instanceof RequestEvent ? "request " : "purchase ";
        return new TimelineException(
                workspaceId, event, kind + event.id() + " (processed at " + event.processAt() + ")", cause);
    }

    /** Failed at a cycle boundary, a grant's expiry or before any event (the event is null then). */
    static TimelineException at(String workspaceId, String what, Instant at, RuntimeException cause) {
        return new TimelineException(workspaceId, null, at == null ? what : what + " at " + at, cause);
    }

    public String workspaceId() {
        return workspaceId;
    }

    /** The request id when a request failed, else null. */
    public String requestId() {
        return event instanceof RequestEvent request ? request.requestId() : null;
    }

    /** The purchase id when a purchase failed, else null. */
    public String purchaseId() {
        return event instanceof PurchaseEvent purchase ? purchase.purchaseId() : null;
    }
}
