package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attribute;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnn4j.kernel.Gates;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * A recurrent stack as ONNX RNN, LSTM or GRU nodes, one per layer, both directions in one node.
 *
 * <p>Legend: {@code T} steps, {@code B} sequences, {@code I_k} layer {@code k}'s input width, {@code H}
 * hidden size ({@code = S}: ONNX has no projection), {@code D} directions, {@code G} gate blocks, {@code L}
 * layers. ONNX's operators take {@code W [D, G·H, I_k]}, {@code R [D, G·H, H]}, {@code B [D, 2·G·H]}
 * ({@code W}'s biases then {@code R}'s), and return {@code Y [T, D, B, H]}, {@code Y_h [D, B, H]} and for
 * LSTM {@code Y_c [D, B, H]}. PyTorch's gate blocks are reordered to ONNX's: LSTM {@code i f g o} to
 * {@code i o f c}, GRU {@code r z n} to {@code z r h}, and GRU runs with {@code linear_before_reset = 1},
 * PyTorch's {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))}.
 */
final class RecurrentGraph {

    /** ONNX's LSTM blocks {@code i o f c}, as PyTorch block indices. */
    static final int[] LSTM_ORDER = {Gates.LSTM_INPUT, Gates.LSTM_OUTPUT, Gates.LSTM_FORGET, Gates.LSTM_CELL};
    /** ONNX's GRU blocks {@code z r h}, as PyTorch block indices. */
    static final int[] GRU_ORDER = {Gates.GRU_UPDATE, Gates.GRU_RESET, Gates.GRU_NEW};

    /**
     * The names of the stack's results: the top layer's output {@code [T, B, D·H]}, its final states
     * {@code [D, B, H]}, and the final states of every layer {@code [L·D, B, H]}.
     */
    record Result(String output, String topFinalHidden, String hN, String cN) {
    }

    private RecurrentGraph() {
    }

    /** Refuses what ONNX's recurrent operators cannot compute, naming the feature. */
    static void checkExpressible(RecurrentConfig c) {
        if (c.projSize() > 0) {
            throw new OnnxExportException("this LSTM has a projection (proj_size " + c.projSize()
                    + "), which ONNX's LSTM operator does not have; only models without proj_size can be exported");
        }
    }

    /**
     * Emits the stack.
     *
     * @param params  the module's parameters by name ({@code prefix} + PyTorch's name)
     * @param x       the input {@code [T, B, I]}, time-major
     * @param seqLens int32 {@code [B]} valid steps, or "" for all T
     * @param h0      initial states {@code [L·D, B, H]}, or "" for zeros
     * @param c0      initial cell states {@code [L·D, B, H]} (LSTM), or "" for zeros
     * @param hN      the name to give the final states {@code [L·D, B, H]}
     * @param cN      the name to give the final cell states (LSTM)
     */
    static Result emit(OnnxGraph g, RecurrentConfig c, Map<String, Parameter> params, String prefix, String x,
            String seqLens, String h0, String c0, String hN, String cN) {
        checkExpressible(c);
        int d = c.directions();
        int h = c.hiddenSize();
        int layers = c.numLayers();
        long rows = (long) c.cell().gates() * h;
        boolean lstm = c.cell() == CellType.LSTM;
        Op op = switch (c.cell()) {
            case RNN -> Op.RNN;
            case LSTM -> Op.LSTM;
            case GRU -> Op.GRU;
        };
        String feature = "the " + c.cell().torchModule() + " layers";
        List<String> finalH = new ArrayList<>();
        List<String> finalC = new ArrayList<>();
        String empty = seqLens.isEmpty() ? "" : emptySequences(g, seqLens, prefix);
        String input = x;
        for (int k = 0; k < layers; k++) {
            String layer = prefix + "l" + k + ".";
            int in = c.layerInputSize(k);
            String w = g.floats(layer + "W", weights(c, params, prefix + "weight_ih_l" + k, in), d, rows, in);
            String r = g.floats(layer + "R", weights(c, params, prefix + "weight_hh_l" + k, h), d, rows, h);
            String b = c.bias() ? g.floats(layer + "B", biases(c, params, prefix, k), d, 2 * rows) : "";
            String initH = layerState(g, h0, k, d, layers, layer + "h0");
            String initC = lstm ? layerState(g, c0, k, d, layers, layer + "c0") : "";
            boolean single = layers == 1;
            List<String> inputs = lstm
                    ? List.of(input, w, r, b, seqLens, initH, initC)
                    : List.of(input, w, r, b, seqLens, initH);
            List<String> outputs = lstm
                    ? List.of(layer + "Y", single ? hN : layer + "Y_h", single ? cN : layer + "Y_c")
                    : List.of(layer + "Y", single ? hN : layer + "Y_h");
            List<String> raw = lstm
                    ? List.of(layer + "Y", layer + "Y_h_raw", layer + "Y_c_raw")
                    : List.of(layer + "Y", layer + "Y_h_raw");
            boolean keep = !empty.isEmpty() && !initH.isEmpty();
            String[] out = g.node(op, feature, inputs, keep ? raw : outputs, attributes(c));
            finalH.add(keep ? keepInitial(g, empty, initH, out[1], outputs.get(1)) : out[1]);
            if (lstm) {
                finalC.add(keep ? keepInitial(g, empty, initC, out[2], outputs.get(2)) : out[2]);
            }
            input = merge(g, out[0], d, h, layer + "output", feature);
        }
        String hNames = layers == 1
                ? finalH.get(0)
                : g.node(Op.CONCAT, feature, finalH, hN, attribute("axis", 0));
        String cNames = !lstm
                ? null
                : layers == 1 ? finalC.get(0) : g.node(Op.CONCAT, feature, finalC, cN, attribute("axis", 0));
        return new Result(input, finalH.get(layers - 1), hNames, cNames);
    }

