package com.creditledger.rating.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
    void theCeilingIsTakenOnceOverBothComponentsNotPerComponent() {
        // given 1 per 1k input and 1 per 1k output
        ModelPrice price = new ModelPrice("m", Tier.STANDARD, 0, 1, 1);
        // when / then: ceil((1 + 1) / 1000) = 1, where rounding each component up would give 2
        assertThat(price.cost(1, 1)).isEqualTo(1);
        assertThat(price.cost(999, 1)).isEqualTo(1);
        assertThat(price.cost(999, 2)).isEqualTo(2);
    }

    @Test
    void theMostTokensALongHoldsArePricedExactlyPer1k() {
        // given 2^63 − 1 tokens, whose product with a per-1k price needs more than 64 bits
        long most = Long.MAX_VALUE;
        // when / then: 10 per 1k: 1 + ceil(92,233,720,368,547,758,070 / 1000)
        assertThat(mega().cost(most, 0)).isEqualTo(92_233_720_368_547_760L);
        // issue 17's request: 80 + ceil((2^63 − 1) × (1 + 4) / 1000)
        assertThat(gpt5().cost(most, most)).isEqualTo(46_116_860_184_273_960L);
        // a cost of exactly 2^63 − 1 out of a product near 2^73
        assertThat(new ModelPrice("k", Tier.STANDARD, 0, 1000, 0).cost(most, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void productsThatFitButWhoseSumDoesNotArePricedExactly() {
        // given two products of 2^62 each: their sum, 2^63, is one past a long
        ModelPrice price = new ModelPrice("m", Tier.STANDARD, 0, 1, 1);
        long half = 1L << 62;
        // when / then: ceil(2^63 / 1000) = ceil(9,223,372,036,854,775.808)
        assertThat(price.cost(half, half)).isEqualTo(9_223_372_036_854_776L);
    }

    @Test
    void aCostBeyondALongIsAnErrorNeverAWrongNumber() {
        // given
        ModelPrice thousand = new ModelPrice("k", Tier.STANDARD, 0, 1000, 1);
        ModelPrice perRequest = new ModelPrice("r", Tier.STANDARD, Long.MAX_VALUE - 1, 1, 0);
        // when / then: the ovf-1 request of the hostile-input scenario, 10^19 + 1 credits
        assertThatThrownBy(() -> mega().cost(0, 10_000_000_000L))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("10000000000000000001 credits");
        // one millicredit past 2^63 − 1 is rounded up to one credit past it
        assertThatThrownBy(() -> thousand.cost(Long.MAX_VALUE, 1)).isInstanceOf(ArithmeticException.class);
        // the per-request price and the token credits, each fitting, do not fit together
        assertThat(perRequest.cost(1000, 0)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> perRequest.cost(1001, 0)).isInstanceOf(ArithmeticException.class);
        assertThat(new ModelPrice("x", Tier.STANDARD, Long.MAX_VALUE, Long.MAX_VALUE, 0).cost(0, 0))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theFastPathAgreesWithExactArithmeticEverywhere() {
        // given token counts and prices of every bit length from 0 to 63, each as often
        SplittableRandom random = new SplittableRandom(17);
        List<String> disagreements = new ArrayList<>();
        int overflows = 0;
        for (int i = 0; i < 20_000; i++) {
            ModelPrice price = new ModelPrice("m", Tier.STANDARD, anySize(random), anySize(random), anySize(random));
            long input = anySize(random);
            long output = anySize(random);
            // when
            BigInteger exact = price.exactCost(input, output);
            String cost;
            try {
                cost = Long.toString(price.cost(input, output));
            } catch (ArithmeticException e) {
                cost = "overflow";
                overflows++;
            }
            // then
            String expected = exact.bitLength() <= 63 ? exact.toString() : "overflow";
            if (!cost.equals(expected)) {
                disagreements.add(price + " " + input + " " + output + ": " + cost + ", exactly " + expected);
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(overflows).as("both sides of the boundary are tried").isBetween(2_000, 18_000);
    }

    /** A non-negative long below 2^b for a random b of 0 to 63, or 2^63 − 1: every size comes up. */
    private static long anySize(SplittableRandom random) {
        int bits = random.nextInt(65);
        if (bits == 64) {
            return Long.MAX_VALUE;
        }
        return bits == 63 ? random.nextLong(Long.MAX_VALUE) : random.nextLong(1L << bits);
    }

    static ModelPrice mega() {
        return new ModelPrice("mega-1", Tier.FRONTIER, 1, 10, 1_000_000_000_000L);
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
