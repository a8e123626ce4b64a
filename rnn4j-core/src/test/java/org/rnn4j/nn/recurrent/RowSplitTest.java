package org.rnn4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How {@link RowSplit} cuts a batch and follows the pieces' measured speeds. */
class RowSplitTest {

    private static int[] cut(RowSplit split, int rows, int parts) {
        split.prepare(rows, parts);
        int[] starts = new int[parts + 1];
        for (int p = 0; p <= parts; p++) {
            starts[p] = split.start(p);
        }
        return starts;
    }

    @Test
    void equalSpeedsCutEvenly() {
        assertArrayEquals(new int[] {0, 16, 32}, cut(new RowSplit(), 32, 2));
        assertArrayEquals(new int[] {0, 4, 8, 12}, cut(new RowSplit(), 12, 3));
    }

    @Test
    void aFasterPieceGetsMoreRowsAtEvenCuts() {
        RowSplit split = new RowSplit();
        split.setSpeeds(2.0, 1.0);
        assertArrayEquals(new int[] {0, 22, 32}, cut(split, 32, 2));   // 21.3 rounded to an even row
        split.setSpeeds(1.0, 2.0);
        assertArrayEquals(new int[] {0, 10, 32}, cut(split, 32, 2));
    }

    @Test
    void everyPieceKeepsARow() {
        RowSplit split = new RowSplit();
        split.setSpeeds(2.0, 0.5, 0.5);
        int[] starts = cut(split, 4, 3);        // 4 rows, 3 pieces: odd cuts, one row at least each
        assertEquals(0, starts[0]);
        assertEquals(4, starts[3]);
        for (int p = 0; p < 3; p++) {
            assertTrue(starts[p + 1] - starts[p] >= 1, "piece " + p + " of " + java.util.Arrays.toString(starts));
        }
        split.setSpeeds(2.0, 0.5);
        int[] odd = cut(split, 7, 2);
        assertTrue(odd[1] >= 1 && odd[1] <= 6, java.util.Arrays.toString(odd));
        assertThrows(IllegalArgumentException.class, () -> new RowSplit().prepare(2, 3));
    }

    @Test
    void theCutMovesTowardTheMeasuredSpeedsAndStaysBounded() {
        RowSplit split = new RowSplit();
        int before = cut(split, 64, 2)[1];
        for (int pass = 0; pass < 20; pass++) {
            split.prepare(64, 2);
            // piece 1 takes twice as long per row as piece 0
            split.record(0, 1000L * (split.start(1) - split.start(0)));
            split.record(1, 2000L * (split.start(2) - split.start(1)));
            split.update();
        }
        int after = cut(split, 64, 2)[1];
        assertEquals(32, before);
        assertTrue(after >= 40 && after <= 44, "expected about 2/3 of 64 rows on piece 0, got " + after);
        // a pass without times (run in one piece) leaves the estimates alone
        split.prepare(64, 2);
        split.update();
        assertEquals(after, cut(split, 64, 2)[1]);
        // one absurdly slow pass moves the cut only so far
        split.prepare(64, 2);
        split.record(0, 1_000_000_000L);
        split.record(1, 1L);
        split.update();
        int worst = cut(split, 64, 2)[1];
        assertTrue(worst >= 16, "the cut fell to " + worst);
    }

    private static void assertArrayEquals(int[] expected, int[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, java.util.Arrays.toString(actual));
    }
}
