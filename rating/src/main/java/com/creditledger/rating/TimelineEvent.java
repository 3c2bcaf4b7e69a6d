package com.creditledger.rating;

import java.time.Instant;
import java.util.Comparator;

/**
 * A loaded event of a workspace's timeline: a purchase or a request. Its {@link #processAt()} is
 * its own instant, or the watermark at load time when it arrived late (R9).
 */
public sealed interface TimelineEvent permits PurchaseEvent, RequestEvent {

    /** SPEC §5 class order at one instant: expiry 0, boundary 1, purchase 2, request 3. */
    int CLASS_EXPIRY = 0;

    int CLASS_BOUNDARY = 1;
    int CLASS_PURCHASE = 2;
    int CLASS_REQUEST = 3;

    /**
     * Processing order: instant, class, then the event's own instant and id (for late events
     * processed together at the old watermark, R9).
     */
    Comparator<TimelineEvent> ORDER = (a, b) -> {
        int c = a.processAt().compareTo(b.processAt());
        if (c == 0) {
            c = Integer.compare(a.eventClass(), b.eventClass());
        }
        if (c == 0) {
            c = a.ownInstant().compareTo(b.ownInstant());
        }
        return c != 0 ? c : Ordinal.CODE_POINT.compare(a.id(), b.id());
    };

    Instant processAt();

    int eventClass();

    /** When it happened: {@code purchased_at} or {@code occurred_at}. */
    Instant ownInstant();

    String id();
}
