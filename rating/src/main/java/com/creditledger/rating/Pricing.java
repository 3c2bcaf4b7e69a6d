package com.creditledger.rating;

import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.catalog.Workspace;
import com.creditledger.rating.price.ModelPrice;
import com.creditledger.rating.price.PriceBook;
import com.creditledger.rating.price.PriceVersion;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The rating-time checks of SPEC §4 and the price of a request (R1), which depend only on the
 * request, its workspace and the price book, never on a balance.
 */
public sealed interface Pricing {

    /** The request is charged {@code cost}; version and model are null for a free app clone. */
    record Priced(String versionId, String pricedModel, ModelPrice price, long cost) implements Pricing {}

    /** The request is quarantined and never charged; {@code detail} says why for people. */
    record Rejected(QuarantineReason reason, String detail) implements Pricing {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** Rejected for {@code reason}, with its description as the detail. */
        public Rejected(QuarantineReason reason) {
            this(reason, reason.description());
        }
    }

    /**
     * Prices a request in order: UNKNOWN_WORKSPACE, BEFORE_ACCOUNT_START, then (except for {@code
     * app_clone}) NO_PRICE_VERSION, UNKNOWN_MODEL and COST_OVERFLOW (the exact cost does not fit in
     * a {@code long}), by the request's own {@code occurred_at}. The last check of SPEC §4, that the
     * cost also fits with the workspace's consumed credits, needs the account: {@link
     * CreditTimeline} makes it.
     */
    static Pricing of(RequestEvent request, Workspace workspace, Plan plan, PriceBook prices) {
        if (workspace == null || plan == null) {
            return new Rejected(QuarantineReason.UNKNOWN_WORKSPACE);
        }
        return ofWorkspaceStarting(request, CycleCalendar.boundary(workspace.cycleAnchor(), 0), plan, prices);
    }

    /** As {@link #of(RequestEvent, Workspace, Plan, PriceBook)} for a known workspace starting at {@code start}. */
    static Pricing ofWorkspaceStarting(RequestEvent request, Instant start, Plan plan, PriceBook prices) {
        if (request.occurredAt().isBefore(start)) {
            return new Rejected(QuarantineReason.BEFORE_ACCOUNT_START);
        }
        if (request.kind() == RequestKind.APP_CLONE) {
            return new Priced(null, null, null, 0);
        }
        Optional<PriceVersion> version = prices.inEffectAt(request.occurredAt());
        if (version.isEmpty()) {
            return new Rejected(QuarantineReason.NO_PRICE_VERSION);
        }
        String model = pricedModel(request, plan);
        Optional<ModelPrice> price = version.get().price(model);
        if (price.isEmpty()) {
            return new Rejected(QuarantineReason.UNKNOWN_MODEL);
        }
        long cost = 0; // R1: an error costs nothing, whatever its token counts
        if (!request.error()) {
            try {
                cost = price.get().cost(request.inputTokens(), request.outputTokens());
            } catch (ArithmeticException e) { // the only one cost() throws: the exact cost is beyond a long
                return new Rejected(
                        QuarantineReason.COST_OVERFLOW,
                        request.inputTokens() + " input and " + request.outputTokens() + " output tokens: "
                                + e.getMessage());
            }
        }
        return new Priced(version.get().id(), model, price.get(), cost);
    }

    /** R1: {@code resolved_model} if present, else {@code model} unless {@code auto}, else the plan's. */
    static String pricedModel(RequestEvent request, Plan plan) {
        if (request.resolvedModel() != null) {
            return request.resolvedModel();
        }
        if (request.model() != null && !"auto".equals(request.model())) {
            return request.model();
        }
        return plan.autoModel();
    }
}
