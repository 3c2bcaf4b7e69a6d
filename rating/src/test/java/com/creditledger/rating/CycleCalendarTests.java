package com.creditledger.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CycleCalendarTests {

    @ParameterizedTest(name = "anchor {0}, boundary {1} = {2}")
    @CsvSource({
        "2026-01-31, 0, 2026-01-31T00:00:00Z",
        "2026-01-31, 1, 2026-02-28T00:00:00Z",
        "2026-01-31, 2, 2026-03-31T00:00:00Z",
        "2026-01-31, 3, 2026-04-30T00:00:00Z",
        "2028-01-31, 1, 2028-02-29T00:00:00Z",
        "2028-01-30, 1, 2028-02-29T00:00:00Z",
        "2028-01-30, 2, 2028-03-30T00:00:00Z",
        "2028-01-29, 1, 2028-02-29T00:00:00Z",
        "2027-01-29, 1, 2027-02-28T00:00:00Z",
        "2027-01-29, 2, 2027-03-29T00:00:00Z",
        "2026-01-28, 1, 2026-02-28T00:00:00Z",
        "2026-02-28, 1, 2026-03-28T00:00:00Z",
        "2028-02-29, 12, 2029-02-28T00:00:00Z",
        "2028-02-29, 48, 2032-02-29T00:00:00Z",
        "2026-08-31, 1, 2026-09-30T00:00:00Z",
        "2026-08-31, 4, 2026-12-31T00:00:00Z",
        "2026-12-15, 1, 2027-01-15T00:00:00Z"
    })
    void boundaryIsTheAnchorDayClampedToTheMonth(LocalDate anchor, long k, Instant expected) {
        // given an anchor
        // when
        Instant boundary = CycleCalendar.boundary(anchor, k);
        // then
        assertThat(boundary).isEqualTo(expected);
    }

    @Test
    void clampDoesNotCarryForward() {
        // given an anchor on the 31st: chaining plusMonths would give Feb 28 → Mar 28
        LocalDate anchor = LocalDate.of(2026, 1, 31);
        // when / then
        assertThat(CycleCalendar.boundary(anchor, 2)).isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
    }

    @Test
    void negativeIndexIsRefused() {
        assertThatThrownBy(() -> CycleCalendar.boundary(LocalDate.of(2026, 1, 1), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "anchor {0}, month {1}: {2}")
    @CsvSource({
        "2026-01-31, 2026-01, ''",
        "2026-01-31, 2025-12, ''",
        "2026-01-31, 2026-02, 0 2026-01-31T00:00:00Z 2026-02-28T00:00:00Z",
        "2026-01-31, 2026-03, 1 2026-02-28T00:00:00Z 2026-03-31T00:00:00Z",
        "2026-11-20, 2027-01, 1 2026-12-20T00:00:00Z 2027-01-20T00:00:00Z",
    })
    void theCycleEndingInAMonthIsTheOneWhoseEndFallsInIt(String anchor, String month, String expected) {
        assertThat(CycleCalendar.endingIn(LocalDate.parse(anchor), java.time.YearMonth.parse(month))
                        .map(c -> c.index() + " " + c.start() + " " + c.end())
                        .orElse(""))
                .isEqualTo(expected);
    }
}
