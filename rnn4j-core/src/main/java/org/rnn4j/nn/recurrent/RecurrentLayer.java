package org.rnn4j.nn.recurrent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.Precision;
import org.rnn4j.nn.Parameter;

/**
 * A recurrent module: {@code L} stacked layers, one or two directions, RNN, LSTM or GRU, the
 * equivalent of PyTorch's {@code nn.RNN}, {@code nn.LSTM} and {@code nn.GRU} (no dropout here; the
 * sequence model applies dropout between layers itself).
 *
 * <p>Legend: {@code T} steps, {@code B} sequences, {@code I} input width, {@code S = Hout} state size,
 * {@code H} hidden size, {@code D} directions, {@code L} layers. Input and output are {@code [T, B, ·]},
 * or {@code [B, T, ·]} when the config says {@code batchFirst}. States are always
 * {@code [L*D, B, ·]}, indexed {@code layer*D + direction}.
 *
 * <p>Use: {@link #forward} then, for training, {@link #backward} with the upstream gradients. Arrays
 * returned by either are owned by the layer and are overwritten by the next call of the same kind;
 * copy what must be kept. Parameter gradients are accumulated: zero them between updates. Not
 * thread-safe: use one instance per thread.
 */
public final class RecurrentLayer {

    private final RecurrentConfig config;
    private final Kernels kernels;
    private final DirectionalRecurrence[] units; // [L*D], index layer*D + direction
    private final List<Parameter> parameters;

    private int steps;
    private int batch;
    private int[] lengths;
    private float[] input;        // [T, B, I] time-major copy of the input
    private float[][] layerOut;   // per layer [T, B, D*S]
    private float[] output;       // the caller's layout of the last layer's output
    private float[] hN;           // [L*D, B, S]
    private float[] cN;           // [L*D, B, H]
    private float[][] dLayerIn;   // per layer [T, B, I_k]: gradient of that layer's input
    private float[] dTop;         // [T, B, D*S] time-major gradient of the output
    private float[] gradInput;    // the caller's layout
    private float[] gradH0;
    private float[] gradC0;
    private boolean forwardDone;
    private boolean inferenceOnly;
    private boolean lastForwardKept;
    private boolean droppedThisPass;
    // dropout between stacked layers (inverted: kept units are scaled by 1/(1-p)); off unless set
    private double dropout;
    private boolean variational;
    private org.rnn4j.util.Rng dropoutRandom;
    private float[][] dropMask;   // per layer k >= 1: [T, B, D*S] mask applied to layer k's input
    private float[][] droppedIn;  // per layer k >= 1: the masked input

    /** The seed of a layer's initial weights when none is given. */
    public static final long DEFAULT_SEED = 0;

    /** A layer initialized as PyTorch does ({@link #resetParameters}) from {@link #DEFAULT_SEED}. */
    public RecurrentLayer(RecurrentConfig config) {
        this(config, KernelProvider.get());
    }

    public RecurrentLayer(RecurrentConfig config, Kernels kernels) {
        this(config, kernels, "");
    }

    /**
     * @param namePrefix prepended to every parameter name, e.g. {@code "rnn."} inside a model, so that
     *                   names match the model's PyTorch {@code state_dict}
     */
    public RecurrentLayer(RecurrentConfig config, Kernels kernels, String namePrefix) {
        this(config, kernels, namePrefix, new org.rnn4j.util.Rng(DEFAULT_SEED));
    }

    /**
     * A layer whose parameters are drawn from {@code init} as PyTorch initializes {@code nn.RNN},
     * {@code nn.LSTM} and {@code nn.GRU} ({@link #resetParameters}).
     *
     * @param namePrefix prepended to every parameter name
     * @param init       the generator the initial weights are drawn from (read)
     */
    public RecurrentLayer(RecurrentConfig config, Kernels kernels, String namePrefix, org.rnn4j.util.Rng init) {
        this.config = config;
        this.kernels = kernels;
        int d = config.directions();
        units = new DirectionalRecurrence[config.numLayers() * d];
        List<Parameter> params = new ArrayList<>();
        for (int layer = 0; layer < config.numLayers(); layer++) {
            for (int dir = 0; dir < d; dir++) {
                DirectionalRecurrence u = new DirectionalRecurrence(kernels, config, layer, dir == 1, namePrefix);
                units[layer * d + dir] = u;
                params.add(u.weightIh);
                params.add(u.weightHh);
                if (u.biasIh != null) {
                    params.add(u.biasIh);
                    params.add(u.biasHh);
                }
                if (u.weightHr != null) {
                    params.add(u.weightHr);
                }
            }
        }
        parameters = Collections.unmodifiableList(params);
        layerOut = new float[config.numLayers()][];
        dLayerIn = new float[config.numLayers()][];
        resetParameters(init);
    }

