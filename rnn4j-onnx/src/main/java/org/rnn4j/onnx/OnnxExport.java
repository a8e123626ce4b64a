package org.rnn4j.onnx;

import static org.rnn4j.onnx.OnnxGraph.attribute;
import static org.rnn4j.onnx.OnnxGraph.optionalType;
import static org.rnn4j.onnx.OnnxGraph.tensorType;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TypeProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.Version;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;

/**
 * Writes an rnn4j {@link SequenceModel} (or a bare {@link RecurrentLayer}) as an ONNX model that
 * computes the same function with ONNX's RNN, LSTM and GRU operators.
 *
 * <p>Legend: {@code T} steps, {@code B} sequences (both dynamic), {@code F} features, {@code S} state size,
 * {@code L} layers, {@code D} directions, {@code O} head width. The graph of a model:
 *
 * <pre>
 * inputs   tokens  int64 [T, B] (token models) or input float [T, B, F] (dense models); [B, T, ·] batch-first
 *          lengths int64 [B]          valid steps of each sequence, in [0, T]   (optional: all T)
 *          h0      float [L·D, B, S]  initial states, as rnn4j and PyTorch order them  (optional: zeros)
 *          c0      float [L·D, B, S]  LSTM initial cell states                          (optional: zeros)
 * outputs  output  float [T, B, O] ([B, T, O] batch-first) for every-step models, [B, O] for last-step ones
 *          h_n     float [L·D, B, S]  final states (each sequence's state after its last valid step)
 *          c_n     float [L·D, B, S]  LSTM final cell states
 * </pre>
 *
 * Feeding {@code h_n} (and {@code c_n}) back as {@code h0} (and {@code c0}) continues the sequences, so a
 * client can stream a model one step or one chunk at a time. The last-step head reads the top layer's
 * {@code Y_h}, which for a variable-length batch is each sequence's state after its last valid step
 * (forward) and after step 0 (backward), as rnn4j's {@link OutputMode#LAST_STEP}.
 *
 * <p>The file's metadata ({@code metadata_props}) holds the architecture ({@value #MODEL_METADATA}, the
 * JSON of {@link ModelDirectory#modelToJson}), the task data ({@value #TASK_METADATA}: vocabulary,
 * normalization, classes) and the layout ({@value #LAYOUT_METADATA}).
 *
 * <p>Not exportable, refused with {@link OnnxExportException}: an LSTM projection ({@code proj_size}),
 * which ONNX's LSTM lacks.
 */
public final class OnnxExport {

    public static final String TOKENS = "tokens";
    public static final String INPUT = "input";
    public static final String LENGTHS = "lengths";
    public static final String H0 = "h0";
    public static final String C0 = "c0";
    public static final String OUTPUT = "output";
    public static final String H_N = "h_n";
    public static final String C_N = "c_n";
    public static final String MODEL_METADATA = "rnn4j_model";
    public static final String TASK_METADATA = "rnn4j_task";
    public static final String LAYOUT_METADATA = "rnn4j_layout";
    /** The task object's key of a classifier's blend with a position-wise linear model. */
    public static final String BLEND_KEY = "blend";

    private static final String OPTIONAL_FEATURE = "the optional inputs lengths, h0 and c0";

    private OnnxExport() {
    }

