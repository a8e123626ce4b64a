package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rnn4j.optim.OptimAssert.assertThreeSteps;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.nn.Parameter;

class AdagradTest {

    @Test
    void threeStepsWithDefaults() {
        // Step 1: s = g², p -= 0.01·g/(|g| + 1e-10). Step 2, first element: s = 0.3125, p -= 0.01·0.25/sqrt(0.3125).
        assertThreeSteps(ps -> new Adagrad(ps, AdagradConfig.defaults()), new double[][] {
            {1 - 0.005 / (0.5 + 1e-10), -0.5 + 0.01 / (1 + 1e-10), 0.25},
            {0.9855278640478004, -0.4989442719105992, 0.259999999992},
            {0.993545701304316, -0.5011264508128639, 0.25051316701389487},
        });
    }

    @Test
    void learningRateDecayWeightDecayAndInitialAccumulator() {
        // clr_t = 0.1/(1 + (t − 1)·0.5) = 0.1, 0.0667, 0.05; g = g + 0.1·p; s starts at 0.1.
        // Step 1, first element: g = 0.6, s = 0.1 + 0.36, p = 1 − 0.1·0.6/(sqrt(0.46) + 1e-10).
        assertThreeSteps(ps -> new Adagrad(ps, new AdagradConfig(0.1, 0.5, 0.1, 0.1, 1e-10)), new double[][] {
            {1 - 0.06 / (Math.sqrt(0.46) + 1e-10), -0.40424824196534564, 0.24211889594009348},
            {0.8815775757695616, -0.4624251346685209, 0.2623063246653923},
            {0.9144336297261296, -0.47232850935548204, 0.2238237679759046},
        });
    }

    @Test
    void accumulatorExistsFromConstruction() {
        Parameter p = OptimAssert.parameter("w", 1f, 2f);
        Adagrad adagrad = new Adagrad(List.of(p), AdagradConfig.defaults().withInitialAccumulatorValue(0.5));
        assertArrayEquals(new float[] {0.5f, 0.5f}, adagrad.stateTensors().get("w.sum"));
    }

    @Test
    void defaultsAndValidation() {
        assertEquals(new AdagradConfig(0.01, 0, 0, 0, 1e-10), AdagradConfig.defaults());
        assertEquals("Adagrad learning-rate decay must be a finite number >= 0, got -1.0",
                assertThrows(InvalidInputException.class, () -> AdagradConfig.defaults().withLearningRateDecay(-1))
                        .getMessage());
        assertEquals("Adagrad initial accumulator value must be a finite number >= 0, got -0.1",
                assertThrows(InvalidInputException.class,
                        () -> AdagradConfig.defaults().withInitialAccumulatorValue(-0.1)).getMessage());
    }
}
