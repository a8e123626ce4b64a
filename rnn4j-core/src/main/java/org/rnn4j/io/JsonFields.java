package org.rnn4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import org.rnn4j.InvalidInputException;

/** Checked reads of fields from JSON that came from a file, with messages naming the field. */
public final class JsonFields {

    private JsonFields() {
    }

    /**
     * {@code o.key} as exactly {@code count} finite numbers (positive ones if asked).
     *
     * @param where the path of {@code o} for messages, e.g. {@code task.transform}
     * @throws InvalidInputException naming the field, what was expected and what was found
     */
    public static double[] numbers(JsonNode o, String key, int count, boolean positive, String where) {
        JsonNode a = o.get(key);
        String expected = where + "." + key + " should be an array of " + count + (positive ? " positive" : "")
                + " finite numbers, got " + a;
        if (a == null || !a.isArray() || a.size() != count) {
            throw new InvalidInputException(expected);
        }
        double[] out = new double[count];
        for (int j = 0; j < count; j++) {
            JsonNode n = a.get(j);
            if (!n.isNumber() || !Double.isFinite(n.asDouble()) || (positive && !(n.asDouble() > 0))) {
                throw new InvalidInputException(expected);
            }
            out[j] = n.asDouble();
        }
        return out;
    }
}
