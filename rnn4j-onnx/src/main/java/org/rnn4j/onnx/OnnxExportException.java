package org.rnn4j.onnx;

import org.rnn4j.InvalidInputException;

/**
 * A model that cannot be written to ONNX as asked: a feature ONNX's operators do not have (an LSTM
 * projection), or an opset below what the graph needs. The message is one line naming the feature.
 */
public final class OnnxExportException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private final int neededOpset;

    /** A feature ONNX cannot express. */
    OnnxExportException(String message) {
        this(message, 0);
    }

    /** An opset below {@code neededOpset}, the lowest the model's graph can be written in. */
    OnnxExportException(String message, int neededOpset) {
        super(message);
        this.neededOpset = neededOpset;
    }

    /** The lowest opset the model needs when the refusal is about the opset asked for; 0 otherwise. */
    public int neededOpset() {
        return neededOpset;
    }
}
