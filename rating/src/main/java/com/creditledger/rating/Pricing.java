package com.creditledger.rating;

import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.catalog.Workspace;
import com.creditledger.rating.price.ModelPrice;
import com.creditledger.rating.price.PriceBook;
import com.creditledger.rating.price.PriceVersion;
import java.time.Instant;
import java.util.Optional;

/**
 * The rating-time checks of SPEC §4 and the price of a request (R1), which depend only on the
 * request, its workspace and the price book, never on a balance.
 */
public sealed interface Pricing {

    /** The request is charged {@code cost}; version and model are null for a free app clone. */
    record Priced(String versionId, String pricedModel, ModelPrice price, long cost) implements Pricing {}

    /** The request is quarantined and never charged. */
    record Rejected(QuarantineReason reason) implements Pricing {}

    /**
     * Prices a request in order: UNKNOWN_WORKSPACE, BEFORE_ACCOUNT_START, then (except for {@code
     * app_clone}) NO_PRICE_VERSION and UNKNOWN_MODEL, by the request's own {@code occurred_at}.
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
        long cost = request.error() ? 0 : price.get().cost(request.inputTokens(), request.outputTokens());
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
