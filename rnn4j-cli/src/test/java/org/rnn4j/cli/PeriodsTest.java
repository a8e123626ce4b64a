package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The periods a forecast is labelled with continue the time column at its own spacing, or not at all. */
class PeriodsTest {

    @Test
    void regularColumnsContinueAtTheirSpacing() {
        assertEquals(List.of("1961-01", "1961-02"), Periods.following(List.of("1960-11", "1960-12"), 2));
        assertEquals(List.of("1962", "1964"), Periods.following(List.of("1958", "1960"), 2));
        assertEquals(List.of("2020-01-15", "2020-01-22"), Periods.following(List.of("2020-01-01", "2020-01-08"), 2));
        assertEquals(List.of("2020-04-01"), Periods.following(List.of("2020-02-01", "2020-03-01"), 1));
    }

    @Test
    void irregularOrUnknownColumnsGiveNoPeriods() {
        assertNull(Periods.following(List.of("a", "b"), 3));
        assertNull(Periods.following(List.of("1", "2", "4"), 3));
        assertNull(Periods.following(List.of("5", "3"), 3));
        assertNull(Periods.following(List.of("1960-12"), 3));
    }
}
