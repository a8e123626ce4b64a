package org.rnn4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * The one JSON object a command prints as the last line of standard output with {@code --json}.
 * Numbers that are not finite (no validation data: NaN) are written as {@code null}, since JSON has no
 * NaN.
 */
final class JsonResult {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode root = MAPPER.createObjectNode();

    ObjectNode root() {
        return root;
    }

    JsonResult put(String key, String value) {
        root.put(key, value);
        return this;
    }

    JsonResult put(String key, long value) {
        root.put(key, value);
        return this;
    }

    JsonResult put(String key, double value) {
        number(root, key, value);
        return this;
    }

    JsonResult put(String key, boolean value) {
        root.put(key, value);
        return this;
    }

    ObjectNode object(String key) {
        return root.putObject(key);
    }

    ArrayNode array(String key) {
        return root.putArray(key);
    }

    /** Puts {@code value} under {@code key}, or null when it is not finite. */
    static void number(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    /** Appends {@code value}, or null when it is not finite. */
    static void number(ArrayNode node, double value) {
        if (Double.isFinite(value)) {
            node.add(value);
        } else {
            node.addNull();
        }
    }

    /** Prints the object as one line and flushes. */
    void print(PrintWriter out) {
        try {
            out.println(MAPPER.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree built in memory must serialize", e);
        }
        out.flush();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