    /**
     * The ONNX model of {@code model}: the serialized {@code ModelProto}.
     *
     * @param task the task data to keep in the metadata (vocabulary, normalization), or null
     * @throws OnnxExportException if ONNX cannot express the model, or the opset is too low for it
     */
    public static byte[] model(SequenceModel model, ObjectNode task, ExportOptions options) {
        ModelConfig mc = model.config();
        RecurrentConfig rc = mc.rnn();
        RecurrentGraph.checkExpressible(rc);
        boolean bf = options.batchFirst();
        OnnxGraph g = new OnnxGraph("rnn4j");
        Map<String, Parameter> params = model.namedParameters();
        String x;
        String tokens = null;
        JsonNode blend = task == null ? null : task.get(BLEND_KEY);
        boolean summary = blend != null && "summary".equals(blend.path("linear").path("kind").asText());
        if (blend != null && (mc.tokenInput() == summary || !mc.output().perSequence())) {
            throw new OnnxExportException("a blend needs a classifier with one output row per sequence, of tokens for a"
                    + " position-wise linear model or of dense features for a summary one; got "
                    + ModelDirectory.modelToJson(mc) + " with a " + (summary ? "summary" : "position-wise")
                    + " model", 0);
        }
        if (mc.tokenInput()) {
            g.input(TOKENS, tensorType(DataType.INT64, bf ? "B" : "T", bf ? "T" : "B"),
                    "token ids in [0, " + mc.vocabSize() + "), " + (bf ? "[B, T]" : "[T, B]"));
            tokens = bf ? transpose(g, TOKENS, new long[] {1, 0}, "tokens_tb") : TOKENS;
            String table = g.floats("embedding.weight", params.get("embedding.weight").value(), mc.vocabSize(),
                    rc.inputSize());
            x = g.node(Op.GATHER, "the embedding", List.of(table, tokens), "embedded", attribute("axis", 0));
        } else {
            g.input(INPUT, tensorType(DataType.FLOAT, bf ? "B" : "T", bf ? "T" : "B", rc.inputSize()),
                    rc.inputSize() + " features per step, " + (bf ? "[B, T, F]" : "[T, B, F]"));
            x = bf ? transpose(g, INPUT, new long[] {1, 0, 2}, "input_tbf") : INPUT;
        }
        String[] lengths = new String[1];
        RecurrentGraph.Result r = recurrent(g, rc, params, "rnn.", x, options, lengths);

        Parameter w = params.get("decoder.weight");
        String weightT = g.floats("decoder.weight_t", transposed(w.value(), mc.outputSize(), mc.headInputSize()),
                mc.headInputSize(), mc.outputSize());
        String bias = g.floats("decoder.bias", params.get("decoder.bias").value(), mc.outputSize());
        String head;
        TypeProto outType;
        String logitsName = blend != null ? "network_logits" : OUTPUT;
        if (mc.output() == OutputMode.EVERY_STEP) {
            String logits = linear(g, r.output(), weightT, bias, bf ? "output_tbo" : OUTPUT);
            head = bf ? transpose(g, logits, new long[] {1, 0, 2}, OUTPUT) : logits;
            outType = tensorType(DataType.FLOAT, bf ? "B" : "T", bf ? "T" : "B", mc.outputSize());
        } else if (mc.output() == OutputMode.MAX_OVER_TIME) {
            head = linear(g, maxOverTime(g, r.output(), lengths[0], options.opset()), weightT, bias, logitsName);
            outType = tensorType(DataType.FLOAT, "B", mc.outputSize());
        } else if (mc.output() == OutputMode.ALL_STEPS) {
            String btw = transpose(g, r.output(), new long[] {1, 0, 2}, "steps_btw");
            String flat = g.node(Op.RESHAPE, "the all-steps head", List.of(btw, g.longs("steps_shape", 0, -1)),
                    "steps_side_by_side");
            head = linear(g, flat, weightT, bias, logitsName);
            outType = tensorType(DataType.FLOAT, "B", mc.outputSize());
        } else {
            String bds = transpose(g, r.topFinalHidden(), new long[] {1, 0, 2}, "final_bds");
            String last = g.node(Op.RESHAPE, "the last-step head", List.of(bds, g.longs("final_shape", 0, -1)),
                    "final_state");
            head = linear(g, last, weightT, bias, logitsName);
            outType = tensorType(DataType.FLOAT, "B", mc.outputSize());
        }
        if (blend != null) {
            String linearLogits = summary
                    ? summaryLogits(g, blend.path("linear"), x, lengths[0], rc.inputSize(), mc.outputSize(),
                            options.opset())
                    : positionLogits(g, blend.path("linear"), tokens, mc.outputSize(), options.opset());
            head = blended(g, blend, head, linearLogits);
        }
        g.output(expectName(head, OUTPUT), outType, blend != null
                ? "the log of the blend's class probabilities (their softmax is the blend)"
                : mc.output() == OutputMode.EVERY_STEP
                        ? "the head at every step"
                        : mc.output() == OutputMode.MAX_OVER_TIME
                                ? "the head on each unit's maximum over the valid steps"
                                : mc.output() == OutputMode.ALL_STEPS
                                        ? "the head on the outputs of all " + mc.positions() + " steps side by side"
                                        : "the head on each sequence's final state");
        stateOutputs(g, rc, r);

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(MODEL_METADATA, ModelDirectory.modelToJson(mc).toString());
        meta.put(TASK_METADATA, task == null ? "{}" : task.toString());
        meta.put(LAYOUT_METADATA, bf ? "batch_first" : "time_major");
        return finish(g, options, meta, "rnn4j " + (mc.tokenInput() ? "token" : "dense") + " model: "
                + rc.cell().torchModule() + " " + rc.numLayers() + "x" + rc.hiddenSize()
                + (rc.bidirectional() ? " bidirectional" : "") + ", head " + mc.output().name().toLowerCase());
    }

