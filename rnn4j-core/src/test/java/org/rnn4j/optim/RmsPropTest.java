package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rnn4j.optim.OptimAssert.assertThreeSteps;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnn4j.InvalidInputException;
import org.rnn4j.nn.Parameter;

class RmsPropTest {

    @Test
    void threeStepsWithDefaults() {
        // Step 1: v = 0.01·g², sqrt(v) = 0.1·|g|, p -= 0.01·g/(0.1·|g| + 1e-8) ≈ 0.1·sign(g).
        assertThreeSteps(ps -> new RmsProp(ps, RmsPropConfig.defaults()), new double[][] {
            {1 - 0.01 * 0.5 / (0.05 + 1e-8), -0.5 + 0.01 / (0.1 + 1e-8), 0.25},
            {0.855098702557817, -0.4895323021991522, 0.34999992000006397},
            {0.9355348754421522, -0.5114796538632556, 0.2550841444488321},
        });
    }

    @Test
    void epsilonIsAddedAfterTheRoot() {
        // alpha 0.9, eps 0.1. Step 1: v = 0.1·g², p -= 0.01·g/(sqrt(0.1)·|g| + 0.1).
        double root = Math.sqrt(0.1);
        assertThreeSteps(ps -> new RmsProp(ps, RmsPropConfig.defaults().withAlpha(0.9).withEpsilon(0.1)),
                new double[][] {
                    {1 - 0.005 / (root * 0.5 + 0.1), -0.5 + 0.01 / (root + 0.1), 0.25},
                    {0.9713542723867761, -0.5009746926647958, 0.25895874507376226},
                    {0.9907554437162189, -0.507363310281408, 0.24224553617890912},
                });
    }

    @Test
    void centeredWithMomentumAndWeightDecay() {
        // g = g + 0.1·p; v = 0.99·v + 0.01·g²; ḡ = 0.99·ḡ + 0.01·g; a = sqrt(v − ḡ²) + 1e-8;
        // b = 0.9·b + g/a; p -= 0.01·b. Step 1, first element: g = 0.6, a = sqrt(0.0036 − 0.000036), b = 0.6/a.
        double a1 = Math.sqrt(0.01 * 0.36 - 0.006 * 0.006) + 1e-8;
        assertThreeSteps(ps -> new RmsProp(ps, new RmsPropConfig(0.01, 0.99, 1e-8, 0.9, true, 0.1)), new double[][] {
            {1 - 0.01 * 0.6 / a1, -0.3994962280940875, 0.14949662251285856},
            {0.7590957780598732, -0.39736566576083787, 0.1568628673780655},
            {0.7029753552336011, -0.4158751410810541, 0.06710766701980708},
        });
    }

    @Test
    void exportsOnlyTheStatesItUses() {
        Parameter p = OptimAssert.parameter("w", 1f);
        RmsProp plain = new RmsProp(List.of(p), RmsPropConfig.defaults());
        plain.step();
        assertEquals(List.of("w.square_avg"), List.copyOf(plain.stateTensors().keySet()));
        RmsProp full = new RmsProp(List.of(p), RmsPropConfig.defaults().withMomentum(0.5).withCentered(true));
        full.step();
        assertEquals(List.of("w.square_avg", "w.momentum_buffer", "w.grad_avg"),
                List.copyOf(full.stateTensors().keySet()));
    }

    @Test
    void defaultsAndValidation() {
        assertEquals(new RmsPropConfig(0.01, 0.99, 1e-8, 0, false, 0), RmsPropConfig.defaults());
        assertEquals("RMSprop alpha must be in [0, 1), got 1.0",
                assertThrows(InvalidInputException.class, () -> RmsPropConfig.defaults().withAlpha(1)).getMessage());
        assertEquals("RMSprop momentum must be in [0, 1), got -0.5",
                assertThrows(InvalidInputException.class, () -> RmsPropConfig.defaults().withMomentum(-0.5))
                        .getMessage());
        assertThrows(InvalidInputException.class, () -> RmsPropConfig.defaults().withEpsilon(Double.NaN));
    }
}
