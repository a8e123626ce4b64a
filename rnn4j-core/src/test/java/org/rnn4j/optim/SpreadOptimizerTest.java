package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.rnn4j.kernel.SplittingKernels;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.ParameterPassesTest;

/** Every optimizer's update cut into pieces on three threads gives the bits of the update on one. */
class SpreadOptimizerTest {

    private static final List<Function<List<Parameter>, Optimizer>> OPTIMIZERS = List.of(
            ps -> new Sgd(ps, new SgdConfig(0.05, 0, 0, false, 0)),
            ps -> new Sgd(ps, new SgdConfig(0.05, 0.9, 0, true, 0.01)),
            ps -> new Sgd(ps, new SgdConfig(0.05, 0.8, 0.3, false, 0)),
            ps -> new Adam(ps, AdamConfig.defaults().withLearningRate(0.01).withWeightDecay(0.1)),
            ps -> new AdamW(ps, AdamWConfig.defaults().withLearningRate(0.01)),
            ps -> new RmsProp(ps, new RmsPropConfig(0.01, 0.9, 1e-8, 0.5, true, 0.01)),
            ps -> new Adagrad(ps, new AdagradConfig(0.1, 0.01, 0.01, 0.1, 1e-10)));

    @Test
    void splitUpdatesKeepEveryBit() {
        try (SplittingKernels three = new SplittingKernels(3)) {
            for (Function<List<Parameter>, Optimizer> make : OPTIMIZERS) {
                List<Parameter> a = ParameterPassesTest.parameters(5);
                List<Parameter> b = ParameterPassesTest.parameters(5);
                Optimizer serial = make.apply(a);
                Optimizer split = make.apply(b);
                split.spreadOver(three);
                for (int step = 0; step < 3; step++) {
                    serial.step();
                    split.step();
                }
                String name = serial.algorithm();
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i).value(), b.get(i).value(), name + " " + a.get(i).name());
                }
                Map<String, float[]> sa = serial.stateTensors();
                Map<String, float[]> sb = split.stateTensors();
                assertEquals(sa.keySet(), sb.keySet(), name);
                for (String key : sa.keySet()) {
                    assertArrayEquals(sa.get(key), sb.get(key), name + " " + key);
                }
                assertTrue(serial.valuesFinite() && split.valuesFinite(), name + " reports a non-finite value");
                split.zeroGrad();
                for (Parameter p : b) {
                    assertArrayEquals(new float[p.size()], p.grad(), name + " zeroGrad");
                }
            }
        }
    }

    /**
     * The step's own finite check finds a value that the update makes infinite wherever it is: in
     * the first or last element of any parameter, on one thread or cut into pieces on three; and
     * the next finite step clears it.
     */
    @Test
    void aValueMadeInfiniteByTheUpdateIsReported() {
        try (SplittingKernels three = new SplittingKernels(3)) {
            for (boolean spread : new boolean[] {false, true}) {
                List<Parameter> ps = ParameterPassesTest.parameters(7);
                for (int i = 0; i < ps.size(); i++) {
                    for (int at : new int[] {0, ps.get(i).size() - 1}) {
                        Optimizer sgd = new Sgd(ps, new SgdConfig(1.0, 0, 0, false, 0));
                        if (spread) {
                            sgd.spreadOver(three);
                        }
                        float[] g = ps.get(i).grad();
                        float saved = g[at];
                        g[at] = -Float.MAX_VALUE;          // value - 1.0 * g overflows to +inf
                        ps.get(i).value()[at] = Float.MAX_VALUE;
                        sgd.step();
                        String where = ps.get(i).name() + "[" + at + "]" + (spread ? " on three threads" : "");
                        assertFalse(sgd.valuesFinite(), where);
                        ps.get(i).value()[at] = 0f;
                        g[at] = saved;
                        for (Parameter p : ps) {
                            java.util.Arrays.fill(p.grad(), 0f);
                        }
                        sgd.step();
                        assertTrue(sgd.valuesFinite(), where + ", the step after");
                    }
                }
            }
        }
    }
}
