package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.forecast.ForecastSettings.LogMode;
import org.rnn4j.testing.RecordWithers;

/** ForecastSettings: each wither changes its own field and no other, and validates again. */
class ForecastSettingsTest {

    /** Every field different from its default and from the others of its type. */
    private static final ForecastSettings BASE = new ForecastSettings(List.of("y"), "month", 3, 12, 7, LogMode.ON, 5,
            9, false);

    @Test
    void eachWitherChangesOnlyItsField() {
        RecordWithers.assertChangesOnly(BASE, BASE.withTimeColumn("day"), "timeColumn");
        RecordWithers.assertChangesOnly(BASE, BASE.withTest(4), "test");
        RecordWithers.assertChangesOnly(BASE, BASE.withSeason(4), "season");
        RecordWithers.assertChangesOnly(BASE, BASE.withWindow(4), "window");
        RecordWithers.assertChangesOnly(BASE, BASE.withLog(LogMode.OFF), "log");
        RecordWithers.assertChangesOnly(BASE, BASE.withDifferencing(4), "differencing");
        RecordWithers.assertChangesOnly(BASE, BASE.withDriftWindow(4), "driftWindow");
        RecordWithers.assertChangesOnly(BASE, BASE.withLevelInput(true), "levelInput");
    }

    @Test
    void aWitherValidatesAndNormalizesLikeTheConstructor() {
        assertThrows(IllegalArgumentException.class, () -> BASE.withTest(-1));
        assertThrows(IllegalArgumentException.class, () -> BASE.withTimeColumn("y"));
        assertEquals(0, BASE.withSeason(1).season());
        assertEquals(LogMode.AUTO, BASE.withLog(null).log());
    }
}
