package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.data.synthetic.AddingProblem;
import org.rnn4j.data.synthetic.CopyTask;

/** DataCursor: fields kept in the order written; a missing or out-of-range field refused with the whole cursor. */
class DataCursorTest {

    private static final String MISMATCH = "is not a test cursor — was it made elsewhere?";

    @Test
    void fieldsKeepTheOrderTheyWereWrittenIn() {
        Map<String, Long> two = DataCursor.of("b", 2, "a", 1);
        assertEquals(List.of("b", "a"), List.copyOf(two.keySet()));
        Map<String, Long> four = DataCursor.of("d", 4, "c", 3, "b", 2, "a", 1);
        assertEquals(List.of("d", "c", "b", "a"), List.copyOf(four.keySet()));
        assertEquals(List.of(4L, 3L, 2L, 1L), List.copyOf(four.values()));
    }

    @Test
    void aReaderReturnsTheFieldsThatFit() {
        DataCursor.Reader saved = DataCursor.read(DataCursor.of("state", -7, "count", 5, "index", 3, "last", 10),
                MISMATCH);
        assertEquals(-7, saved.value("state"));
        assertEquals(5, saved.count("count"));
        assertEquals(3, saved.inRange("index", 0, 3));
        assertEquals(10, saved.inRange("last", 10, 10));
    }

    @Test
    void aMissingFieldIsRefusedNamingTheCursorAndTheCause() {
        DataCursor.Reader saved = DataCursor.read(DataCursor.of("rng", 1, "batches", 2), MISMATCH);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> saved.value("position"));
        assertEquals("data cursor {rng=1, batches=2} " + MISMATCH, e.getMessage());
    }

    @Test
    void aFieldOutOfRangeIsRefused() {
        DataCursor.Reader saved = DataCursor.read(DataCursor.of("count", -1, "index", 4), MISMATCH);
        assertThrows(InvalidInputException.class, () -> saved.count("count"));
        assertThrows(InvalidInputException.class, () -> saved.inRange("index", 0, 3));
        assertThrows(InvalidInputException.class, () -> saved.inRange("index", 5, 9));
    }

    @Test
    void aSyntheticTaskRefusesAnotherTasksCursorAndKeepsItsPosition() {
        AddingProblem adding = new AddingProblem(4, 2, 1);
        adding.next();
        Map<String, Long> before = adding.cursor();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> adding.restore(new TokenStreams(new int[10], 2, 2).cursor()));
        assertEquals("data cursor {position=0, epoch=0} is not an adding-problem cursor (expected keys rng and"
                + " batches) — was the checkpoint made with another --task?", e.getMessage());
        assertEquals(before, adding.cursor());
        CopyTask copy = new CopyTask(1, 2, 1);
        InvalidInputException c = assertThrows(InvalidInputException.class,
                () -> copy.restore(Map.of("rng", 3L, "batches", -1L)));
        assertEquals(true, c.getMessage().contains("is not a copy-task cursor"), c.getMessage());
    }

    @Test
    void tokenStreamsRefuseAPositionBeyondTheirStream() {
        TokenStreams s = new TokenStreams(new int[21], 2, 4); // stream length 10
        s.restore(DataCursor.of("position", 9, "epoch", 0));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> s.restore(DataCursor.of("position", 10, "epoch", 0)));
        assertEquals("data cursor {position=10, epoch=0} does not fit this text (stream length 10) — was the"
                + " checkpoint made with other data or another --batch?", e.getMessage());
    }
}