    /**
     * The ONNX model of a bare recurrent module (PyTorch's nn.RNN, nn.LSTM, nn.GRU): input {@code input},
     * outputs {@code output} (0 at padded steps), {@code h_n}, {@code c_n}, and the optional inputs as for
     * a model. The layout is the layer's own ({@link RecurrentConfig#batchFirst()});
     * {@link ExportOptions#batchFirst()} is not read.
     */
    public static byte[] layer(RecurrentLayer layer, ExportOptions options) {
        RecurrentConfig rc = layer.config();
        RecurrentGraph.checkExpressible(rc);
        boolean bf = rc.batchFirst();
        OnnxGraph g = new OnnxGraph("rnn4j_layer");
        g.input(INPUT, tensorType(DataType.FLOAT, bf ? "B" : "T", bf ? "T" : "B", rc.inputSize()),
                bf ? "[B, T, I]" : "[T, B, I]");
        String x = bf ? transpose(g, INPUT, new long[] {1, 0, 2}, "input_tbi") : INPUT;
        RecurrentGraph.Result r = recurrent(g, rc, layer.namedParameters(), "", x, options, new String[1]);
        String out = bf
                ? transpose(g, r.output(), new long[] {1, 0, 2}, OUTPUT)
                : g.node(Op.RESHAPE, "the output", List.of(r.output(), g.longs("output_shape", 0, 0, -1)), OUTPUT);
        g.output(expectName(out, OUTPUT), tensorType(DataType.FLOAT, bf ? "B" : "T", bf ? "T" : "B",
                rc.outputSize()), "the top layer's output, 0 at padded steps");
        stateOutputs(g, rc, r);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(LAYOUT_METADATA, bf ? "batch_first" : "time_major");
        return finish(g, options, meta, "rnn4j recurrent layer: " + rc.cell().torchModule());
    }

    /**
     * A classifier's blend with a linear model (the task object's {@value #BLEND_KEY}):
     * {@code log(w·softmax(network) + (1 − w)·softmax(linear))}, [B, C], whose softmax is the blend's
     * probabilities, as rnn4j's classifier computes them.
     */
    private static String blended(OnnxGraph g, JsonNode blend, String networkLogits, String linearLogits) {
        String feature = "the linear blend";
        double w = blend.path("network_weight").asDouble(Double.NaN);
        if (!(w >= 0 && w <= 1)) {
            throw new OnnxExportException("the task's blend is malformed: expected a network_weight in [0, 1], got "
                    + blend.path("network_weight"), 0);
        }
        String pNetwork = g.node(Op.SOFTMAX, feature, List.of(networkLogits), "network_probabilities",
                attribute("axis", 1));
        String pLinear = g.node(Op.SOFTMAX, feature, List.of(linearLogits), "linear_probabilities",
                attribute("axis", 1));
        String a = g.node(Op.MUL, feature, List.of(pNetwork, g.floats("network_weight", new float[] {(float) w}, 1)),
                "network_share");
        String b = g.node(Op.MUL, feature, List.of(pLinear, g.floats("linear_weight", new float[] {(float) (1 - w)},
                1)), "linear_share");
        String mixed = g.node(Op.ADD, feature, List.of(a, b), "blend_probabilities");
        return g.node(Op.LOG, feature, List.of(mixed), OUTPUT);
    }

