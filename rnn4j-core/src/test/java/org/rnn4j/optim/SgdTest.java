package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.optim.OptimAssert.assertClose;
import static org.rnn4j.optim.OptimAssert.assertThreeSteps;
import static org.rnn4j.optim.OptimAssert.parameter;
import static org.rnn4j.optim.OptimAssert.setGrad;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.nn.Parameter;

class SgdTest {

    @Test
    void plainSgdSubtractsLearningRateTimesGradient() {
        // p -= 0.1·g: [1, -.5, .25] → [.95, -.4, .25] → [.925, -.6, .2625] → [1, -.65, .225]
        assertThreeSteps(ps -> new Sgd(ps, SgdConfig.of(0.1)), new double[][] {
            {0.95, -0.4, 0.25},
            {0.925, -0.6, 0.2625},
            {1.0, -0.65, 0.225},
        });
    }

    @Test
    void momentumWithDampeningAndWeightDecay() {
        // d = g + 0.1·p; step 1: b = d (no dampening); later b = 0.9·b + 0.5·d; p -= 0.1·b.
        // Step 1: d = [0.6, -1.05, 0.025], p = [0.94, -0.395, 0.2475].
        // Step 2: d = [0.344, 1.9605, -0.10025], b = [0.712, 0.03525, -0.027625], p = [0.8688, -0.398525, 0.2502625].
        assertThreeSteps(ps -> new Sgd(ps, new SgdConfig(0.1, 0.9, 0.5, false, 0.1)), new double[][] {
            {0.94, -0.395, 0.2475},
            {0.8688, -0.398525, 0.2502625},
            {0.837876, -0.424704875, 0.2327474375},
        });
    }

    @Test
    void nesterovUsesGradientPlusMomentumTimesBuffer() {
        // Step 1: b = g, d = g + 0.9·g = 1.9·g → p = [0.905, -0.31, 0.25].
        // Step 2: b = 0.9·g1 + g2 = [0.7, 1.1, -0.125], d = g2 + 0.9·b = [0.88, 2.99, -0.2375].
        assertThreeSteps(ps -> new Sgd(ps, new SgdConfig(0.1, 0.9, 0, true, 0)), new double[][] {
            {0.905, -0.31, 0.25},
            {0.817, -0.609, 0.27375},
            {0.9028, -0.7931, 0.212625},
        });
    }

    @Test
    void firstMomentumStepStoresTheUndampenedGradient() {
        Parameter p = parameter("w", 1f, 2f);
        Sgd sgd = new Sgd(List.of(p), new SgdConfig(0.5, 0.9, 0.75, false, 0));
        setGrad(p, 1f, -2f);
        sgd.step();
        // buf = g, not (1 − 0.75)·g: the update is the plain one.
        assertArrayEquals(new float[] {1f, -2f}, sgd.stateTensors().get("w.momentum_buffer"));
        assertClose(new double[] {0.5, 3.0}, p.value(), "after step 1");
        setGrad(p, 1f, -2f);
        sgd.step();
        // From step 2 on: buf = 0.9·buf + 0.25·g = [1.15, -2.3].
        assertClose(new double[] {1.15, -2.3}, sgd.stateTensors().get("w.momentum_buffer"), "buffer after step 2");
        assertClose(new double[] {0.5 - 0.575, 3.0 + 1.15}, p.value(), "after step 2");
    }

    @Test
    void weightDecayIsAddedToTheGradientButLeavesGradUntouched() {
        Parameter p = parameter("w", 2f, -4f);
        Sgd sgd = new Sgd(List.of(p), SgdConfig.of(0.1).withWeightDecay(0.5));
        setGrad(p, 1f, 1f);
        sgd.step();
        // p -= 0.1·(g + 0.5·p) = [2 − 0.1·2, −4 − 0.1·(−1)]
        assertClose(new double[] {1.8, -3.9}, p.value(), "after step");
        assertArrayEquals(new float[] {1f, 1f}, p.grad(), "the optimizer must not write the gradient");
    }

    @Test
    void plainSgdHasNoStateButCountsSteps() {
        Parameter p = parameter("w", 1f);
        Sgd sgd = new Sgd(List.of(p), SgdConfig.of(0.1));
        sgd.step();
        sgd.step();
        assertTrue(sgd.stateTensors().isEmpty());
        assertEquals("2", sgd.stateScalars().get("step"));
        assertEquals(2, sgd.stepCount());
    }

    @Test
    void setLearningRateAppliesToTheNextStep() {
        Parameter p = parameter("w", 1f);
        Sgd sgd = new Sgd(List.of(p), SgdConfig.of(0.1));
        setGrad(p, 1f);
        sgd.setLearningRate(0.25);
        sgd.step();
        assertClose(new double[] {0.75}, p.value(), "after step");
        assertEquals(0.25, sgd.learningRate());
        assertThrows(InvalidInputException.class, () -> sgd.setLearningRate(-1));
        assertThrows(InvalidInputException.class, () -> sgd.setLearningRate(Double.NaN));
    }

    @Test
    void nesterovNeedsMomentumAndNoDampening() {
        InvalidInputException noMomentum = assertThrows(InvalidInputException.class,
                () -> new SgdConfig(0.1, 0, 0, true, 0));
        assertEquals(
                "SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum 0.0 and dampening 0.0",
                noMomentum.getMessage());
        assertThrows(InvalidInputException.class, () -> new SgdConfig(0.1, 0.9, 0.1, true, 0));
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertEquals("SGD learning rate must be a finite number > 0, got 0.0",
                assertThrows(InvalidInputException.class, () -> SgdConfig.of(0)).getMessage());
        assertThrows(InvalidInputException.class, () -> SgdConfig.of(Double.NaN));
        assertThrows(InvalidInputException.class, () -> SgdConfig.of(Double.POSITIVE_INFINITY));
        assertEquals("SGD momentum must be in [0, 1), got 1.0",
                assertThrows(InvalidInputException.class, () -> SgdConfig.of(0.1).withMomentum(1)).getMessage());
        assertEquals("SGD dampening must be in [0, 1], got -0.5",
                assertThrows(InvalidInputException.class, () -> SgdConfig.of(0.1).withDampening(-0.5)).getMessage());
        assertEquals("SGD weight decay must be a finite number >= 0, got -1.0",
                assertThrows(InvalidInputException.class, () -> SgdConfig.of(0.1).withWeightDecay(-1)).getMessage());
    }
}
