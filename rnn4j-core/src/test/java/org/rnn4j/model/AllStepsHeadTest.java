package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;

/** The all-steps head: its layout, its refusals and its configuration round trip. */
class AllStepsHeadTest {

    private static final int T = 3;
    private static final int B = 2;

    private static SequenceModel model() {
        RecurrentConfig rc = RecurrentConfig.builder(CellType.GRU, 2, 3).bidirectional(true).build();
        SequenceModel m = new SequenceModel(new ModelConfig(0, rc, 4, OutputMode.ALL_STEPS, 0, false, T),
                KernelProvider.scalar());
        Random rnd = new Random(5);
        for (Parameter p : m.parameters()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rnd.nextDouble() - 0.5);
            }
            p.markChanged();
        }
        return m;
    }

    @Test
    void theHeadReadsEveryStepOfItsSequenceInStepOrder() {
        SequenceModel m = model();
        float[] x = new float[T * B * 2];
        Random rnd = new Random(6);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] got = m.forwardDense(x, T, B, null, null).clone();
        float[] top = m.recurrent().forward(x, T, B, null, null, null).clone();
        int w = m.config().rnn().outputSize();
        float[] weight = m.decoder().parameters().get(0).value();
        float[] bias = m.decoder().parameters().get(1).value();
        for (int b = 0; b < B; b++) {
            for (int o = 0; o < 4; o++) {
                double sum = bias[o];
                for (int t = 0; t < T; t++) {
                    for (int j = 0; j < w; j++) {
                        sum += (double) weight[o * T * w + t * w + j] * top[(t * B + b) * w + j];
                    }
                }
                assertEquals(sum, got[b * 4 + o], 1e-5, "b=" + b + " o=" + o);
            }
        }
    }

    @Test
    void sequencesOfAnotherLengthAreRefused() {
        SequenceModel m = model();
        InvalidInputException steps = assertThrows(InvalidInputException.class,
                () -> m.forwardDense(new float[4 * B * 2], 4, B, null, null));
        assertTrue(steps.getMessage().contains("exactly 3 steps, got 4"), steps.getMessage());
        InvalidInputException padded = assertThrows(InvalidInputException.class,
                () -> m.forwardDense(new float[T * B * 2], T, B, new int[] {3, 2}, null));
        assertTrue(padded.getMessage().contains("got one of 2"), padded.getMessage());
    }

    @Test
    void theConfigurationNamesItsPositionsAndReadsThemBack() {
        ModelConfig c = model().config();
        assertEquals(T * c.rnn().outputSize(), c.headInputSize());
        ModelConfig back = ModelDirectory.modelFromJson(ModelDirectory.modelToJson(c), "test");
        assertEquals(c, back);
        RecurrentConfig rc = c.rnn();
        assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(0, rc, 4, OutputMode.ALL_STEPS, 0, false, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(0, rc, 4, OutputMode.LAST_STEP, 0, false, 3));
    }
}
