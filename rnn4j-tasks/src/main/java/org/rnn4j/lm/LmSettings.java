package org.rnn4j.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;

/**
 * What a character language-model run needs besides {@link org.rnn4j.task.HyperParameters}.
 *
 * @param sequenceLength     k, characters per truncated-BPTT chunk (the state is carried across chunks)
 * @param embeddingSize      the width of a character's embedding
 * @param validationSlice    characters of the validation part scored at each validation during training
 *                           (the first ones, the same each time), so that validating does not eat the
 *                           time budget; the whole part is scored once at the end. 0 = the whole part
 */
public record LmSettings(int sequenceLength, int embeddingSize, int validationSlice) {

    public LmSettings {
        if (sequenceLength <= 0) {
            throw new IllegalArgumentException("sequence length must be positive, got " + sequenceLength);
        }
        if (embeddingSize <= 0) {
            throw new IllegalArgumentException("embedding size must be positive, got " + embeddingSize);
        }
        if (validationSlice < 0) {
            throw new IllegalArgumentException("validation slice must be ≥ 0 characters, got " + validationSlice);
        }
    }

    public LmSettings withSequenceLength(int value) {
        return new LmSettings(value, embeddingSize, validationSlice);
    }

    public LmSettings withEmbeddingSize(int value) {
        return new LmSettings(sequenceLength, value, validationSlice);
    }

    public LmSettings withValidationSlice(int value) {
        return new LmSettings(sequenceLength, embeddingSize, value);
    }

    public ObjectNode toJson() {
        ObjectNode o = ModelDirectory.newObject();
        o.put("sequence_length", sequenceLength);
        o.put("embedding_size", embeddingSize);
        o.put("validation_slice", validationSlice);
        return o;
    }

    /** Reads {@link #toJson()}'s form back. */
    public static LmSettings fromJson(JsonNode o, String source) {
        if (o == null || !o.isObject()) {
            throw new InvalidInputException(source + ": task.lm should be an object with the run's settings");
        }
        try {
            return new LmSettings(integer(o, "sequence_length", source), integer(o, "embedding_size", source),
                    integer(o, "validation_slice", source));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source + ": task.lm: " + e.getMessage());
        }
    }

    private static int integer(JsonNode o, String key, String source) {
        JsonNode n = o.get(key);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new InvalidInputException(source + ": task.lm." + key + " should be an integer, got " + n);
        }
        return n.asInt();
    }
}
