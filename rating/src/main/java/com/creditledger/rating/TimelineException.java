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
    private final String where;

    private TimelineException(String workspaceId, TimelineEvent event, String where, RuntimeException cause) {
        super("workspace " + workspaceId + ": " + where + ": " + problem(cause), cause);
        this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
        this.event = event;
        this.where = where;
    }

    /** What went wrong, in one line: the exception's simple class name and its message. */
    public static String problem(Throwable cause) {
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return (cause.getClass().getSimpleName() + message).replaceAll("\\s*\\R\\s*", " ");
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

    /** What it was processing, e.g. {@code request r-1 (processed at 2026-03-02T19:02:46Z)}. */
    public String where() {
        return where;
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
