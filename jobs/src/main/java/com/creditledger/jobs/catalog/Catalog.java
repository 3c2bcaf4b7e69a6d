package com.creditledger.jobs.catalog;

import com.creditledger.rating.catalog.Pack;
import com.creditledger.rating.catalog.Plan;
import com.creditledger.rating.price.PriceBook;
import java.util.Map;

/** The catalog as one rating run sees it: read once at the start of each partition. */
public record Catalog(Map<String, Plan> plans, Map<String, Pack> packs, PriceBook prices) {}
