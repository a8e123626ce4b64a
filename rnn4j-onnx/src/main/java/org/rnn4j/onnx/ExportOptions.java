package org.rnn4j.onnx;

/**
 * How a model is written to ONNX.
 *
 * @param opset          the ONNX operator set to target, at most {@value #MAX_OPSET}; the export refuses an
 *                       opset below what the model's graph needs (9 with plain inputs, 15 with optional ones),
 *                       naming each feature that needs more
 * @param batchFirst     whether the graph's sequence input and every-step output are {@code [B, T, ·]} (the
 *                       recurrent operators still run time-major, {@code layout = 0}, between two Transpose
 *                       nodes: ONNX Runtime's CPU kernels refuse {@code layout = 1}); ignored for a bare layer,
 *                       whose config says its layout
 * @param optionalInputs whether {@code lengths}, {@code h0} and {@code c0} are ONNX optional inputs that a
 *                       client may leave out (full lengths, zero states; needs opset 15), or plain tensors
 *                       that must always be fed (for runtimes or APIs without the optional type, down to
 *                       opset 7)
 */
public record ExportOptions(int opset, boolean batchFirst, boolean optionalInputs) {

    /** The lowest opset any graph can need: below it the question is not what the graph needs. */
    public static final int MIN_OPSET = 1;
    /** The lowest opset of a graph with plain inputs: Where (9), which keeps the state of a sequence of length 0. */
    public static final int PLAIN_INPUTS_OPSET = 9;
    /** The highest opset the exported graphs were checked with in ONNX Runtime. */
    public static final int MAX_OPSET = 21;
    /** Opset 17: supported by ONNX Runtime since 1.12 and by onnx 1.12's checker. */
    public static final int DEFAULT_OPSET = 17;
    /** The lowest opset with optional inputs (OptionalHasElement, OptionalGetElement). */
    public static final int OPTIONAL_INPUTS_OPSET = 15;

    public ExportOptions {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset must be in [" + MIN_OPSET + ", " + MAX_OPSET + "], got " + opset);
        }
    }

    /** Opset {@value #DEFAULT_OPSET}, time-major, optional lengths and states. */
    public static ExportOptions defaults() {
        return new ExportOptions(DEFAULT_OPSET, false, true);
    }

    public ExportOptions withOpset(int value) {
        return new ExportOptions(value, batchFirst, optionalInputs);
    }

    public ExportOptions withBatchFirst(boolean value) {
        return new ExportOptions(opset, value, optionalInputs);
    }

    public ExportOptions withOptionalInputs(boolean value) {
        return new ExportOptions(opset, batchFirst, value);
    }
}
