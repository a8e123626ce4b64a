package org.rnn4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.InvalidInputException;

/**
 * The position of a {@link BatchSource} as a checkpoint holds it: named whole numbers, in the order
 * the source writes them ({@link #of}). A source restores a saved position through a {@link Reader},
 * which checks each field as it is read and names the whole cursor and the likely cause when one is
 * missing or out of range; a source reads every field before it changes anything, so a refused
 * cursor leaves it as it was.
 */
public final class DataCursor {

    private DataCursor() {
    }

    /** A cursor of two fields, in this order. */
    public static Map<String, Long> of(String key1, long value1, String key2, long value2) {
        Map<String, Long> cursor = new LinkedHashMap<>();
        cursor.put(key1, value1);
        cursor.put(key2, value2);
        return cursor;
    }

    /** A cursor of four fields, in this order. */
    public static Map<String, Long> of(String key1, long value1, String key2, long value2, String key3, long value3,
            String key4, long value4) {
        Map<String, Long> cursor = of(key1, value1, key2, value2);
        cursor.put(key3, value3);
        cursor.put(key4, value4);
        return cursor;
    }

    /**
     * Reads a saved cursor.
     *
     * @param cursor   what {@link BatchSource#cursor()} returned when the checkpoint was made
     * @param mismatch the end of the error message, after "data cursor {...} ": what the cursor should
     *                 have been and the likely cause (e.g. "is not a copy-task cursor (expected keys rng
     *                 and batches) — was the checkpoint made with another --task?")
     */
    public static Reader read(Map<String, Long> cursor, String mismatch) {
        return new Reader(cursor, mismatch);
    }

    /** The fields of one saved cursor; each getter throws {@link InvalidInputException} on a missing field. */
    public static final class Reader {

        private final Map<String, Long> cursor;
        private final String mismatch;

        private Reader(Map<String, Long> cursor, String mismatch) {
            this.cursor = cursor;
            this.mismatch = mismatch;
        }

        /** Any value (a generator's state). */
        public long value(String key) {
            Long v = cursor.get(key);
            if (v == null) {
                throw refused();
            }
            return v;
        }

        /** A value {@code >= 0} (batches drawn, an epoch). */
        public long count(String key) {
            return inRange(key, 0, Long.MAX_VALUE);
        }

        /** A value in {@code [min, max]}, both included (a position within the data). */
        public long inRange(String key, long min, long max) {
            long v = value(key);
            if (v < min || v > max) {
                throw refused();
            }
            return v;
        }

        private InvalidInputException refused() {
            return new InvalidInputException("data cursor " + cursor + " " + mismatch);
        }
    }
}
