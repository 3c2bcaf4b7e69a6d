package com.creditledger.rating.price;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * All price versions, by effective instant (SPEC R1): the version in effect at an instant is the
 * one with the greatest {@code effectiveFrom} not after it. Two versions may not share an
 * effective instant, since neither would then be "the" version in effect.
 */
public final class PriceBook {

    private final NavigableMap<Instant, PriceVersion> byEffectiveFrom = new TreeMap<>();

    public PriceBook(Collection<PriceVersion> versions) {
        for (PriceVersion version : versions) {
            PriceVersion clash = byEffectiveFrom.put(version.effectiveFrom(), version);
            if (clash != null) {
                throw new IllegalArgumentException("price versions " + clash.id() + " and " + version.id()
                        + " are both effective from " + version.effectiveFrom());
            }
        }
    }

    public Optional<PriceVersion> inEffectAt(Instant instant) {
        Map.Entry<Instant, PriceVersion> entry = byEffectiveFrom.floorEntry(instant);
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }
}
