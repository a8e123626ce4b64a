package org.rnn4j.analysis;

import java.util.Arrays;
import org.rnn4j.InvalidInputException;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.nn.recurrent.StepGradientProbe;
import org.rnn4j.train.Batch;
import org.rnn4j.train.LossKind;

/**
 * How gradients flow back through time in a model, measured on one batch: per layer {@code k},
 * direction and time step {@code t},
 * <ul>
 *   <li>the loss gradient {@code ‖∂L/∂h_t‖} ({@link #lossGradients}), and</li>
 *   <li>the Jacobian-product norm {@code ‖∂h_T/∂h_t‖_F} ({@link #jacobianNorms}), which for a vanilla
 *       RNN is {@code ‖Π_{s=t+1..T} diag(f'(a_s))·W_hh‖_F}: the factor by which the recurrence
 *       carries a signal from step {@code t} to the end.</li>
 * </ul>
 *
 * <p>Legend: {@code T} steps, {@code B} sequences, {@code S} state size, {@code L} layers,
 * {@code D} directions. {@code h_t} (or {@code h^k_t}) is the state of layer {@code k} (one direction)
 * after step {@code t}, {@code t = 0..T-1}; for LSTM it is the output state {@code h}, with the cell
 * state {@code c_t} a separate variable.
 *
 * <p>Both measurements run the model in evaluation mode (no dropout) and leave every parameter
 * gradient zeroed: call them between training steps, not inside one. Neither changes a parameter.
 * Not thread-safe, like the model.
 */
public final class GradientFlow {

    private final SequenceModel model;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private final MeanSquaredError mse = new MeanSquaredError();

    public GradientFlow(SequenceModel model) {
        this.model = model;
    }

    /** The loss of the batch and {@code ‖∂L/∂h_t‖} at every layer, direction and step. */
    public record LossGradients(double loss, StepNorms norms) {
    }

    /**
     * The gradient of the batch's mean loss {@code L} (as training computes it: MSE or softmax
     * cross-entropy averaged over the batch's target positions) with respect to each state, as
     * backpropagation through time delivers it to {@link StepGradientProbe}: {@code ∂L/∂h^k_t} is the
     * total derivative through every later use of {@code h^k_t} (the next step of layer {@code k},
     * the layer above at step {@code t}, the head).
     *
     * <p>Norm: for the batch as a whole, the Frobenius norm of the {@code [B, S]} matrix
     * {@code ∂L/∂H^k_t}, summed in double. Because {@code L} is a mean over the batch, this is the
     * gradient training sees, not a per-sequence one (which would be {@code B} times larger for a
     * many-to-one model).
     */
    public LossGradients lossGradients(Batch batch, LossKind lossKind) {
        RecurrentConfig rc = model.config().rnn();
        int steps = batch.steps();
        double[][] sums = new double[rc.numLayers() * rc.directions()][steps];
        int d = rc.directions();
        StepGradientProbe probe = (layer, direction, t, dh, off, b, s) -> {
            double sum = 0;
            for (int i = off; i < off + b * s; i++) {
                sum += (double) dh[i] * dh[i];
            }
            sums[layer * d + direction][t] += sum;
        };
        model.train(false, null);
        model.zeroGrad();
        float[] out = forward(batch);
        int rows = model.headRows();
        double loss;
        float[] dOut;
        if (lossKind == LossKind.CROSS_ENTROPY) {
            requireTargets(batch.classTargets() != null, "class ids", lossKind);
            loss = crossEntropy.forward(out, rows, model.config().outputSize(), batch.classTargets());
            dOut = crossEntropy.backward();
        } else {
            requireTargets(batch.valueTargets() != null, "values", lossKind);
            loss = mse.forward(out, batch.valueTargets(), rows * model.config().outputSize());
            dOut = mse.backward();
        }
        RecurrentLayer rnn = model.recurrent();
        rnn.setProbe(probe);
        try {
            model.backward(dOut);
        } finally {
            rnn.setProbe(null);
            model.zeroGrad();
        }
        for (double[] row : sums) {
            for (int t = 0; t < steps; t++) {
                row[t] = Math.sqrt(row[t]);
            }
        }
        return new LossGradients(loss, new StepNorms(rc.numLayers(), d, steps, sums));
    }

