package org.rnn4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.RecurrentState;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.nn.recurrent.RecurrentLayer;
import org.rnn4j.testing.GradCheck;
import org.rnn4j.train.Batch;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.train.LossKind;
import org.rnn4j.util.Rng;

/**
 * {@link GradientFlow} against central differences on tiny many-to-one models (MSE, loss summed in
 * double, scalar kernels).
 *
 * <p>A state {@code h^k_t} is made an explicit input by cutting the sequence after step {@code t}:
 * the prefix {@code x[0..t]} gives every layer's state at {@code t}, and the model run on the suffix
 * {@code x[t+1..T-1]} from that state gives the loss (and the final states) as a function of it.
 * For the top layer, and for every layer's own Jacobian, that function is exact. For a lower layer's
 * loss gradient it is not, because {@code h^0_t} also feeds layer 1 at step {@code t}; there the
 * test rebuilds the model as two single-layer stacks and perturbs {@code h^0_t} where layer 1
 * reads it as well.
 */
class GradientFlowFiniteDifferenceTest {

    private static final int STEPS = 6;
    private static final int BATCH = 2;
    private static final int INPUT = 2;
    private static final int HIDDEN = 3;
    /** Step of the central differences. */
    private static final double EPS = 1e-2;
    /** ReLU is piecewise linear: a smaller step rarely straddles its kink. */
    private static final double EPS_RELU = 1e-3;
    /** Allowed |numeric - analytic| = ABS + REL·|numeric| for a norm. */
    private static final double ABS = 1e-4;
    private static final double REL = 1e-2;

    private static SequenceModel model(CellType cell, Activation act, int layers, long seed) {
        RecurrentConfig rc = new RecurrentConfig(cell, act, INPUT, HIDDEN, layers, false, true, 0, false);
        SequenceModel m = new SequenceModel(new ModelConfig(0, rc, 1, OutputMode.LAST_STEP, 0, false),
                KernelProvider.scalar());
        Initializer.initialize(m, InitConfig.pytorch(), new Rng(seed));
        // twice PyTorch's ±1/√H, so that a few steps still carry a clearly non-zero gradient
        for (Parameter p : m.parameters()) {
            float[] w = p.value();
            for (int i = 0; i < w.length; i++) {
                w[i] *= 2f;
            }
        }
        return m;
    }

