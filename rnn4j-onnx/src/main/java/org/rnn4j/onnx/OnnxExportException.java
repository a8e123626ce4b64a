package org.rnn4j.onnx;

import org.rnn4j.InvalidInputException;

/**
 * A model that cannot be written to ONNX as asked: a feature ONNX's operators do not have (an LSTM
 * projection), or an opset below what the graph needs. The message is one line naming the feature.
 */
public final class OnnxExportException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    OnnxExportException(String message) {
        super(message);
    }
}