    /**
     * The Jacobian-product norm {@code ‖∂h^k_T/∂h^k_t‖_F} of every layer {@code k} and direction, at
     * every step {@code t}, averaged over the batch's sequences.
     *
     * <p>Which {@code h_T}: each layer's and direction's own final state, the state after the last
     * step it processes ({@code t = T-1} forward, {@code t = 0} backward), not the top layer's state
     * nor the model's output. The derivative is the total one through the layer's own recurrence
     * (for LSTM, through {@code h} and the later cell states {@code c_{t+1..T}}; {@code c_t} itself is
     * held fixed). No path leaves the layer: a layer's state never feeds back into itself through
     * another layer.
     *
     * <p>Computed exactly, without finite differences: after one forward pass, for each layer and each
     * unit {@code i < S}, one backward pass seeded with the unit vector {@code e_i} as
     * {@code ∂(·)/∂h^k_T} of every sequence and direction (every other output gradient zero) gives at
     * step {@code t} the row {@code e_iᵀ·∂h_T/∂h_t} of each sequence's Jacobian, observed through the
     * {@link StepGradientProbe}. Sequences and directions do not mix, so one pass serves all of them;
     * {@code ‖J‖_F² = Σ_i ‖e_iᵀ J‖²}. Cost: {@code L·S} backward passes. At lag 0 the Jacobian is
     * the identity and the norm is {@code √S}.
     *
     * <p>Batch average: the arithmetic mean over the {@code B} sequences of each sequence's Frobenius
     * norm. Sequences shorter than {@code T} keep their state through their padded steps, so their
     * Jacobian there is the identity and lags still count from step {@code T-1}.
     */
    public StepNorms jacobianNorms(Batch batch) {
        RecurrentConfig rc = model.config().rnn();
        RecurrentLayer rnn = model.recurrent();
        int steps = batch.steps();
        int sequences = batch.batch();
        int d = rc.directions();
        int s = rc.stateSize();
        int layers = rc.numLayers();
        // squared row norms summed over seeds: [L*D][T][B]
        double[][][] squares = new double[layers * d][steps][sequences];
        float[] seed = new float[rnn.stateCount() * sequences * s];  // dL/dh_n [L*D, B, S]
        int[] target = {0};
        StepGradientProbe probe = (layer, direction, t, dh, off, b, width) -> {
            if (layer != target[0]) {
                return;  // a layer below the seeded one: its gradient is not this Jacobian
            }
            double[] acc = squares[layer * d + direction][t];
            for (int j = 0; j < b; j++) {
                double sum = 0;
                for (int i = off + j * width; i < off + (j + 1) * width; i++) {
                    sum += (double) dh[i] * dh[i];
                }
                acc[j] += sum;
            }
        };
        model.train(false, null);
        model.zeroGrad();
        forward(batch);
        rnn.setProbe(probe);
        try {
            for (int layer = 0; layer < layers; layer++) {
                target[0] = layer;
                for (int i = 0; i < s; i++) {
                    Arrays.fill(seed, 0f);
                    for (int dir = 0; dir < d; dir++) {
                        for (int b = 0; b < sequences; b++) {
                            seed[((layer * d + dir) * sequences + b) * s + i] = 1f;
                        }
                    }
                    rnn.backward(null, seed, null);
                }
            }
        } finally {
            rnn.setProbe(null);
            model.zeroGrad();
        }
        double[][] norms = new double[layers * d][steps];
        for (int r = 0; r < layers * d; r++) {
            for (int t = 0; t < steps; t++) {
                double mean = 0;
                for (int b = 0; b < sequences; b++) {
                    mean += Math.sqrt(squares[r][t][b]);
                }
                norms[r][t] = mean / sequences;
            }
        }
        return new StepNorms(layers, d, steps, norms);
    }

    private float[] forward(Batch batch) {
        if (batch.tokens() != null) {
            if (model.embedding() == null) {
                throw new InvalidInputException("the batch holds token ids but the model reads dense features");
            }
            return model.forwardTokens(batch.tokens(), batch.steps(), batch.batch(), batch.lengths(), null);
        }
        if (model.embedding() != null) {
            throw new InvalidInputException("the batch holds dense features but the model reads token ids");
        }
        return model.forwardDense(batch.features(), batch.steps(), batch.batch(), batch.lengths(), null);
    }

    private static void requireTargets(boolean present, String what, LossKind kind) {
        if (!present) {
            throw new InvalidInputException("a " + kind + " loss needs targets that are " + what
                    + ", the batch has none — does the task match the model?");
        }
    }
}