    /**
     * Draws every parameter, in {@code state_dict} order, from U(-1/√H, 1/√H) with {@code H} the hidden
     * size: PyTorch's {@code RNNBase.reset_parameters}. Without it a fresh layer would be all zeros, and
     * every unit would learn the same thing.
     */
    public void resetParameters(org.rnn4j.util.Rng rng) {
        double bound = 1.0 / Math.sqrt(config.hiddenSize());
        for (Parameter p : parameters) {
            float[] w = p.value();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rng.uniform(-bound, bound);
            }
            p.markChanged();
        }
    }

    /**
     * Turns on dropout on the input of every layer above the first, as PyTorch's {@code dropout}
     * argument does, for training passes only: each kept unit is scaled by {@code 1/(1-p)}.
     * With {@code variational}, one mask per sequence is drawn and reused at every step (Gal and
     * Ghahramani 2016). {@code p = 0} or a null generator turns it off (evaluation).
     */
    public void setDropout(double p, boolean variational, org.rnn4j.util.Rng random) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        }
        this.dropout = random == null ? 0 : p;
        this.variational = variational;
        this.dropoutRandom = random;
        if (dropMask == null) {
            dropMask = new float[config.numLayers()][];
            droppedIn = new float[config.numLayers()][];
        }
    }

    private float[] applyDropout(int layer, float[] in) {
        int width = config.outputSize();
        int rows = steps * batch;
        dropMask[layer] = ensure(dropMask[layer], rows * width);
        droppedIn[layer] = ensure(droppedIn[layer], rows * width);
        float[] mask = dropMask[layer];
        float keep = (float) (1.0 / (1.0 - dropout));
        if (variational) {
            for (int i = 0; i < batch * width; i++) {
                mask[i] = dropoutRandom.nextDouble() < dropout ? 0f : keep;
            }
            for (int t = 1; t < steps; t++) {
                System.arraycopy(mask, 0, mask, t * batch * width, batch * width);
            }
        } else {
            for (int i = 0; i < rows * width; i++) {
                mask[i] = dropoutRandom.nextDouble() < dropout ? 0f : keep;
            }
        }
        float[] out = droppedIn[layer];
        for (int i = 0; i < rows * width; i++) {
            out[i] = in[i] * mask[i];
        }
        return out;
    }

    /**
     * With {@code true}, forward passes keep only what the next step needs (one step's gate
     * buffers, reused), not what a backward pass would need: the gate traffic then stays in the
     * caches instead of streaming [T, B, G·H] arrays past the weights. A backward after such a pass
     * throws. The outputs are the same bits.
     */
    public void setInferenceOnly(boolean on) {
        this.inferenceOnly = on;
    }

    /**
     * The precision inference-only passes ({@link #setInferenceOnly}) read the weights in: float32 (the
     * default, PyTorch's values), or bfloat16 / int8 for serving, which read a half or a quarter of the
     * bytes. Passes that keep what backward needs always read float32.
     */
    public void setPrecision(Precision value) {
        for (DirectionalRecurrence u : units) {
            u.precision = value;
        }
    }

    /** Observes ∂L/∂h_t at every step of the following backward passes; null removes it. */
    public void setProbe(StepGradientProbe probe) {
        for (DirectionalRecurrence u : units) {
            u.probe = probe;
        }
    }

    public RecurrentConfig config() {
        return config;
    }

    /** The parameters in PyTorch's {@code state_dict} order, named as PyTorch names them. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameters by PyTorch name, in {@code state_dict} order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            map.put(p.name(), p);
        }
        return map;
    }

    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /** Number of state rows: {@code L*D}. */
    public int stateCount() {
        return config.numLayers() * config.directions();
    }

    private static float[] ensure(float[] a, int size) {
        return a != null && a.length >= size ? a : new float[size];
    }

    /**
     * Forward pass.
     *
     * @param x        [T, B, I] (or [B, T, I] when batch-first), read and copied; only the first T*B*I values
     *                 are read
     * @param steps    T
     * @param batch    B
     * @param lengths  valid steps per sequence, each in [0, T] (0: the sequence is over, its state passes
     *                 through unchanged, as truncated BPTT needs), or null when all are T
     * @param h0       initial states [L*D, B, S], or null for zeros
     * @param c0       initial cell states [L*D, B, H] (LSTM), or null for zeros
     * @return the output [T, B, D*S] (or [B, T, D*S]), owned by the layer, 0 at padded positions
     */
    public float[] forward(float[] x, int steps, int batch, int[] lengths, float[] h0, float[] c0) {
        validate(x, steps, batch, lengths, h0, c0);
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths == null ? null : lengths.clone();
        this.droppedThisPass = dropout > 0;
        int in = config.inputSize();
        int width = config.outputSize();
        int s = config.stateSize();
        int h = config.hiddenSize();
        int d = config.directions();
        int rows = steps * batch;
        input = ensure(input, rows * in);
        toTimeMajor(x, in, input);
        hN = ensure(hN, stateCount() * batch * s);
        if (config.hasCellState()) {
            cN = ensure(cN, stateCount() * batch * h);
        }
        float[] layerInput = input;
        for (int layer = 0; layer < config.numLayers(); layer++) {
            if (layer > 0 && dropout > 0) {
                layerInput = applyDropout(layer, layerInput);
            }
            layerOut[layer] = ensure(layerOut[layer], rows * width);
            for (int dir = 0; dir < d; dir++) {
                int idx = layer * d + dir;
                units[idx].forward(new ForwardPass(layerInput, steps, batch, this.lengths, !inferenceOnly,
                        Slice.of(h0, idx * batch * s), Slice.of(c0, idx * batch * h),
                        new Columns(layerOut[layer], width, dir * s), new Slice(hN, idx * batch * s),
                        Slice.of(cN, idx * batch * h)));
            }
            layerInput = layerOut[layer];
        }
        output = ensure(output, rows * width);
        fromTimeMajor(layerOut[config.numLayers() - 1], width, output);
        forwardDone = true;
        lastForwardKept = !inferenceOnly;
        return output;
    }

    /** Final states of the last forward pass, [L*D, B, S], owned by the layer. */
    public float[] finalHidden() {
        return hN;
    }

    /** Final cell states of the last forward pass (LSTM), [L*D, B, H], owned by the layer; null otherwise. */
    public float[] finalCell() {
        return config.hasCellState() ? cN : null;
    }

    /**
     * Backpropagation through time for the last forward pass. Accumulates every parameter's gradient.
     *
     * @param gradOutput  dL/d output, same layout as the output, or null for none
     * @param gradHn      dL/d h_n [L*D, B, S], or null
     * @param gradCn      dL/d c_n [L*D, B, H] (LSTM), or null
     * @return dL/d input, same layout as the input, owned by the layer
     */
    public float[] backward(float[] gradOutput, float[] gradHn, float[] gradCn) {
        return backward(gradOutput, gradHn, gradCn, true);
    }

    /**
     * {@link #backward(float[], float[], float[])}, with the choice of skipping dL/d input, which
     * costs a multiply as large as the input projection: a model whose input is data, not a
     * trainable embedding, has no use for it (PyTorch does not compute it either for an input that
     * does not require grad). Parameter gradients are the same either way.
     *
     * @return dL/d input, same layout as the input, owned by the layer; null when not wanted
     */
    public float[] backward(float[] gradOutput, float[] gradHn, float[] gradCn, boolean inputGradient) {
        if (!forwardDone) {
            throw new IllegalStateException("backward needs a forward pass first");
        }
        if (!lastForwardKept) {
            throw new IllegalStateException("backward needs a forward pass that kept its activations;"
                    + " the last one was inference-only (setInferenceOnly(true))");
        }
        int width = config.outputSize();
        int s = config.stateSize();
        int h = config.hiddenSize();
        int d = config.directions();
        int rows = steps * batch;
        int states = stateCount() * batch;
        checkLength("gradOutput", gradOutput, rows * width);
        checkLength("gradHn", gradHn, states * s);
        if (config.hasCellState()) {
            checkLength("gradCn", gradCn, states * h);
        }
        dTop = ensure(dTop, rows * width);
        if (gradOutput == null) {
            Arrays.fill(dTop, 0, rows * width, 0f);
        } else {
            toTimeMajor(gradOutput, width, dTop);
        }
        gradH0 = ensure(gradH0, states * s);
        if (config.hasCellState()) {
            gradC0 = ensure(gradC0, states * h);
        }
        float[] dAbove = dTop;
        for (int layer = config.numLayers() - 1; layer >= 0; layer--) {
            int inWidth = config.layerInputSize(layer);
            boolean wanted = layer > 0 || inputGradient;
            if (wanted) {
                dLayerIn[layer] = ensure(dLayerIn[layer], rows * inWidth);
                Arrays.fill(dLayerIn[layer], 0, rows * inWidth, 0f);
            }
            for (int dir = 0; dir < d; dir++) {
                int idx = layer * d + dir;
                units[idx].backward(new BackwardPass(new Columns(dAbove, width, dir * s),
                        Slice.of(gradHn, idx * batch * s), Slice.of(gradCn, idx * batch * h),
                        wanted ? dLayerIn[layer] : null, new Slice(gradH0, idx * batch * s),
                        Slice.of(gradC0, idx * batch * h)));
            }
            if (layer > 0 && droppedThisPass) {
                float[] mask = dropMask[layer];
                float[] g = dLayerIn[layer];
                for (int i = 0; i < rows * inWidth; i++) {
                    g[i] *= mask[i];
                }
            }
            dAbove = dLayerIn[layer];
        }
        if (!inputGradient) {
            return null;
        }
        gradInput = ensure(gradInput, rows * config.inputSize());
        fromTimeMajor(dLayerIn[0], config.inputSize(), gradInput);
        return gradInput;
    }

    /** dL/d h0 of the last backward pass, [L*D, B, S], owned by the layer. */
    public float[] gradInitialHidden() {
        return gradH0;
    }

    /** dL/d c0 of the last backward pass (LSTM), [L*D, B, H], owned by the layer; null otherwise. */
    public float[] gradInitialCell() {
        return config.hasCellState() ? gradC0 : null;
    }

    private void toTimeMajor(float[] src, int width, float[] dst) {
        if (!config.batchFirst()) {
            System.arraycopy(src, 0, dst, 0, steps * batch * width);
            return;
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(src, (b * steps + t) * width, dst, (t * batch + b) * width, width);
            }
        }
    }

    private void fromTimeMajor(float[] src, int width, float[] dst) {
        if (!config.batchFirst()) {
            System.arraycopy(src, 0, dst, 0, steps * batch * width);
            return;
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(src, (t * batch + b) * width, dst, (b * steps + t) * width, width);
            }
        }
    }

    private void validate(float[] x, int steps, int batch, int[] lengths, float[] h0, float[] c0) {
        if (steps <= 0 || batch <= 0) {
            throw new InvalidInputException("sequence length and batch size must be positive, got T=" + steps
                    + " B=" + batch);
        }
        long rows = (long) steps * batch;
        long need = rows * Math.max(config.inputSize(), Math.max(config.outputSize(), config.cell().gates()
                * config.hiddenSize()));
        if (need > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("T=" + steps + " B=" + batch + " is too large for one pass;"
                    + " use truncated BPTT or a smaller batch");
        }
        if (x == null) {
            throw new InvalidInputException("input must be given");
        }
        if (x.length < rows * config.inputSize()) {
            // a longer array is allowed: reused buffers are read from the start
            throw new InvalidInputException("input has " + x.length + " values, expected T*B*I = " + steps + "*" + batch
                    + "*" + config.inputSize() + " = " + rows * config.inputSize());
        }
        checkLength("h0", h0, stateCount() * batch * config.stateSize());
        checkLength("c0", c0, stateCount() * batch * config.hiddenSize());
        if (c0 != null && !config.hasCellState()) {
            throw new InvalidInputException("c0 is for LSTM only, got one for " + config.cell());
        }
        if (lengths != null) {
            if (lengths.length != batch) {
                throw new InvalidInputException(
                        "lengths has " + lengths.length + " entries, expected one per sequence ("
                                + batch + ")");
            }
            for (int b = 0; b < batch; b++) {
                if (lengths[b] < 0 || lengths[b] > steps) {
                    throw new InvalidInputException(
                            "lengths[" + b + "] = " + lengths[b] + " is outside [0, " + steps + "]");
                }
            }
        }
    }

    /** Arrays may be longer than needed (reused buffers are read from the start), never shorter. */
    private static void checkLength(String what, float[] a, int expected) {
        if (a != null && a.length < expected) {
            throw new InvalidInputException(what + " has " + a.length + " values, expected " + expected);
        }
    }

    /** Sets every direction's row-split speeds (tests: see {@link RowSplit}). */
    void setRowSpeeds(double... speeds) {
        for (DirectionalRecurrence u : units) {
            u.setRowSpeeds(speeds);
        }
    }
}
