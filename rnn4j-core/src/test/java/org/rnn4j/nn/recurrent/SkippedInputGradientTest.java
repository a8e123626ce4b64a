package org.rnn4j.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.ScalarKernels;
import org.rnn4j.nn.Parameter;
import org.rnn4j.testing.GradCheck;

/** Skipping dL/d input changes no parameter gradient and no state gradient. */
class SkippedInputGradientTest {

    @Test
    void withoutTheInputGradientEveryOtherGradientIsTheSame() {
        RecurrentConfig cfg = new RecurrentConfig(CellType.LSTM, null, 5, 6, 2, true, true, 0, false);
        Random rnd = new Random(3);
        RecurrentLayer layer = new RecurrentLayer(cfg, new ScalarKernels());
        for (Parameter p : layer.parameters()) {
            p.set(GradCheck.random(rnd, p.size(), 0.5));
        }
        int steps = 4;
        int batch = 3;
        float[] x = GradCheck.random(rnd, steps * batch * cfg.inputSize(), 1.0);
        float[] gOut = GradCheck.random(rnd, steps * batch * cfg.outputSize(), 1.0);
        float[][] grads = new float[2][];
        float[][] dh0 = new float[2][];
        List<Parameter> params = layer.parameters();
        float[][][] paramGrads = new float[2][params.size()][];
        for (int pass = 0; pass < 2; pass++) {
            boolean inputGradient = pass == 0;
            layer.forward(x, steps, batch, new int[] {4, 2, 3}, null, null);
            layer.zeroGrad();
            grads[pass] = layer.backward(gOut, null, null, inputGradient);
            dh0[pass] = layer.gradInitialHidden().clone();
            for (int i = 0; i < params.size(); i++) {
                paramGrads[pass][i] = params.get(i).grad().clone();
            }
        }
        assertNotNull(grads[0]);
        assertNull(grads[1]);
        assertArrayEquals(dh0[0], dh0[1], 0f);
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(paramGrads[0][i], paramGrads[1][i], 0f, params.get(i).name());
        }
    }
}
