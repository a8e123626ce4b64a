package org.rnn4j.onnx;

/**
 * The ONNX operators the exporter emits, each with the first opset in which the form emitted here
 * (inputs, attributes, defaults, types) is valid. Every later opset up to
 * {@link ExportOptions#MAX_OPSET} keeps that form's meaning: later versions only add types or
 * attributes whose defaults are the old behaviour (for example {@code layout = 0} of RNN-14).
 */
enum Op {
    /** Multidirectional broadcasting from Add-7 on. */
    ADD("Add", 7),
    /** The summary blend's last-step mask, from And-7 (broadcasting). */
    AND("And", 7),
    /** The summary blend's mean and variance, broadcast from Div-7 on. */
    DIV("Div", 7),
    /** The summary blend's last-step mask. */
    NOT("Not", 1),
    /** The summary blend's deviations, broadcast from Sub-7 on. */
    SUB("Sub", 7),
    /** The summary blend's standard deviation. */
    SQRT("Sqrt", 6),
    /** The {@code to} attribute as an integer from Cast-6 on. */
    CAST("Cast", 6),
    /** {@code axis} required from Concat-4 on. */
    CONCAT("Concat", 4),
    /** The zero state of an optional h0 or c0 left out. */
    CONSTANT_OF_SHAPE("ConstantOfShape", 9),
    /** int32 inputs from Equal-7 on. */
    EQUAL("Equal", 7),
    /** The full lengths of an optional lengths input left out. */
    EXPAND("Expand", 8),
    /** The embedding, rows of a state, dimensions of a shape. */
    GATHER("Gather", 1),
    /** {@code linear_before_reset} from GRU-3; the form without the removed {@code output_sequence} from GRU-7. */
    GRU("GRU", 7),
    /** Outer-scope references from the branches, used with optional inputs only. */
    IF("If", 1),
    /** The form without the removed {@code output_sequence} attribute from LSTM-7. */
    LSTM("LSTM", 7),
    /** Numpy-style broadcasting of a [T, B, K] by a [K, O] product from MatMul-1 on. */
    MATMUL("MatMul", 1),
    /** Reads an optional input that was given. */
    OPTIONAL_GET_ELEMENT("OptionalGetElement", 15),
    /** Whether an optional input was given. */
    OPTIONAL_HAS_ELEMENT("OptionalHasElement", 15),
    /** The shape as an input (not an attribute) from Reshape-5 on. */
    RESHAPE("Reshape", 5),
    /** The time index of the max-over-time head's mask (float inputs) from Range-11. */
    RANGE("Range", 11),
    /** Float comparisons from Less-7 on: the max-over-time head's mask. */
    LESS("Less", 7),
    /** The max over time with {@code axes} as an attribute: opsets 1 to 17. */
    REDUCE_MAX("ReduceMax", 1),
    /** The max over time with {@code axes} as an input, as ReduceMax-18 requires. */
    REDUCE_MAX_18("ReduceMax", 18),
    /** The linear blend's sum over positions, {@code axes} as an attribute: opsets 1 to 12. */
    REDUCE_SUM("ReduceSum", 1),
    /** The linear blend's sum over positions, {@code axes} as an input from ReduceSum-13. */
    REDUCE_SUM_13("ReduceSum", 13),
    /** The blend's mixture of probabilities, back to logits. */
    LOG("Log", 6),
    /** The blend's weights, broadcast from Mul-7 on. */
    MUL("Mul", 7),
    /** The class probabilities of a blend's two models, over axis 1 of [B, C] (the same from Softmax-1 on). */
    SOFTMAX("Softmax", 1),
    /** The form without the removed {@code output_sequence} attribute from RNN-7. */
    RNN("RNN", 7),
    /** The dynamic T and B, for the defaults of optional inputs. */
    SHAPE("Shape", 1),
    /** The batch-first layout, and the directions of a step side by side. */
    TRANSPOSE("Transpose", 1),
    /** Multidirectional broadcasting of the condition from Where-9 (its first version) on. */
    WHERE("Where", 9);

    private final String type;
    private final int since;

    Op(String type, int since) {
        this.type = type;
        this.since = since;
    }

    /** The {@code op_type} of the node. */
    String type() {
        return type;
    }

    /** The first opset with this form of the operator. */
    int since() {
        return since;
    }
}