    private static final String EMPTY_FEATURE = "sequences of length 0 keeping their initial state";

    /**
     * {@code [1, B, 1]} bool: which sequences have length 0. ONNX Runtime returns a zero final state for
     * them (the RNN's reverse direction the initial one); rnn4j passes the initial state through, as a
     * stream without new input this chunk needs.
     */
    private static String emptySequences(OnnxGraph g, String seqLens, String prefix) {
        String zero = g.node(Op.EQUAL, EMPTY_FEATURE, List.of(seqLens, g.int32(prefix + "zero_length", 0)),
                prefix + "is_empty");
        return g.node(Op.RESHAPE, EMPTY_FEATURE, List.of(zero, g.longs(prefix + "empty_shape", 1, -1, 1)),
                prefix + "empty");
    }

    /** The final state, with the initial one for sequences of length 0. */
    private static String keepInitial(OnnxGraph g, String empty, String initial, String computed, String name) {
        return g.node(Op.WHERE, EMPTY_FEATURE, List.of(empty, initial, computed), name);
    }

    private static AttributeProto[] attributes(RecurrentConfig c) {
        List<AttributeProto> a = new ArrayList<>();
        a.add(attribute("hidden_size", c.hiddenSize()));
        a.add(attribute("direction", c.bidirectional() ? "bidirectional" : "forward"));
        if (c.cell() == CellType.GRU) {
            a.add(attribute("linear_before_reset", 1));
        }
        if (c.cell() == CellType.RNN) {
            String f = switch (c.activation()) {
                case TANH -> "Tanh";
                case RELU -> "Relu";
                case SIGMOID -> "Sigmoid";
            };
            a.add(attribute("activations", c.bidirectional() ? List.of(f, f) : List.of(f)));
        }
        return a.toArray(new AttributeProto[0]);
    }

    /**
     * One layer's {@code W} or {@code R}: {@code [D, G·H, cols]}, each direction's PyTorch weight
     * {@code [G·H, cols]} with its gate blocks in ONNX's order.
     */
    private static float[] weights(RecurrentConfig c, Map<String, Parameter> params, String name, int cols) {
        int h = c.hiddenSize();
        int block = h * cols;
        int[] order = order(c.cell());
        float[] out = new float[c.directions() * order.length * block];
        for (int dir = 0; dir < c.directions(); dir++) {
            float[] w = param(params, name + (dir == 1 ? "_reverse" : ""), order.length * block);
            for (int k = 0; k < order.length; k++) {
                System.arraycopy(w, order[k] * block, out, (dir * order.length + k) * block, block);
            }
        }
        return out;
    }

    /** One layer's {@code B}: {@code [D, 2·G·H]}, per direction {@code b_ih} then {@code b_hh}, blocks reordered. */
    private static float[] biases(RecurrentConfig c, Map<String, Parameter> params, String prefix, int layer) {
        int h = c.hiddenSize();
        int[] order = order(c.cell());
        int g = order.length;
        float[] out = new float[c.directions() * 2 * g * h];
        for (int dir = 0; dir < c.directions(); dir++) {
            String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
            float[] ih = param(params, prefix + "bias_ih" + suffix, g * h);
            float[] hh = param(params, prefix + "bias_hh" + suffix, g * h);
            for (int k = 0; k < g; k++) {
                System.arraycopy(ih, order[k] * h, out, (dir * 2 * g + k) * h, h);
                System.arraycopy(hh, order[k] * h, out, (dir * 2 * g + g + k) * h, h);
            }
        }
        return out;
    }

    private static int[] order(CellType cell) {
        return switch (cell) {
            case RNN -> new int[] {0};
            case LSTM -> LSTM_ORDER;
            case GRU -> GRU_ORDER;
        };
    }

    private static float[] param(Map<String, Parameter> params, String name, int size) {
        Parameter p = params.get(name);
        if (p == null || p.size() != size) {
            throw new IllegalStateException("parameter " + name + (p == null
                    ? " is missing"
                    : " has " + p.size()
                            + " values, expected " + size));
        }
        return p.value();
    }

    /** Layer {@code k}'s rows {@code [D, B, H]} of a {@code [L·D, B, H]} state, or "" for none. */
    private static String layerState(OnnxGraph g, String state, int k, int d, int layers, String name) {
        if (state.isEmpty() || layers == 1) {
            return state;
        }
        long[] rows = new long[d];
        for (int i = 0; i < d; i++) {
            rows[i] = (long) k * d + i;
        }
        return g.node(Op.GATHER, "the initial state of a stacked model", List.of(state, g.longs(name + "_rows", rows)),
                name, attribute("axis", 0));
    }

    /** {@code Y [T, D, B, H]} as {@code [T, B, D·H]}, each step's directions side by side as in PyTorch. */
    private static String merge(OnnxGraph g, String y, int d, int h, String name, String feature) {
        if (d == 1) {
            return g.node(Op.RESHAPE, feature, List.of(y, g.longs(name + "_shape", 0, -1, h)), name);
        }
        String t = g.node(Op.TRANSPOSE, feature, List.of(y), name + "_tbdh",
                attribute("perm", new long[] {0, 2, 1, 3}));
        return g.node(Op.RESHAPE, feature, List.of(t, g.longs(name + "_shape", 0, 0, -1)), name);
    }
}
