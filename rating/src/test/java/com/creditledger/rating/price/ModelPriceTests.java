package com.creditledger.rating.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelPriceTests {

    static ModelPrice gpt5() {
        return new ModelPrice("gpt-5", Tier.FRONTIER, 80, 1, 4);
    }

    @Test
    void costIsPerRequestPlusTheCeilingOfTokenThousandths() {
        // given 80/request, 1 per 1k input, 4 per 1k output
        ModelPrice price = gpt5();
        // when / then: 2000×1 + 501×4 = 4004 → ceil(4.004) = 5
        assertThat(price.cost(2000, 501)).isEqualTo(85);
        assertThat(price.cost(0, 0)).isEqualTo(80);
        assertThat(price.cost(1, 0)).isEqualTo(81);
        assertThat(price.cost(1000, 0)).isEqualTo(81);
        assertThat(price.cost(1001, 0)).isEqualTo(82);
        assertThat(price.cost(0, 250)).isEqualTo(81);
    }

    @Test
    void overflowIsAnErrorNotAWrongNumber() {
        // given
        ModelPrice price = new ModelPrice("huge", Tier.FRONTIER, 1, Long.MAX_VALUE / 2, 0);
        // when / then
        assertThatThrownBy(() -> price.cost(3, 0)).isInstanceOf(ArithmeticException.class);
        assertThat(new ModelPrice("x", Tier.STANDARD, Long.MAX_VALUE, 0, 0).cost(0, 0))
                .isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> new ModelPrice("x", Tier.STANDARD, Long.MAX_VALUE, 1000, 0).cost(1000, 0))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void theVersionInEffectIsTheLatestNotAfterTheInstant() {
        // given
        PriceVersion v1 = new PriceVersion("v1", Instant.parse("2026-06-01T00:00:00Z"), Map.of("gpt-5", gpt5()));
        PriceVersion v2 = new PriceVersion("v2", Instant.parse("2026-07-15T12:00:00Z"), Map.of());
        PriceBook book = new PriceBook(List.of(v2, v1));
        // when / then
        assertThat(book.inEffectAt(Instant.parse("2026-05-31T23:59:59Z"))).isEmpty();
        assertThat(book.inEffectAt(Instant.parse("2026-06-01T00:00:00Z"))).contains(v1);
        assertThat(book.inEffectAt(Instant.parse("2026-07-15T11:59:59.999Z"))).contains(v1);
        assertThat(book.inEffectAt(Instant.parse("2026-07-15T12:00:00Z"))).contains(v2);
    }

    @Test
    void twoVersionsAtOneInstantAreRefused() {
        Instant at = Instant.parse("2026-06-01T00:00:00Z");
        assertThatThrownBy(() -> new PriceBook(
                        List.of(new PriceVersion("a", at, Map.of()), new PriceVersion("b", at, Map.of()))))
                .hasMessageContaining("both effective from");
    }
}
