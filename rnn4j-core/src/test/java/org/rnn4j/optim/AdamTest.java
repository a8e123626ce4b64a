package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rnn4j.optim.OptimAssert.assertClose;
import static org.rnn4j.optim.OptimAssert.assertThreeSteps;
import static org.rnn4j.optim.OptimAssert.parameter;
import static org.rnn4j.optim.OptimAssert.setGrad;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.nn.Parameter;

class AdamTest {

    @Test
    void threeStepsWithDefaultBetas() {
        // Step 1: m = 0.1·g, v = 0.001·g², m/bc1 = g, sqrt(v)/sqrt(bc2) = |g|, so p -= 0.1·g/(|g| + 1e-8):
        // [1 − 0.1·0.5/(0.5 + 1e-8), ...] = [0.900000002, -0.400000001, 0.25] (the zero gradient moves nothing).
        // Step 2: m = [0.07, 0.11, -0.0125], v = [0.00031225, 0.004999, 1.5625e-5], bc1 = 0.19, bc2 = 0.001999.
        assertThreeSteps(ps -> new Adam(ps, AdamConfig.defaults().withLearningRate(0.1)), new double[][] {
            {0.900000002, -0.400000001, 0.25},
            {0.8067820404774624, -0.43661035347207483, 0.3244136739398571},
            {0.814979720110778, -0.4781754731467738, 0.2819893290654093},
        });
    }

    @Test
    void momentsAfterThreeSteps() {
        Parameter p = parameter("w", OptimAssert.P0);
        Adam adam = new Adam(List.of(p), AdamConfig.defaults().withLearningRate(0.1));
        for (float[] g : OptimAssert.GRADS) {
            setGrad(p, g);
            adam.step();
        }
        // m = 0.1·(0.81·g1 + 0.9·g2 + g3), v = 0.001·(0.998001·g1² + 0.999·g2² + g3²)
        Map<String, float[]> state = adam.stateTensors();
        assertClose(new double[] {-0.012, 0.149, 0.02625}, state.get("w.exp_avg"), "exp_avg");
        assertClose(new double[] {0.00087443775, 0.005244001, 0.000156234375}, state.get("w.exp_avg_sq"), "exp_avg_sq");
        assertEquals(List.of("w.exp_avg", "w.exp_avg_sq"), List.copyOf(state.keySet()));
    }

    @Test
    void coupledWeightDecayEntersTheMoments() {
        // Step 1: g = g + 0.1·p = [0.6, -1.05, 0.025]; the zero-gradient element now moves by 0.1·0.025/(0.025 + 1e-8).
        assertThreeSteps(ps -> new Adam(ps, AdamConfig.defaults().withLearningRate(0.1).withWeightDecay(0.1)),
                new double[][] {
                    {0.9000000016666666, -0.4000000009523809, 0.15000003999998401},
                    {0.8050097658613199, -0.4339721984476799, 0.20772219809927855},
                    {0.7968643300102946, -0.47255285336662917, 0.15850978008726782},
                });
    }

    @Test
    void epsilonIsAddedAfterTheBiasCorrectedRoot() {
        // A large eps makes its place visible. Step 1: p -= 0.1·g/(|g| + 0.01) = 0.1·0.5/0.51 for the first element.
        // With eps inside the root, 0.1·m̂/sqrt(v̂ + 0.01) = 0.1·0.5/sqrt(0.26), the first value would be 0.90194.
        assertThreeSteps(ps -> new Adam(ps, new AdamConfig(0.1, 0.5, 0.75, 0.01, 0)), new double[][] {
            {1 - 0.05 / 0.51, -0.5 + 0.1 / 1.01, 0.25},
            {0.8160422643142395, -0.4613215985634151, 0.3297515948983479},
            {0.8653462937845298, -0.5165215440412307, 0.2627876029882008},
        });
    }

    @Test
    void doesNotWriteTheGradient() {
        Parameter p = parameter("w", 1f, 2f);
        Adam adam = new Adam(List.of(p), AdamConfig.defaults().withWeightDecay(0.5));
        setGrad(p, 0.5f, -0.25f);
        adam.step();
        assertArrayEquals(new float[] {0.5f, -0.25f}, p.grad());
    }

    @Test
    void defaultsAreTorchDefaults() {
        assertEquals(new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0), AdamConfig.defaults());
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertEquals("Adam beta1 must be in [0, 1), got 1.0",
                assertThrows(InvalidInputException.class, () -> AdamConfig.defaults().withBetas(1, 0.999))
                        .getMessage());
        assertEquals("Adam beta2 must be in [0, 1), got -0.1",
                assertThrows(InvalidInputException.class, () -> AdamConfig.defaults().withBetas(0.9, -0.1))
                        .getMessage());
        assertEquals("Adam epsilon must be a finite number >= 0, got -1.0E-8",
                assertThrows(InvalidInputException.class, () -> AdamConfig.defaults().withEpsilon(-1e-8)).getMessage());
        assertEquals("Adam learning rate must be a finite number > 0, got -0.001",
                assertThrows(InvalidInputException.class, () -> AdamConfig.defaults().withLearningRate(-1e-3))
                        .getMessage());
        assertThrows(InvalidInputException.class, () -> AdamConfig.defaults().withWeightDecay(Double.NaN));
        assertThrows(InvalidInputException.class, () -> AdamConfig.defaults().withBetas(Double.NaN, 0.9));
    }
}
