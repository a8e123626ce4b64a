package org.rnn4j.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.CsvTable;

/** Long-form panels with an id column, covariates and their future values. */
class PanelDataTest {

    private static final CsvTable PANEL = CsvTable.parse("""
            shop,week,sales,promo
            a,1,10,0
            b,1,100,1
            a,2,11,1
            b,2,90,0
            a,3,12,0
            """, "panel.csv");

    @Test
    void rowsGoToTheirSeriesInFileOrder() {
        List<Series> s = PanelData.read(PANEL, "sales", "shop", 1, List.of("promo"));
        assertEquals(2, s.size());
        assertEquals("a", s.get(0).id());
        assertArrayEquals(new double[] {10, 11, 12}, s.get(0).values());
        assertArrayEquals(new double[] {100, 90}, s.get(1).values());
        assertEquals(1, s.get(1).covariates()[0][0]);
        List<Series> one = PanelData.read(PANEL, "sales", null, 1, List.of());
        assertEquals(1, one.size());
        assertEquals(5, one.get(0).length());
    }

    @Test
    void futureRowsExtendEachSeriesCovariates() {
        List<Series> s = PanelData.read(PANEL, "sales", "shop", 1, List.of("promo"));
        CsvTable future = CsvTable.parse("shop,promo\nb,1\na,0\na,1\nb,0\n", "future.csv");
        List<Series> f = PanelData.withFuture(s, future, "shop");
        assertEquals(2, f.get(0).futureRows());
        assertEquals(1, f.get(0).covariates()[4][0]);
        assertEquals(1, f.get(1).covariates()[2][0]);
        f.get(0).requireFuture(2);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> f.get(0).requireFuture(3));
        assertTrue(e.getMessage().contains("for 3 future rows, got 2"), e.getMessage());
    }

    @Test
    void aCovariateMissingInTheFutureFileIsAOneLineErrorNamingIt() {
        List<Series> s = PanelData.read(PANEL, "sales", "shop", 1, List.of("promo"));
        CsvTable future = CsvTable.parse("shop,price\na,3\nb,4\n", "future.csv");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PanelData.withFuture(s, future, "shop"));
        assertEquals("future.csv has no column 'promo' (covariate promo is needed for every forecast step);"
                + " its columns are shop, price", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        CsvTable onlyA = CsvTable.parse("shop,promo\na,1\n", "future.csv");
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> PanelData.withFuture(s, onlyA, "shop"));
        assertTrue(missing.getMessage().contains("no rows for series 'b'"), missing.getMessage());
    }

    @Test
    void theTargetCannotBeACovariateAndAMissingColumnIsNamed() {
        assertThrows(InvalidInputException.class, () -> PanelData.read(PANEL, "sales", "shop", 1, List.of("sales")));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PanelData.read(PANEL, "sales", "shop", 1, List.of("price")));
        assertTrue(e.getMessage().contains("price"), e.getMessage());
    }
}
