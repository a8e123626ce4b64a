package org.rnn4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.Precision;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.util.Rng;

/**
 * Token embedding or dense input → recurrent stack → Linear head, at every step, at each
 * sequence's last valid step, on each unit's maximum over the valid steps, or on every step's output
 * side by side ({@link OutputMode}). Parameter names are those of the PyTorch module
 * {@code embedding = nn.Embedding; rnn = nn.LSTM/GRU/RNN; decoder = nn.Linear}:
 * {@code embedding.weight}, {@code rnn.weight_ih_l0}, ..., {@code decoder.weight}, {@code decoder.bias}.
 *
 * <p>Legend: {@code T} steps, {@code B} sequences, {@code E} embedding width or input features,
 * {@code S} state size, {@code D} directions, {@code O} head width. Inputs are time-major: token
 * {@code (t, b)} is {@code tokens[t*B + b]}; the every-step head output row {@code t*B + b}.
 *
 * <p>Returned arrays are owned by the model and overwritten by the next call. Not thread-safe.
 */
public final class SequenceModel {

    private final ModelConfig config;
    private final Kernels kernels;
    private final Embedding embedding;
    private final RecurrentLayer rnn;
    private final Linear decoder;
    private final List<Parameter> parameters;

    private int steps;
    private int batch;
    private boolean training;
    private Rng dropoutRng;
    private float[] headIn;       // [T*B, D*S], [B, D*S] or, all steps, [B, T*D*S]
    private float[] headMask;     // same shape, dropout mask before the head
    private float[] dTop;         // gradient of the recurrent output, [T*B, D*S]
    private float[] dHn;          // gradient of h_n, [L*D, B, S]
    private int[] poolStep;       // max over time: the step of each maximum, [B, D*S]

    private Precision precision = Precision.FP32;

    /** The seed of a model's initial weights when none is given. */
    public static final long DEFAULT_SEED = 0;

    /** A model initialized as PyTorch does, from {@link #DEFAULT_SEED}; see {@link #SequenceModel(ModelConfig, Kernels, long)}. */
    public SequenceModel(ModelConfig config) {
        this(config, KernelProvider.get());
    }

    public SequenceModel(ModelConfig config, Kernels kernels) {
        this(config, kernels, DEFAULT_SEED);
    }

