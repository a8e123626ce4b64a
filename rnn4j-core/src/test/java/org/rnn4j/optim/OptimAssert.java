package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.function.Function;

import org.rnn4j.nn.Parameter;

/**
 * Helpers and the one tolerance of the optimizer tests.
 *
 * <p>Expected values are computed by hand (in double, from the exact float inputs) with the
 * documented formulas; the optimizers compute in float32. {@link #TOLERANCE} allows a few float
 * roundings on values of order 1 (one float ulp at 1.0 is 1.2e-7) and is far below the effect of any
 * semantic mistake these tests look for (each changes a result by 1e-3 or more).
 */
final class OptimAssert {

    /** {@code |actual − expected| <= TOLERANCE · (1 + |expected|)}. */
    static final double TOLERANCE = 1e-6;

    /** Initial values of the three-step scenario, exact in float. */
    static final float[] P0 = {1.0f, -0.5f, 0.25f};
    /** Gradients of steps 1, 2, 3, exact in float; the zero checks an element with no signal yet. */
    static final float[][] GRADS = {
        {0.5f, -1.0f, 0.0f},
        {0.25f, 2.0f, -0.125f},
        {-0.75f, 0.5f, 0.375f},
    };

    private OptimAssert() {
    }

    static Parameter parameter(String name, float... values) {
        Parameter p = new Parameter(name, values.length);
        p.set(values);
        return p;
    }

    static void setGrad(Parameter p, float... grad) {
        if (grad.length != p.size()) {
            throw new IllegalArgumentException("test bug: gradient length");
        }
        System.arraycopy(grad, 0, p.grad(), 0, grad.length);
    }

    static void assertClose(double[] expected, float[] actual, String what) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int j = 0; j < expected.length; j++) {
            double err = Math.abs(actual[j] - expected[j]);
            if (!(err <= TOLERANCE * (1 + Math.abs(expected[j])))) {
                fail(what + "[" + j + "]: got " + actual[j] + ", expected " + expected[j] + " (error " + err + ")");
            }
        }
    }

    /**
     * The shared three-step scenario: one parameter {@code p0 = [1, -0.5, 0.25]} and the gradients
     * {@link #GRADS}, one row per step; checks the parameter after every step.
     */
    static void assertThreeSteps(Function<List<Parameter>, Optimizer> factory, double[][] expected) {
        Parameter p = parameter("w", P0);
        Optimizer optimizer = factory.apply(List.of(p));
        for (int step = 0; step < GRADS.length; step++) {
            setGrad(p, GRADS[step]);
            optimizer.step();
            assertClose(expected[step], p.value(), "after step " + (step + 1));
        }
    }
}
