package com.creditledger.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LongHashSetTests {

    @Test
    void tellsFirstSightingsFromRepeatsThroughManyGrowths() {
        LongHashSet set = new LongHashSet();
        for (long i = 0; i < 300_000; i++) {
            assertThat(set.add(LongHashSet.hash("req-" + i))).isTrue();
        }
        for (long i = 0; i < 300_000; i += 7) {
            assertThat(set.add(LongHashSet.hash("req-" + i))).isFalse();
        }
        assertThat(set.add(LongHashSet.hash("req-300000"))).isTrue();
    }

    @Test
    void zeroIsAMemberLikeAnyOtherHash() {
        // zero marks an empty slot, so it is stored as one: a repeat (or its rare twin) is staged, never lost
        LongHashSet set = new LongHashSet();
        assertThat(set.add(0)).isTrue();
        assertThat(set.add(0)).isFalse();
        assertThat(set.add(1)).isFalse();
    }

    @Test
    void hashesDifferForIdsThatDifferOnlyInOrder() {
        assertThat(LongHashSet.hash("ab")).isNotEqualTo(LongHashSet.hash("ba"));
        assertThat(LongHashSet.hash("req-1")).isEqualTo(LongHashSet.hash("req-1"));
    }
}
