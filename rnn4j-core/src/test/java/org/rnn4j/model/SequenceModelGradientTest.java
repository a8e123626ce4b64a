package org.rnn4j.model;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.loss.MeanSquaredError;
import org.rnn4j.loss.SoftmaxCrossEntropy;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.testing.GradCheck;

/**
 * Whole-model gradient checks: embedding or dense input → recurrent stack → head → loss, many-to-many
 * with cross-entropy and many-to-one (last step or max over time) with cross-entropy or MSE, with
 * variable lengths.
 */
class SequenceModelGradientTest {

    @ParameterizedTest(name = "{0} {1} tokens={2} bidir={3}")
    @CsvSource({
        "LSTM, EVERY_STEP, true, false",
        "GRU, EVERY_STEP, true, false",
        "RNN, EVERY_STEP, false, false",
        "LSTM, LAST_STEP, true, true",
        "GRU, LAST_STEP, false, true",
        "RNN, LAST_STEP, false, false",
        "GRU, MAX_OVER_TIME, true, true",
        "LSTM, MAX_OVER_TIME, false, false",
        "GRU, ALL_STEPS, true, true",
        "RNN, ALL_STEPS, false, false"})
    void wholeModel(CellType cell, OutputMode mode, boolean tokens, boolean bidir) {
        Random rnd = new Random(cell.ordinal() * 10 + mode.ordinal());
        int steps = 4;
        int batch = 3;
        int vocab = 5;
        int features = 3;
        int classes = 4;
        RecurrentConfig rc = new RecurrentConfig(cell, null, features, 4, 2, bidir, true, 0, false);
        boolean regression = !tokens && mode == OutputMode.LAST_STEP && cell == CellType.GRU;
        SequenceModel model = new SequenceModel(new ModelConfig(tokens ? vocab : 0, rc, classes, mode, 0, false,
                mode == OutputMode.ALL_STEPS ? steps : 0), KernelProvider.scalar());
        for (Parameter p : model.parameters()) {
            p.set(GradCheck.random(rnd, p.size(), 0.5));
        }
        int[] ids = new int[steps * batch];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rnd.nextInt(vocab);
        }
        float[] x = GradCheck.random(rnd, steps * batch * features, 1.0);
        int[] lengths = mode == OutputMode.MAX_OVER_TIME
                ? new int[] {4, 1, 3}
                : mode == OutputMode.ALL_STEPS ? new int[] {4, 4, 4} : new int[] {4, 2, 3};
        int rows = mode == OutputMode.EVERY_STEP ? steps * batch : batch;
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = rnd.nextInt(classes);
        }
        if (mode == OutputMode.EVERY_STEP) {
            for (int b = 0; b < batch; b++) {
                for (int t = lengths[b]; t < steps; t++) {
                    targets[t * batch + b] = SoftmaxCrossEntropy.IGNORE;
                }
            }
        }
        float[] values = GradCheck.random(rnd, rows * classes, 1.0);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        MeanSquaredError mse = new MeanSquaredError();
        DoubleSupplier loss = () -> {
            float[] out = tokens
                    ? model.forwardTokens(ids, steps, batch, lengths, null)
                    : model.forwardDense(x, steps, batch, lengths, null);
            return regression ? mse.forward(out, values, rows * classes) : ce.forward(out, rows, classes, targets);
        };
        loss.getAsDouble();
        model.zeroGrad();
        model.backward(regression ? mse.backward() : ce.backward());
        // a maximum has kinks where two steps tie: a small step rarely straddles one
        double eps = mode == OutputMode.MAX_OVER_TIME ? 1e-3 : GradCheck.EPS;
        for (Parameter p : model.parameters()) {
            GradCheck.check(cell + " " + mode + " " + p.name(), p, loss, 25, 11, eps);
        }
    }
}