    private static Batch batch(long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[STEPS * BATCH * INPUT];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.uniform(-1, 1);
        }
        float[] y = new float[BATCH];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) rng.uniform(-1, 1);
        }
        return Batch.features(STEPS, BATCH, x).valueTargets(y);
    }

    /** The state of every layer after step {@code t}, from a forward pass over {@code x[0..t]}. */
    private static RecurrentState stateAfter(SequenceModel m, Batch b, int t) {
        m.forwardDense(Arrays.copyOf(b.features(), (t + 1) * BATCH * INPUT), t + 1, BATCH, null, null);
        RecurrentState state = new RecurrentState(m.config().rnn(), BATCH);
        m.finalState(state);
        return state;
    }

    private static float[] suffix(Batch b, int t) {
        return Arrays.copyOfRange(b.features(), (t + 1) * BATCH * INPUT, STEPS * BATCH * INPUT);
    }

    private static void assertNorm(String what, double numeric, double analytic) {
        assertEquals(numeric, analytic, ABS + REL * Math.abs(numeric), what);
    }

    private static double step(CellType cell, Activation act) {
        return cell == CellType.RNN && act == Activation.RELU ? EPS_RELU : EPS;
    }

    @ParameterizedTest(name = "{0} {1} layers={2}")
    @CsvSource({"RNN, TANH, 1", "RNN, SIGMOID, 1", "RNN, RELU, 1", "LSTM, TANH, 1", "GRU, TANH, 1",
        "LSTM, TANH, 2", "GRU, TANH, 2", "RNN, TANH, 2"})
    void topLayerLossGradient(CellType cell, Activation act, int layers) {
        SequenceModel m = model(cell, act, layers, 3 + cell.ordinal());
        Batch b = batch(7);
        StepNorms norms = new GradientFlow(m).lossGradients(b, LossKind.MSE).norms();
        double eps = step(cell, act);
        int top = layers - 1;
        int s = HIDDEN;
        MeanSquaredError mse = new MeanSquaredError();
        for (int t = 0; t < STEPS - 1; t++) {
            RecurrentState state = stateAfter(m, b, t);
            float[] rest = suffix(b, t);
            int restSteps = STEPS - 1 - t;
            DoubleSupplier loss = () -> mse.forward(m.forwardDense(rest, restSteps, BATCH, null, state),
                    b.valueTargets(),
                    BATCH);
            double sum = 0;
            for (int i = top * BATCH * s; i < (top + 1) * BATCH * s; i++) {
                double g = GradCheck.centralDifference(state.hidden(), i, eps, loss);
                sum += g * g;
            }
            assertNorm(cell + " layer " + top + " t=" + t, Math.sqrt(sum), norms.at(top, 0, t));
        }
        // at the last step the head reads h directly: dL/dh = decoder.weightᵀ · 2 (p - y) / B
        float[] out = m.forwardDense(b.features(), STEPS, BATCH, null, null);
        float[] w = m.decoder().parameters().get(0).value();
        double sum = 0;
        for (int j = 0; j < BATCH; j++) {
            double r = 2.0 * ((double) out[j] - b.valueTargets()[j]) / BATCH;
            for (int i = 0; i < s; i++) {
                sum += r * r * w[i] * w[i];
            }
        }
        assertNorm(cell + " last step", Math.sqrt(sum), norms.at(top, 0, STEPS - 1));
    }

    /**
     * Layer 0 of a two-layer stack: its state feeds its own next step and layer 1 at the same step.
     * The stack is rebuilt as two one-layer models sharing the weights, so that {@code h^0_t} can be
     * perturbed where both read it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"RNN", "LSTM", "GRU"})
    void lowerLayerLossGradient(CellType cell) {
        SequenceModel m = model(cell, Activation.TANH, 2, 11);
        Batch b = batch(13);
        StepNorms norms = new GradientFlow(m).lossGradients(b, LossKind.MSE).norms();

        RecurrentConfig rc0 = new RecurrentConfig(cell, Activation.TANH, INPUT, HIDDEN, 1, false, true, 0, false);
        RecurrentLayer lower = new RecurrentLayer(rc0, KernelProvider.scalar());
        RecurrentConfig rc1 = new RecurrentConfig(cell, Activation.TANH, HIDDEN, HIDDEN, 1, false, true, 0, false);
        SequenceModel upper = new SequenceModel(new ModelConfig(0, rc1, 1, OutputMode.LAST_STEP, 0, false),
                KernelProvider.scalar());
        for (Parameter p : m.parameters()) {
            String name = p.name();
            Parameter target;
            if (name.startsWith("rnn.") && name.endsWith("_l0")) {
                target = lower.namedParameters().get(name.substring(4));
            } else if (name.startsWith("rnn.") && name.endsWith("_l1")) {
                target = upper.namedParameters().get(name.substring(0, name.length() - 1) + "0");
            } else {
                target = upper.namedParameters().get(name);
            }
            System.arraycopy(p.value(), 0, target.value(), 0, p.size());
        }
        int s = HIDDEN;
        int width = BATCH * s;
        MeanSquaredError mse = new MeanSquaredError();
        for (int t = 0; t < STEPS - 1; t++) {
            float[] prefixOut = lower.forward(b.features(), t + 1, BATCH, null, null, null).clone();  // [t+1, B, S]
            float[] h = Arrays.copyOf(lower.finalHidden(), width);
            float[] c = cell == CellType.LSTM ? Arrays.copyOf(lower.finalCell(), width) : null;
            float[] rest = suffix(b, t);
            int restSteps = STEPS - 1 - t;
            float[] layer0 = new float[STEPS * width];
            int tt = t;
            DoubleSupplier loss = () -> {
                System.arraycopy(prefixOut, 0, layer0, 0, tt * width);
                System.arraycopy(h, 0, layer0, tt * width, width);
                float[] later = lower.forward(rest, restSteps, BATCH, null, h, c);
                System.arraycopy(later, 0, layer0, (tt + 1) * width, restSteps * width);
                return mse.forward(upper.forwardDense(layer0, STEPS, BATCH, null, null), b.valueTargets(), BATCH);
            };
            double sum = 0;
            for (int i = 0; i < width; i++) {
                double g = GradCheck.centralDifference(h, i, EPS, loss);
                sum += g * g;
            }
            assertNorm(cell + " layer 0 t=" + t, Math.sqrt(sum), norms.at(0, 0, t));
        }
    }

    /** Every layer's own Jacobian ‖∂h^k_T/∂h^k_t‖_F, per sequence, averaged over the batch. */
    @ParameterizedTest(name = "{0} {1} layers={2}")
    @CsvSource({"RNN, TANH, 1", "RNN, RELU, 1", "LSTM, TANH, 1", "GRU, TANH, 1", "LSTM, TANH, 2", "RNN, SIGMOID, 2",
        "GRU, TANH, 2"})
    void jacobianNorms(CellType cell, Activation act, int layers) {
        SequenceModel m = model(cell, act, layers, 21 + cell.ordinal());
        Batch b = batch(23);
        StepNorms norms = new GradientFlow(m).jacobianNorms(b);
        double eps = step(cell, act);
        int s = HIDDEN;
        for (int k = 0; k < layers; k++) {
            assertNorm("lag 0 is the identity", Math.sqrt(s), norms.at(k, 0, STEPS - 1));
            for (int t = 0; t < STEPS - 1; t++) {
                RecurrentState state = stateAfter(m, b, t);
                float[] rest = suffix(b, t);
                int restSteps = STEPS - 1 - t;
                double[] squares = new double[BATCH];
                for (int seq = 0; seq < BATCH; seq++) {
                    for (int j = 0; j < s; j++) {
                        int out = (k * BATCH + seq) * s;
                        for (int i = 0; i < s; i++) {
                            int component = out + i;
                            double g = GradCheck.centralDifference(state.hidden(), (k * BATCH + seq) * s + j, eps,
                                    () -> {
                                        m.forwardDense(rest, restSteps, BATCH, null, state);
                                        return m.recurrent().finalHidden()[component];
                                    });
                            squares[seq] += g * g;
                        }
                    }
                }
                double mean = (Math.sqrt(squares[0]) + Math.sqrt(squares[1])) / 2;
                assertNorm(cell + " layer " + k + " t=" + t, mean, norms.at(k, 0, t));
            }
        }
    }
}