    /** The weights array {@code key} of a saved linear model, as floats, of {@code size} elements. */
    private static double[] numbers(JsonNode lin, String key, long size) {
        JsonNode a = lin.path(key);
        if (!a.isArray() || a.size() != size) {
            throw new OnnxExportException("the task's blend is malformed: expected " + size + " numbers in linear."
                    + key + ", got " + (a.isArray() ? a.size() : a.getNodeType()), 0);
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    /**
     * The position-wise linear model's logits {@code b + Σ_t W[t·V + x_t]} (plus, with adjacent pairs,
     * {@code Σ_{t<L−1} W[L·V + t·V² + x_t·V + x_{t+1}]}), [B, C], for token sequences of exactly its length.
     */
    private static String positionLogits(OnnxGraph g, JsonNode lin, String tokensTB, int classes, int opset) {
        String feature = "the linear blend";
        int positions = lin.path("positions").asInt();
        int vocab = lin.path("tokens").asInt();
        boolean pairs = lin.path("pairs").asBoolean(false);
        if (positions < 1 || vocab < 1 || lin.path("classes").asInt() != classes) {
            throw new OnnxExportException("the task's blend is malformed: expected a linear model of " + classes
                    + " classes over positions and tokens, got " + lin.path("classes") + " classes, "
                    + lin.path("positions") + " positions, " + lin.path("tokens") + " tokens", 0);
        }
        int dims = positions * vocab + (pairs ? (positions - 1) * vocab * vocab : 0);
        int row = dims + 1;
        double[] weights = numbers(lin, "weights", (long) classes * row);
        float[] table = new float[dims * classes]; // [D, C]
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < row - 1; j++) {
                table[j * classes + c] = (float) weights[c * row + j];
            }
            bias[c] = (float) weights[c * row + row - 1];
        }
        long[] offsets = new long[positions];
        for (int t = 0; t < positions; t++) {
            offsets[t] = (long) t * vocab;
        }
        String index = g.node(Op.ADD, feature, List.of(tokensTB, g.longs("linear_offsets", offsets, positions, 1)),
                "linear_index");
        if (pairs) {
            // each step's token times V plus the next one's, offset past the positions' rows: [L−1, B]
            long[] first = new long[positions - 1];
            long[] next = new long[positions - 1];
            long[] pairOffsets = new long[positions - 1];
            for (int t = 0; t < positions - 1; t++) {
                first[t] = t;
                next[t] = t + 1;
                pairOffsets[t] = (long) positions * vocab + (long) t * vocab * vocab;
            }
            String a = g.node(Op.GATHER, feature, List.of(tokensTB, g.longs("pair_first", first, positions - 1)),
                    "pair_first_tokens", attribute("axis", 0));
            String b = g.node(Op.GATHER, feature, List.of(tokensTB, g.longs("pair_next", next, positions - 1)),
                    "pair_next_tokens", attribute("axis", 0));
            String scaled = g.node(Op.MUL, feature, List.of(a, g.longs("pair_vocab", vocab)), "pair_scaled");
            String pair = g.node(Op.ADD, feature, List.of(scaled, b), "pair_code");
            String pairIndex = g.node(Op.ADD, feature, List.of(pair, g.longs("pair_offsets", pairOffsets,
                    positions - 1, 1)), "pair_index");
            index = g.node(Op.CONCAT, feature, List.of(index, pairIndex), "linear_features", attribute("axis", 0));
        }
        String rows = g.node(Op.GATHER, feature, List.of(g.floats("linear.weight", table, dims, classes), index),
                "linear_rows", attribute("axis", 0));
        String sum = reduceSumOverTime(g, feature, rows, opset, "linear_sum");
        return g.node(Op.ADD, feature, List.of(sum, g.floats("linear.bias", bias, classes)), "linear_logits");
    }

    private static String reduceSumOverTime(OnnxGraph g, String feature, String x, int opset, String name) {
        return opset >= 13
                ? g.node(Op.REDUCE_SUM_13, feature, List.of(x, g.longs("time_axes", 0)), name, attribute("keepdims", 0))
                : g.node(Op.REDUCE_SUM, feature, List.of(x), name, attribute("axes", new long[] {0}),
                        attribute("keepdims", 0));
    }

