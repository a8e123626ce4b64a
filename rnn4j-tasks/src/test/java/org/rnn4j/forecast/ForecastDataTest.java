package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;

/** Reading the targets of a table, and the errors a user can make. */
class ForecastDataTest {

    private static final CsvTable TABLE = CsvTable.parse(
            "month,a,b\n2000-01,1,10\n2000-02,2,20\n2000-03,3,30\n2000-04,4,40\n",
            "s.csv");

    @Test
    void targetsTimesAndTheSplit() {
        ForecastData d = ForecastData.fromCsv(TABLE, ForecastSettings.of("b", "a").withTimeColumn("month").withTest(1));
        assertEquals(4, d.rows());
        assertEquals(3, d.trainRows());
        assertEquals(List.of("2000-01", "2000-02", "2000-03", "2000-04"), d.times());
        assertArrayEquals(new double[] {30, 3}, d.trainPart()[2]);
        assertArrayEquals(new double[] {40, 4}, d.testPart()[0]);
    }

    @Test
    void anUnknownColumnListsTheColumns() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ForecastData.fromCsv(TABLE, ForecastSettings.of("c")));
        assertTrue(e.getMessage().contains("no column 'c'") && e.getMessage().contains("month, a, b"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> ForecastData.fromCsv(TABLE, ForecastSettings.of("a").withTimeColumn("when")));
    }

    @Test
    void aNonNumericValueNamesLineAndColumn() {
        CsvTable t = CsvTable.parse("month,a\n2000-01,1\n2000-02,n/a\n", "s.csv");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ForecastData.fromCsv(t, ForecastSettings.of("a")));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void holdingOutEveryRowIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ForecastData.fromCsv(TABLE, ForecastSettings.of("a").withTest(4)));
        assertTrue(e.getMessage().contains("--test 4"), e.getMessage());
    }

    @Test
    void evaluationAndForecastCheckTheirArguments() {
        ForecastTransform tf = ForecastTransform.fit(ForecastTransformTest.series(60, 1),
                ForecastSettings.of("y").withSeason(12), "t");
        ForecastModel m = ForecastTransformTest.zeroModel(tf);
        CsvTable t = CsvTable.parse("y\n1\n2\n", "s.csv");
        assertTrue(assertThrows(InvalidInputException.class, () -> ForecastRunner.forecast(m, t, -1)).getMessage()
                .contains("horizon"));
        assertTrue(assertThrows(InvalidInputException.class, () -> ForecastRunner.forecast(m, t, 3)).getMessage()
                .contains("s.csv has 2 rows"));
        assertTrue(assertThrows(InvalidInputException.class, () -> ForecastRunner.evaluate(m, t, 2)).getMessage()
                .contains("between 1 and 1"));
        CsvTable other = CsvTable.parse("z\n1\n2\n", "s.csv");
        assertTrue(assertThrows(InvalidInputException.class, () -> ForecastRunner.forecast(m, other, 3)).getMessage()
                .contains("no column 'y'"));
    }
}
