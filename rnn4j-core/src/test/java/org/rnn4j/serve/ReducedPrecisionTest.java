package org.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Precision;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.testing.GradCheck;

/**
 * Serving with reduced-precision weights: a bfloat16 pass is exactly the float32 pass of the weights
 * rounded to bfloat16 (the specification's products are the same loops); an int8 pass stays close to
 * float32; training passes read float32 whatever the precision.
 */
class ReducedPrecisionTest {

    private static SequenceModel model(CellType cell, int proj) {
        RecurrentConfig rc = RecurrentConfig.builder(cell, 5, 12).layers(2).bidirectional(cell == CellType.GRU)
                .projSize(proj).build();
        SequenceModel m = new SequenceModel(new ModelConfig(11, rc, 11, OutputMode.EVERY_STEP, 0, false),
                KernelProvider.scalar());
        Random rnd = new Random(cell.ordinal() + 31L * proj);
        for (Parameter p : m.parameters()) {
            p.set(GradCheck.random(rnd, p.size(), 0.6));
        }
        return m;
    }

    private static float[] run(SequenceModel m, int[] tokens, int steps, int batch) {
        m.inferenceOnly();
        return m.forwardTokens(tokens, steps, batch, null, null).clone();
    }

    private static int[] tokens(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i * 7 + 3) % 11;
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void bf16IsTheFloat32PassOfTheRoundedWeights(CellType cell) {
        int proj = cell == CellType.LSTM ? 4 : 0;
        SequenceModel reduced = model(cell, proj);
        SequenceModel rounded = model(cell, proj);
        for (Parameter p : rounded.parameters()) {
            // the embedding stays float32; every recurrent weight matrix and the head's are rounded
            if (p.shape().length == 2 && !p.name().startsWith("embedding")) {
                float[] v = p.value().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = Precision.toBf16(v[i]);
                }
                p.set(v);
            }
        }
        reduced.setPrecision(Precision.BF16);
        int[] t = tokens(6 * 3);
        assertArrayEquals(run(rounded, t, 6, 3), run(reduced, t, 6, 3));
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "INT8"})
    void reducedPrecisionStaysCloseToFloat32AndTrainingReadsFloat32(Precision precision) {
        SequenceModel m = model(CellType.LSTM, 0);
        int[] t = tokens(8 * 2);
        float[] exact = run(m, t, 8, 2);
        m.setPrecision(precision);
        float[] reduced = run(m, t, 8, 2);
        double err = 0;
        double norm = 0;
        for (int i = 0; i < exact.length; i++) {
            err = Math.max(err, Math.abs(reduced[i] - exact[i]));
            norm = Math.max(norm, Math.abs(exact[i]));
        }
        assertTrue(err > 0, "the weights were not rounded");
        assertTrue(err < (precision == Precision.BF16 ? 0.02 : 0.05) * norm, precision + ": " + err + " of " + norm);
        // a training pass is float32 again: the same bits as before the precision was set
        m.train(false, null);
        assertArrayEquals(exact, m.forwardTokens(t, 8, 2, null, null));
        assertEquals(precision, m.precision());
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "INT8"})
    void aSessionServesInThePredictorsPrecision(Precision precision) {
        SequenceModel m = model(CellType.RNN, 0);
        m.setPrecision(precision);
        Predictor predictor = Predictor.of(m, null);
        assertEquals(precision, predictor.precision());
        Session s = predictor.newSession(2);
        float[] first = s.step(new int[] {1, 2}).clone();
        m.inferenceOnly();
        float[] direct = m.forwardTokens(new int[] {1, 2}, 1, 2, null, null);
        assertArrayEquals(direct, first);
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "INT8"})
    void aBackwardAfterAReducedHeadIsRefused(Precision precision) {
        org.rnn4j.nn.Linear head = new org.rnn4j.nn.Linear("", 3, 2, true, KernelProvider.scalar());
        head.setPrecision(precision);
        head.forward(new float[3], 1);
        assertThrows(IllegalStateException.class, () -> head.backward(new float[2]));
    }
}
