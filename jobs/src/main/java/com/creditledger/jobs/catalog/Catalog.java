package com.creditledger.jobs.catalog;

import com.creditledger.rating.catalog.Pack;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.price.PriceBook;
import java.util.Map;

/**
 * The catalog as one rating run sees it: read once at the start of each partition. {@code priceIds}
 * holds each price row's key ({@code model_price.price_id}) by version and model: what a rated row
 * stores.
 */
public record Catalog(
        Map<String, Plan> plans,
        Map<String, Pack> packs,
        PriceBook prices,
        Map<String, Map<String, Integer>> priceIds) {

    /** The key of the price row of {@code model} in {@code version}. */
    public int priceId(String version, String model) {
        return priceIds.get(version).get(model);
    }
}