    /**
     * A model whose weights are drawn from {@code seed} with PyTorch's default initialization, the same
     * draws as {@code Initializer.initialize(model, InitConfig.pytorch(), new Rng(seed))}: the embedding
     * from N(0, 1), the recurrent stack from U(-1/√H, 1/√H), the head from U(-1/√in, 1/√in). Loading
     * weights afterwards replaces them.
     */
    public SequenceModel(ModelConfig config, Kernels kernels, long seed) {
        this.config = config;
        this.kernels = kernels;
        RecurrentConfig rc = config.rnn();
        Rng init = new Rng(seed);
        this.embedding = config.tokenInput() ? new Embedding("embedding.", config.vocabSize(), rc.inputSize()) : null;
        if (embedding != null) {
            float[] w = embedding.weight().value();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) init.nextGaussian();
            }
            embedding.weight().markChanged();
        }
        this.rnn = new RecurrentLayer(rc, kernels, "rnn.", init);
        this.decoder = new Linear("decoder.", config.headInputSize(), config.outputSize(), true, kernels);
        double bound = 1.0 / Math.sqrt(decoder.inFeatures());
        for (Parameter p : decoder.parameters()) {
            float[] w = p.value();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) init.uniform(-bound, bound);
            }
            p.markChanged();
        }
        List<Parameter> params = new ArrayList<>();
        if (embedding != null) {
            params.add(embedding.weight());
        }
        params.addAll(rnn.parameters());
        params.addAll(decoder.parameters());
        this.parameters = Collections.unmodifiableList(params);
    }

    public ModelConfig config() {
        return config;
    }

    /** Every parameter, in {@code state_dict} order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameters by PyTorch name, in {@code state_dict} order. */
    public Map<String, Parameter> namedParameters() {
        return Parameter.byName(parameters);
    }

    public RecurrentLayer recurrent() {
        return rnn;
    }

    /** The embedding, or null for dense input. */
    public Embedding embedding() {
        return embedding;
    }

    public Linear decoder() {
        return decoder;
    }

    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /** The kernels this model computes with. */
    public Kernels kernels() {
        return kernels;
    }

    /**
     * Training mode turns dropout on (when the config has any), drawing masks from {@code rng};
     * {@code train(false)} is evaluation. Either ends {@link #inferenceOnly()}.
     */
    public void train(boolean on, Rng rng) {
        this.training = on && config.dropout() > 0 && rng != null;
        this.dropoutRng = rng;
        rnn.setDropout(training ? config.dropout() : 0, config.variational(), training ? rng : null);
        rnn.setInferenceOnly(false);
        rnn.setPrecision(Precision.FP32);
        decoder.setPrecision(Precision.FP32);
    }

    /**
     * The precision {@link #inferenceOnly()} passes read the recurrent and head weights in (the
     * embedding stays float32): {@link Precision#FP32}, the default, or bfloat16 / int8 for serving.
     * Training passes always read float32, so a model keeps its float32 weights whatever is set here.
     */
    public void setPrecision(Precision value) {
        this.precision = value == null ? Precision.FP32 : value;
    }

    /** The precision of {@link #inferenceOnly()} passes. */
    public Precision precision() {
        return precision;
    }

    /**
     * Evaluation mode ({@code train(false)}) in which, until the next {@link #train}, forward passes
     * keep nothing for a backward pass (see {@link RecurrentLayer#setInferenceOnly}): for scoring,
     * sampling and serving. Same outputs, less memory traffic; {@link #backward} throws.
     */
    public void inferenceOnly() {
        train(false, null);
        rnn.setInferenceOnly(true);
        rnn.setPrecision(precision);
        decoder.setPrecision(precision);
    }

    /** Forward for token input, time-major [T, B]. Returns the head output (see {@link #headRows()}). */
    public float[] forwardTokens(int[] tokens, int steps, int batch, int[] lengths, RecurrentState initial) {
        if (embedding == null) {
            throw new InvalidInputException("this model reads dense features, not token ids");
        }
        float[] x = embedding.forward(tokens, steps * batch);
        return forwardRecurrent(x, steps, batch, lengths, initial);
    }

    /** Forward for dense input [T, B, E], time-major. Returns the head output (see {@link #headRows()}). */
    public float[] forwardDense(float[] x, int steps, int batch, int[] lengths, RecurrentState initial) {
        if (embedding != null) {
            throw new InvalidInputException("this model reads token ids, not dense features");
        }
        return forwardRecurrent(x, steps, batch, lengths, initial);
    }

    private float[] forwardRecurrent(float[] x, int steps, int batch, int[] lengths, RecurrentState initial) {
        this.steps = steps;
        this.batch = batch;
        if (initial != null && initial.batch() != batch) {
            throw new InvalidInputException(
                    "carried state is for " + initial.batch() + " streams, the batch has " + batch);
        }
        if (config.output() == OutputMode.ALL_STEPS) {
            requireFixedLength(steps, batch, lengths);
        }
        float[] out = rnn.forward(x, steps, batch, lengths, initial == null ? null : initial.hidden(),
                initial == null ? null : initial.cell());
        int width = config.headInputSize();
        int rows = headRows();
        if (config.output() == OutputMode.EVERY_STEP && !training) {
            // nothing to mask: the head reads (and copies) the layer's output itself
            return decoder.forward(out, rows);
        }
        headIn = ensure(headIn, rows * width);
        if (config.output() == OutputMode.EVERY_STEP) {
            System.arraycopy(out, 0, headIn, 0, rows * width);
        } else if (config.output() == OutputMode.MAX_OVER_TIME) {
            maxOverTime(out, lengths, headIn);
        } else if (config.output() == OutputMode.ALL_STEPS) {
            allSteps(out, headIn);
        } else {
            gatherFinalStates(rnn.finalHidden(), headIn);
        }
        if (training) {
            headMask = ensure(headMask, rows * width);
            float keep = (float) (1.0 / (1.0 - config.dropout()));
            for (int i = 0; i < rows * width; i++) {
                headMask[i] = dropoutRng.nextDouble() < config.dropout() ? 0f : keep;
                headIn[i] *= headMask[i];
            }
        }
        return decoder.forward(headIn, rows);
    }

    /** Rows of the head output: {@code T*B} for every-step models, {@code B} for one row per sequence. */
    public int headRows() {
        return config.output() == OutputMode.EVERY_STEP ? steps * batch : batch;
    }

    /**
     * {@code dst[b, j] = max_{t < length_b} out[t, b, j]} over the top layer's output [T, B, D*S], keeping
     * the step of each maximum for the backward pass (the first on a tie; zeros and step -1 for a
     * sequence of length 0).
     */
    private void maxOverTime(float[] out, int[] lengths, float[] dst) {
        int width = config.rnn().outputSize();
        poolStep = poolStep != null && poolStep.length >= batch * width ? poolStep : new int[batch * width];
        for (int b = 0; b < batch; b++) {
            int len = lengths == null ? steps : lengths[b];
            for (int j = 0; j < width; j++) {
                float best = len > 0 ? out[b * width + j] : 0f;
                int at = len > 0 ? 0 : -1;
                for (int t = 1; t < len; t++) {
                    float v = out[(t * batch + b) * width + j];
                    if (v > best) {
                        best = v;
                        at = t;
                    }
                }
                dst[b * width + j] = best;
                poolStep[b * width + j] = at;
            }
        }
    }

    private void requireFixedLength(int steps, int batch, int[] lengths) {
        int n = config.positions();
        if (steps != n) {
            throw new InvalidInputException("this model reads sequences of exactly " + n + " steps, got " + steps);
        }
        for (int b = 0; lengths != null && b < batch; b++) {
            if (lengths[b] != n) {
                throw new InvalidInputException(
                        "this model reads sequences of exactly " + n + " steps, got one of " + lengths[b]);
            }
        }
    }

    /** {@code dst[b, t*W + j] = out[t, b, j]}: [T, B, W] to [B, T*W], W = D*S. */
    private void allSteps(float[] out, float[] dst) {
        int w = config.rnn().outputSize();
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(out, (t * batch + b) * w, dst, (b * steps + t) * w, w);
            }
        }
    }

    /** Top layer's final states, directions side by side: [B, D*S]. */
    private void gatherFinalStates(float[] hN, float[] dst) {
        RecurrentConfig rc = config.rnn();
        int d = rc.directions();
        int s = rc.stateSize();
        int top = (rc.numLayers() - 1) * d;
        for (int b = 0; b < batch; b++) {
            for (int dir = 0; dir < d; dir++) {
                System.arraycopy(hN, ((top + dir) * batch + b) * s, dst, b * d * s + dir * s, s);
            }
        }
    }

    /** Backward from dL/d(head output) of the last forward; accumulates every parameter gradient. */
    public void backward(float[] dHead) {
        RecurrentConfig rc = config.rnn();
        int width = config.headInputSize();
        int rows = headRows();
        float[] dHeadIn = decoder.backward(dHead);
        if (training) {
            for (int i = 0; i < rows * width; i++) {
                dHeadIn[i] *= headMask[i];
            }
        }
        float[] dx;
        if (config.output() == OutputMode.EVERY_STEP) {
            dx = rnn.backward(dHeadIn, null, null, embedding != null);
        } else if (config.output() == OutputMode.MAX_OVER_TIME) {
            // the gradient of a maximum flows to the step that gave it
            int n = steps * batch * width;
            dTop = dTop != null && dTop.length == n ? dTop : new float[n];
            java.util.Arrays.fill(dTop, 0f);
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < width; j++) {
                    int t = poolStep[b * width + j];
                    if (t >= 0) {
                        dTop[(t * batch + b) * width + j] = dHeadIn[b * width + j];
                    }
                }
            }
            dx = rnn.backward(dTop, null, null, embedding != null);
        } else if (config.output() == OutputMode.ALL_STEPS) {
            int w = rc.outputSize();
            int n = steps * batch * w;
            dTop = dTop != null && dTop.length == n ? dTop : new float[n];
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(dHeadIn, (b * steps + t) * w, dTop, (t * batch + b) * w, w);
                }
            }
            dx = rnn.backward(dTop, null, null, embedding != null);
        } else {
            int d = rc.directions();
            int s = rc.stateSize();
            int top = (rc.numLayers() - 1) * d;
            int n = rnn.stateCount() * batch * s;
            dHn = dHn != null && dHn.length == n ? dHn : new float[n];
            java.util.Arrays.fill(dHn, 0f);
            for (int b = 0; b < batch; b++) {
                for (int dir = 0; dir < d; dir++) {
                    System.arraycopy(dHeadIn, b * d * s + dir * s, dHn, ((top + dir) * batch + b) * s, s);
                }
            }
            dx = rnn.backward(null, dHn, null, embedding != null);
        }
        if (embedding != null) {
            embedding.backward(dx);
        }
    }

    /** Copies the final states of the last forward into {@code into}. */
    public void finalState(RecurrentState into) {
        into.copyFrom(rnn.finalHidden(), rnn.finalCell());
    }

    private static float[] ensure(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }
}
