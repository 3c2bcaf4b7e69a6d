package com.creditledger.rating.price;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An immutable price version: the prices of every model it lists, in effect from an instant on. */
public record PriceVersion(String id, Instant effectiveFrom, Map<String, ModelPrice> models) {

    public PriceVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        models = Map.copyOf(models);
    }

    public Optional<ModelPrice> price(String model) {
        return Optional.ofNullable(models.get(model));
    }
}