    /**
     * The summary linear model's logits, [B, C]: each input feature's mean, standard deviation (of the
     * valid steps, divided by their count), first and last value, and the length, standardized by the
     * saved statistics, times the weights. {@code x} is [T, B, F] time-major, {@code sequenceLens} [B].
     */
    private static String summaryLogits(OnnxGraph g, JsonNode lin, String x, String sequenceLens, int features,
            int classes, int opset) {
        String feature = "the summary blend";
        int d = 4 * features + 1;
        if (lin.path("features").asInt() != features || lin.path("classes").asInt() != classes) {
            throw new OnnxExportException("the task's blend is malformed: expected a summary model of " + features
                    + " features and " + classes + " classes, got " + lin.path("features") + " and "
                    + lin.path("classes"), 0);
        }
        double[] weights = numbers(lin, "weights", (long) classes * (d + 1));
        double[] mean = numbers(lin, "summary_mean", d);
        double[] std = numbers(lin, "summary_std", d);
        String lens = g.node(Op.CAST, feature, List.of(sequenceLens), "summary_lengths",
                attribute("to", DataType.FLOAT.getNumber()));
        String shape = g.node(Op.SHAPE, feature, List.of(x), "summary_input_shape");
        String t = g.node(Op.GATHER, feature, List.of(shape, g.longs("summary_time_axis", new long[] {0})),
                "summary_steps_1");
        String tf = g.node(Op.CAST, feature, List.of(t), "summary_steps_float",
                attribute("to", DataType.FLOAT.getNumber()));
        String tScalar = g.node(Op.RESHAPE, feature, List.of(tf, g.longs("summary_scalar_shape", new long[0], 0)),
                "summary_steps");
        String index = g.node(Op.RANGE, feature, List.of(g.floats("summary_zero", new float[] {0f}), tScalar,
                g.floats("summary_one", new float[] {1f})), "summary_time_index");
        String column = g.node(Op.RESHAPE, feature, List.of(index, g.longs("summary_column_shape", -1, 1)),
                "summary_time_column");
        String row = g.node(Op.RESHAPE, feature, List.of(lens, g.longs("summary_row_shape", 1, -1)),
                "summary_lengths_row");
        String one = g.floats("summary_one_f", new float[] {1f});
        String lastRow = g.node(Op.SUB, feature, List.of(row, one), "summary_last_row");
        String valid = g.node(Op.LESS, feature, List.of(column, row), "summary_valid");
        String beforeLast = g.node(Op.LESS, feature, List.of(column, lastRow), "summary_before_last");
        String last = g.node(Op.AND, feature, List.of(valid, g.node(Op.NOT, feature, List.of(beforeLast),
                "summary_not_before_last")), "summary_last");
        String validF = toMask(g, feature, valid, "summary_valid_mask");
        String lastF = toMask(g, feature, last, "summary_last_mask");
        String lensColumn = g.node(Op.RESHAPE, feature, List.of(lens, g.longs("summary_lengths_shape", -1, 1)),
                "summary_lengths_column");
        String sum = reduceSumOverTime(g, feature, g.node(Op.MUL, feature, List.of(x, validF), "summary_masked"),
                opset, "summary_sum");
        String mu = g.node(Op.DIV, feature, List.of(sum, lensColumn), "summary_mean");
        String dev = g.node(Op.SUB, feature, List.of(x, mu), "summary_deviation");
        String sq = g.node(Op.MUL, feature, List.of(g.node(Op.MUL, feature, List.of(dev, dev), "summary_square"),
                validF), "summary_square_masked");
        String var = g.node(Op.DIV, feature, List.of(reduceSumOverTime(g, feature, sq, opset, "summary_square_sum"),
                lensColumn), "summary_variance");
        String sd = g.node(Op.SQRT, feature, List.of(var), "summary_sd");
        String first = g.node(Op.GATHER, feature, List.of(x, g.longs("summary_first", new long[] {0}, new long[0])),
                "summary_first_step", attribute("axis", 0));
        String lastStep = reduceSumOverTime(g, feature, g.node(Op.MUL, feature, List.of(x, lastF), "summary_last_only"),
                opset, "summary_last_step");
        List<String> parts = new java.util.ArrayList<>();
        for (String part : new String[] {mu, sd, first, lastStep}) {
            parts.add(g.node(Op.RESHAPE, feature, List.of(part, g.longs("summary_part_shape", 0, 0, 1)),
                    part + "_3d"));
        }
        String stacked = g.node(Op.CONCAT, feature, parts, "summary_stacked", attribute("axis", 2));
        String flat = g.node(Op.RESHAPE, feature, List.of(stacked, g.longs("summary_flat_shape", 0, -1)),
                "summary_flat");
        String all = g.node(Op.CONCAT, feature, List.of(flat, lensColumn), "summary_features", attribute("axis", 1));
        float[] m = new float[d];
        float[] s = new float[d];
        for (int j = 0; j < d; j++) {
            m[j] = (float) mean[j];
            s[j] = (float) std[j];
        }
        String z = g.node(Op.DIV, feature,
                List.of(g.node(Op.SUB, feature, List.of(all, g.floats("summary_mean_c", m, d)),
                        "summary_centred"), g.floats("summary_std_c", s, d)),
                "summary_standardized");
        int rowLength = d + 1;
        float[] wt = new float[d * classes]; // [D, C]
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                wt[j * classes + c] = (float) weights[c * rowLength + j];
            }
            bias[c] = (float) weights[c * rowLength + d];
        }
        String product = g.node(Op.MATMUL, feature, List.of(z, g.floats("summary.weight", wt, d, classes)),
                "summary_product");
        return g.node(Op.ADD, feature, List.of(product, g.floats("summary.bias", bias, classes)), "linear_logits");
    }

    private static String toMask(OnnxGraph g, String feature, String condition, String name) {
        String f = g.node(Op.CAST, feature, List.of(condition), name + "_tb",
                attribute("to", DataType.FLOAT.getNumber()));
        return g.node(Op.RESHAPE, feature, List.of(f, g.longs(name + "_shape", 0, 0, 1)), name);
    }

    /** Writes {@code onnx} to {@code file} atomically (temporary file, then rename). */
    public static void write(Path file, byte[] onnx) throws IOException {
        AtomicFiles.write(file, onnx);
    }

    /**
     * The lowest IR version that holds opset {@code opset} (the ONNX versioning table), and at least 4, so
     * that initializers need not be listed as graph inputs.
     */
    static int irVersion(int opset) {
        if (opset <= 9) {
            return 4;
        }
        if (opset <= 11) {
            return opset - 5;
        }
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        return opset <= 20 ? 9 : 10;
    }

    /**
     * rnn4j's {@code MAX_OVER_TIME} head input: each unit's maximum over the valid steps of its
     * sequence ([T, B, W] → [B, W]), 0 for a sequence of no steps. Padded steps are masked to -∞
     * first: their outputs are 0, which may exceed every valid one.
     */
    private static String maxOverTime(OnnxGraph g, String y, String sequenceLens, int opset) {
        String feature = "the max-over-time head";
        String lens = g.node(Op.CAST, feature, List.of(sequenceLens), "lengths_float",
                attribute("to", DataType.FLOAT.getNumber()));
        String shape = g.node(Op.SHAPE, feature, List.of(y), "output_shape");
        String t = g.node(Op.GATHER, feature, List.of(shape, g.longs("time_axis", new long[] {0})), "steps_1");
        String tf = g.node(Op.CAST, feature, List.of(t), "steps_float", attribute("to", DataType.FLOAT.getNumber()));
        String tScalar = g.node(Op.RESHAPE, feature, List.of(tf, g.longs("scalar_shape", new long[0], 0)), "steps");
        String index = g.node(Op.RANGE, feature, List.of(g.floats("zero_f", new float[] {0f}), tScalar,
                g.floats("one_f", new float[] {1f})), "time_index");
        String column = g.node(Op.RESHAPE, feature, List.of(index, g.longs("column_shape", -1, 1)), "time_column");
        String row = g.node(Op.RESHAPE, feature, List.of(lens, g.longs("row_shape", 1, -1)), "lengths_row");
        String valid = g.node(Op.LESS, feature, List.of(column, row), "valid_steps");
        String valid3 = g.node(Op.RESHAPE, feature, List.of(valid, g.longs("mask_shape", 0, 0, 1)), "valid_mask");
        String masked = g.node(Op.WHERE, feature, List.of(valid3, y, g.floats("minus_infinity",
                new float[] {Float.NEGATIVE_INFINITY})), "masked_output");
        String max = opset >= 18
                ? g.node(Op.REDUCE_MAX_18, feature, List.of(masked, g.longs("time_axes", 0)), "max_over_time",
                        attribute("keepdims", 0))
                : g.node(Op.REDUCE_MAX, feature, List.of(masked), "max_over_time", attribute("axes", new long[] {0}),
                        attribute("keepdims", 0));
        String any = g.node(Op.LESS, feature, List.of(g.floats("zero_steps", new float[] {0f}), lens), "has_steps");
        String anyColumn = g.node(Op.RESHAPE, feature, List.of(any, g.longs("any_shape", -1, 1)), "has_steps_column");
        return g.node(Op.WHERE, feature, List.of(anyColumn, max, g.floats("zero_pool", new float[] {0f})),
                "pooled");
    }

    private static RecurrentGraph.Result recurrent(OnnxGraph g, RecurrentConfig rc, Map<String, Parameter> params,
            String prefix, String x, ExportOptions options, String[] lengthsOut) {
        int states = rc.numLayers() * rc.directions();
        int s = rc.stateSize();
        Inputs in = new Inputs(g, x, options.optionalInputs());
        String lengths = in.lengths();
        lengthsOut[0] = lengths;
        String h0 = in.state(H0, states, s, "initial states [L*D, B, S] (zeros when left out)");
        String c0 = rc.hasCellState()
                ? in.state(C0, states, s, "initial cell states [L*D, B, S] (zeros when left out)")
                : "";
        return RecurrentGraph.emit(g, rc, params, prefix, x, lengths, h0, c0, H_N, C_N);
    }

    private static void stateOutputs(OnnxGraph g, RecurrentConfig rc, RecurrentGraph.Result r) {
        int states = rc.numLayers() * rc.directions();
        g.output(expectName(r.hN(), H_N), tensorType(DataType.FLOAT, states, "B", rc.stateSize()),
                "final states [L*D, B, S]: feed back as h0 to continue");
        if (rc.hasCellState()) {
            g.output(expectName(r.cN(), C_N), tensorType(DataType.FLOAT, states, "B", rc.stateSize()),
                    "final cell states [L*D, B, S]: feed back as c0 to continue");
        }
    }

    private static byte[] finish(OnnxGraph g, ExportOptions options, Map<String, String> meta, String doc) {
        List<OnnxGraph.Requirement> needs = new ArrayList<>(g.requirements());
        needs.sort(Comparator.comparingInt(OnnxGraph.Requirement::opset).reversed());
        if (needs.get(0).opset() > options.opset()) {
            List<String> missing = new ArrayList<>();
            for (OnnxGraph.Requirement r : needs) {
                if (r.opset() > options.opset()) {
                    missing.add(r.op().type() + " (opset " + r.opset() + ") for " + r.feature());
                }
            }
            boolean optional = needs.stream().anyMatch(r -> r.feature().equals(OPTIONAL_FEATURE)
                    && r.opset() > options.opset());
            throw new OnnxExportException("opset " + options.opset() + " is too low for this model, which needs opset "
                    + needs.get(0).opset() + ": " + String.join("; ", missing)
                    + (optional ? " (plain inputs need no optional type)" : ""), needs.get(0).opset());
        }
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(irVersion(options.opset()))
                .setProducerName("rnn4j").setProducerVersion(Version.get()).setDomain("org.rnn4j").setModelVersion(1)
                .setDocString(doc)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()))
                .setGraph(g.build());
        meta.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build().toByteArray();
    }

    /** {@code x · Wᵀ + b}: {@code x [·, K]}, {@code weightT [K, O]}, {@code b [O]}. */
    private static String linear(OnnxGraph g, String x, String weightT, String bias, String name) {
        String product = g.node(Op.MATMUL, "the head", List.of(x, weightT), "head_product");
        return g.node(Op.ADD, "the head", List.of(product, bias), name);
    }

    private static String transpose(OnnxGraph g, String x, long[] perm, String name) {
        return g.node(Op.TRANSPOSE, "the batch-first layout", List.of(x), name, attribute("perm", perm));
    }

    /** {@code w [rows, cols]} as {@code [cols, rows]}. */
    private static float[] transposed(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = w[i * cols + j];
            }
        }
        return t;
    }

    private static String expectName(String got, String wanted) {
        if (!got.equals(wanted)) {
            throw new IllegalStateException("graph output named " + got + " instead of " + wanted);
        }
        return got;
    }

    /**
     * The graph inputs {@code lengths}, {@code h0}, {@code c0}: plain tensors, or optional ones replaced
     * by their defaults (all T, zeros) through an If node when a client leaves them out.
     */
    private static final class Inputs {
        private final OnnxGraph g;
        private final String x;
        private final boolean optional;
        private String shape;

        Inputs(OnnxGraph g, String x, boolean optional) {
            this.g = g;
            this.x = x;
            this.optional = optional;
        }

        /** int32 {@code [B]}: ONNX's {@code sequence_lens} type. */
        String lengths() {
            TypeProto type = tensorType(DataType.INT64, "B");
            String doc = "valid steps of each sequence, in [0, T] (all T when left out; 0 keeps the initial state)";
            if (!optional) {
                g.input(LENGTHS, type, doc);
                return cast(g, LENGTHS, "sequence_lens");
            }
            g.input(LENGTHS, optionalType(type), doc);
            OnnxGraph given = g.branch("lengths_given");
            String value = given.node(Op.OPTIONAL_GET_ELEMENT, OPTIONAL_FEATURE, List.of(LENGTHS), "lengths_value");
            String lens = cast(given, value, "lengths_int32");
            given.output(lens, tensorType(DataType.INT32), "");
            OnnxGraph full = g.branch("lengths_full");
            String steps = cast(full, dim(0), "steps_int32");
            String all = full.node(Op.EXPAND, OPTIONAL_FEATURE, List.of(steps, dim(1)), "lengths_all");
            full.output(all, tensorType(DataType.INT32), "");
            return choose(LENGTHS, given, full, "sequence_lens");
        }

        /** A float state {@code [rows, B, width]}. */
        String state(String name, int rows, int width, String doc) {
            TypeProto type = tensorType(DataType.FLOAT, rows, "B", width);
            if (!optional) {
                g.input(name, type, doc);
                return name;
            }
            g.input(name, optionalType(type), doc);
            OnnxGraph given = g.branch(name + "_given");
            String value = given.node(Op.OPTIONAL_GET_ELEMENT, OPTIONAL_FEATURE, List.of(name), name + "_value");
            given.output(value, tensorType(DataType.FLOAT), "");
            OnnxGraph zeros = g.branch(name + "_zeros");
            String dims = zeros.node(Op.CONCAT, OPTIONAL_FEATURE,
                    List.of(zeros.longs(name + "_rows", rows), dim(1), zeros.longs(name + "_width", width)),
                    name + "_shape", attribute("axis", 0));
            String zero = zeros.node(Op.CONSTANT_OF_SHAPE, OPTIONAL_FEATURE, List.of(dims), name + "_zero",
                    OnnxGraph.floatTensorAttribute("value", 0f));
            zeros.output(zero, tensorType(DataType.FLOAT), "");
            return choose(name, given, zeros, name + "_effective");
        }

        private String choose(String input, OnnxGraph given, OnnxGraph otherwise, String name) {
            String has = g.node(Op.OPTIONAL_HAS_ELEMENT, OPTIONAL_FEATURE, List.of(input), input + "_given");
            return g.node(Op.IF, OPTIONAL_FEATURE, List.of(has), name, attribute("then_branch", given.build()),
                    attribute("else_branch", otherwise.build()));
        }

        /** Dimension {@code i} of the time-major input as a one-element int64 tensor: 0 = T, 1 = B. */
        private String dim(int i) {
            if (shape == null) {
                shape = g.node(Op.SHAPE, OPTIONAL_FEATURE, List.of(x), "input_shape");
            }
            return g.node(Op.GATHER, OPTIONAL_FEATURE, List.of(shape, g.longs("dim" + i, i)), i == 0 ? "T" : "B",
                    attribute("axis", 0));
        }

        private static String cast(OnnxGraph graph, String value, String name) {
            return graph.node(Op.CAST, "the sequence lengths", List.of(value), name,
                    attribute("to", DataType.INT32.getNumber()));
        }
    }
}
