package org.rnn4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.data.synthetic.AddingProblem;
import org.rnn4j.data.synthetic.SyntheticTask;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.util.Rng;

/**
 * The textbook regimes, on fresh one-layer models (H=32) reading the adding problem: vanilla RNNs
 * with PyTorch's initialization forget within a few steps, large recurrent weights make the Jacobian
 * products grow, an LSTM with forget bias 1 keeps a signal far longer than a sigmoid RNN, and
 * global-norm clipping caps what the optimizer sees.
 */
class GradientFlowRegimesTest {

    private static final int HIDDEN = 32;
    private static final int STEPS = 60;
    private static final int LAG = 50;

    private static SequenceModel model(CellType cell, Activation act, InitConfig init, double recurrentScale) {
        RecurrentConfig rc = new RecurrentConfig(cell, act, AddingProblem.FEATURES, HIDDEN, 1, false, true, 0, false);
        SequenceModel m = new SequenceModel(SyntheticTask.ADDING.modelConfig(rc), KernelProvider.get());
        Initializer.initialize(m, init, new Rng(5));
        RecurrentWeights.scale(m, recurrentScale);
        return m;
    }

    /** ‖∂h_T/∂h_t‖ by lag, relative to lag 0. */
    private static double[] relativeByLag(SequenceModel m) {
        double[] j = new GradientFlow(m).jacobianNorms(new AddingProblem(STEPS, 4, 99).next()).byLag(0, 0);
        double first = j[0];
        for (int k = 0; k < j.length; k++) {
            j[k] /= first;
        }
        return j;
    }

    @Test
    void tanhRnnWithSmallWeightsVanishes() {
        double[] j = relativeByLag(model(CellType.RNN, Activation.TANH, InitConfig.pytorch(), 1.0));
        assertTrue(j[LAG] < 1e-3, "relative norm at lag " + LAG + ": " + j[LAG]);
        int horizon = StepNorms.horizon(j, StepNorms.HORIZON_FRACTION);
        assertTrue(horizon > 0 && horizon < 25, "horizon " + horizon);
    }

    @Test
    void tanhRnnWithLargeOrthogonalWeightsExplodes() {
        double[] j = relativeByLag(model(CellType.RNN, Activation.TANH,
                InitConfig.pytorch().withOrthogonalRecurrent(true), 3.0));
        assertTrue(j[LAG] > 10, "relative norm at lag " + LAG + ": " + j[LAG]);
        assertTrue(j[LAG] > j[LAG / 2] && j[LAG / 2] > j[1], "growing: " + j[1] + ", " + j[LAG / 2] + ", " + j[LAG]);
        assertEquals(-1, StepNorms.horizon(j, StepNorms.HORIZON_FRACTION));
    }

    @Test
    void lstmWithForgetBiasRemembersFarLongerThanSigmoidRnn() {
        double[] lstm = relativeByLag(model(CellType.LSTM, null, InitConfig.pytorch().withForgetBias(1.0), 1.0));
        double[] sigmoid = relativeByLag(model(CellType.RNN, Activation.SIGMOID, InitConfig.pytorch(), 1.0));
        int lstmHorizon = StepNorms.horizon(lstm, StepNorms.HORIZON_FRACTION);
        int sigmoidHorizon = StepNorms.horizon(sigmoid, StepNorms.HORIZON_FRACTION);
        // sigmoid' <= 1/4 shrinks the signal at every step; the cell path only by the forget gate
        assertTrue(sigmoidHorizon > 0 && sigmoidHorizon <= 6, "sigmoid horizon " + sigmoidHorizon);
        assertTrue(lstmHorizon == -1 || lstmHorizon >= 4 * sigmoidHorizon,
                "LSTM horizon " + lstmHorizon + " vs sigmoid " + sigmoidHorizon);
        assertTrue(lstm[LAG] > 1e20 * sigmoid[LAG], "lag " + LAG + ": LSTM " + lstm[LAG] + " sigmoid " + sigmoid[LAG]);
    }

    /** Exploding regime: clipping at 1 clips almost every step and the norm after never exceeds 1. */
    @Test
    void clippingCapsTheNormInTheExplodingRegime() {
        SequenceModel m = model(CellType.RNN, Activation.TANH, InitConfig.pytorch().withOrthogonalRecurrent(true), 3.0);
        ClippingTrace trace = ClippingTrace.record(m, new AddingProblem(STEPS, 8, 3), LossKind.MSE,
                OptimizerSpec.sgd(0.1), 1.0, 10, new Rng(1));
        assertEquals(0, trace.divergedAt());
        assertEquals(10, trace.steps().size());
        assertTrue(trace.clipRate() >= 0.8, "clip rate " + trace.clipRate());
        assertTrue(trace.maxNormBefore() > 1.0, "max norm before " + trace.maxNormBefore());
        assertTrue(trace.maxNormAfter() <= 1.0, "max norm after " + trace.maxNormAfter());
        for (ClippingTrace.Step s : trace.steps()) {
            assertEquals(Math.min(s.normBefore(), 1.0), s.normAfter(), 1e-5);
        }
    }
}
