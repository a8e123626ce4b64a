package org.rnn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.InvalidInputException;
import org.rnn4j.nn.Parameter;

/** Checkpoint export and import: a resumed optimizer must continue bit for bit. */
class OptimizerStateTest {

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd momentum+nesterov+wd",
                        (Function<List<Parameter>, Optimizer>) ps -> new Sgd(ps,
                                new SgdConfig(0.05, 0.9, 0, true, 0.01))),
                Arguments.of("sgd dampening",
                        (Function<List<Parameter>, Optimizer>) ps -> new Sgd(ps,
                                new SgdConfig(0.05, 0.8, 0.3, false, 0))),
                Arguments.of("adam wd",
                        (Function<List<Parameter>, Optimizer>) ps -> new Adam(ps,
                                AdamConfig.defaults().withLearningRate(0.01).withWeightDecay(0.1))),
                Arguments.of("adamw",
                        (Function<List<Parameter>, Optimizer>) ps -> new AdamW(ps,
                                AdamWConfig.defaults().withLearningRate(0.01))),
                Arguments.of("rmsprop centered momentum wd",
                        (Function<List<Parameter>, Optimizer>) ps -> new RmsProp(ps,
                                new RmsPropConfig(0.01, 0.9, 1e-8, 0.5, true, 0.01))),
                Arguments.of("rmsprop",
                        (Function<List<Parameter>, Optimizer>) ps -> new RmsProp(ps, RmsPropConfig.defaults())),
                Arguments.of("adagrad", (Function<List<Parameter>, Optimizer>) ps -> new Adagrad(ps,
                        new AdagradConfig(0.1, 0.01, 0.01, 0.1, 1e-10))));
    }

    /** Two parameters with a dotted name, values from a seeded generator. */
    private static List<Parameter> parameters(long seed) {
        Random random = new Random(seed);
        Parameter weight = new Parameter("rnn.weight", 2, 3);
        Parameter bias = new Parameter("bias", 2);
        for (Parameter p : List.of(weight, bias)) {
            for (int j = 0; j < p.size(); j++) {
                p.value()[j] = (float) random.nextGaussian();
            }
        }
        return List.of(weight, bias);
    }

    private static List<Parameter> copyOf(List<Parameter> source) {
        List<Parameter> copy = new ArrayList<>();
        for (Parameter p : source) {
            Parameter q = new Parameter(p.name(), p.shape());
            q.set(p.value());
            copy.add(q);
        }
        return copy;
    }

    private static void randomGrads(Random random, List<Parameter> params) {
        for (Parameter p : params) {
            for (int j = 0; j < p.size(); j++) {
                p.grad()[j] = (float) random.nextGaussian();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumedOptimizerContinuesBitForBit(String name, Function<List<Parameter>, Optimizer> factory) {
        List<Parameter> original = parameters(7);
        Optimizer first = factory.apply(original);
        Random grads = new Random(11);
        for (int step = 0; step < 3; step++) {
            randomGrads(grads, original);
            first.step();
        }
        first.setLearningRate(first.learningRate() * 0.5);
        Map<String, float[]> tensors = first.stateTensors();
        Map<String, String> scalars = first.stateScalars();
        assertEquals("3", scalars.get(Optimizer.STEP_KEY));

        List<Parameter> resumed = copyOf(original);
        Optimizer second = factory.apply(resumed);
        second.loadState(tensors, scalars);
        assertEquals(first.stepCount(), second.stepCount());
        assertEquals(first.learningRate(), second.learningRate());
        assertEquals(scalars, second.stateScalars());

        // The exported arrays are copies: scribbling on them must not reach either optimizer.
        for (float[] t : tensors.values()) {
            Arrays.fill(t, Float.NaN);
        }
        for (int step = 0; step < 4; step++) {
            randomGrads(grads, original);
            for (int i = 0; i < original.size(); i++) {
                System.arraycopy(original.get(i).grad(), 0, resumed.get(i).grad(), 0, original.get(i).size());
            }
            first.step();
            second.step();
            for (int i = 0; i < original.size(); i++) {
                assertArrayEquals(original.get(i).value(), resumed.get(i).value(),
                        name + ": " + original.get(i).name() + " after resumed step " + (step + 1));
            }
        }
        Map<String, float[]> a = first.stateTensors();
        Map<String, float[]> b = second.stateTensors();
        assertEquals(a.keySet(), b.keySet());
        for (String key : a.keySet()) {
            assertArrayEquals(a.get(key), b.get(key), key);
        }
    }

    private static Adam steppedAdam(List<Parameter> params) {
        Adam adam = new Adam(params, AdamConfig.defaults());
        randomGrads(new Random(3), params);
        adam.step();
        return adam;
    }

    private static InvalidInputException loadFails(Map<String, float[]> tensors, Map<String, String> scalars) {
        Adam target = steppedAdam(parameters(1));
        Map<String, float[]> before = target.stateTensors();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> target.loadState(tensors, scalars));
        // A failed load changes nothing.
        Map<String, float[]> after = target.stateTensors();
        assertEquals(before.keySet(), after.keySet());
        for (String key : before.keySet()) {
            assertArrayEquals(before.get(key), after.get(key), key);
        }
        assertEquals(1, target.stepCount());
        return e;
    }

    @Test
    void stateKeysUsePyTorchNames() {
        Adam adam = steppedAdam(parameters(1));
        assertEquals(List.of("rnn.weight.exp_avg", "rnn.weight.exp_avg_sq", "bias.exp_avg", "bias.exp_avg_sq"),
                List.copyOf(adam.stateTensors().keySet()));
        assertEquals(Map.of("optimizer", "adam", "step", "1", "lr", "0.001"), adam.stateScalars());
        assertTrue(new Adam(parameters(1), AdamConfig.defaults()).stateTensors().isEmpty(),
                "no moments before the first step");
    }

    @Test
    void rejectsATensorOfTheWrongSize() {
        Map<String, float[]> tensors = steppedAdam(parameters(1)).stateTensors();
        tensors.put("bias.exp_avg", new float[3]);
        assertEquals("optimizer state tensor 'bias.exp_avg' has 3 values, but parameter bias[2] has 2"
                + " — was the state saved for another model?",
                loadFails(tensors, Map.of("step", "1")).getMessage());
    }

    @Test
    void rejectsAnUnknownParameterOrState() {
        Map<String, float[]> tensors = steppedAdam(parameters(1)).stateTensors();
        tensors.put("decoder.bias.exp_avg", new float[2]);
        assertTrue(loadFails(tensors, Map.of("step", "1")).getMessage()
                .startsWith("optimizer state tensor 'decoder.bias.exp_avg' names no parameter of this optimizer"));

        Map<String, float[]> wrongKind = steppedAdam(parameters(1)).stateTensors();
        wrongKind.put("bias.momentum_buffer", new float[2]);
        assertEquals(
                "optimizer state tensor 'bias.momentum_buffer': 'momentum_buffer' is not a state of adam as configured"
                        + " (expected one of [exp_avg, exp_avg_sq]) — was it saved by another optimizer or configuration?",
                loadFails(wrongKind, Map.of("step", "1")).getMessage());
    }

    @Test
    void rejectsAnIncompleteStateAfterTheFirstStep() {
        Map<String, float[]> tensors = steppedAdam(parameters(1)).stateTensors();
        tensors.remove("bias.exp_avg_sq");
        assertEquals("optimizer state is at step 1 but has no tensor 'bias.exp_avg_sq' — incomplete checkpoint?",
                loadFails(tensors, Map.of("step", "1")).getMessage());
    }

    @Test
    void rejectsBadScalars() {
        Map<String, float[]> tensors = steppedAdam(parameters(1)).stateTensors();
        assertEquals("optimizer state was saved by 'sgd', cannot load it into 'adam'",
                loadFails(tensors, Map.of("optimizer", "sgd", "step", "1")).getMessage());
        assertEquals("optimizer state has no scalar 'step' (the step counter)",
                loadFails(tensors, Map.of()).getMessage());
        assertEquals("optimizer state scalar 'step' must be an integer >= 0, got '-2'",
                loadFails(tensors, Map.of("step", "-2")).getMessage());
        assertEquals("optimizer state scalar 'lr' must be a finite number >= 0, got 'fast'",
                loadFails(tensors, Map.of("step", "1", "lr", "fast")).getMessage());
    }

    @Test
    void ignoresForeignScalars() {
        Adam source = steppedAdam(parameters(1));
        Map<String, String> scalars = new HashMap<>(source.stateScalars());
        scalars.put("epoch", "4");
        Adam target = new Adam(parameters(1), AdamConfig.defaults());
        target.loadState(source.stateTensors(), scalars);
        assertEquals(1, target.stepCount());
    }

    @Test
    void loadingAStepZeroStateStartsAfresh() {
        List<Parameter> used = parameters(5);
        Adam adam = steppedAdam(used);
        adam.loadState(Map.of(), Map.of("step", "0"));
        assertEquals(0, adam.stepCount());
        assertTrue(adam.stateTensors().isEmpty());

        Adagrad adagrad = new Adagrad(parameters(5), AdagradConfig.defaults().withInitialAccumulatorValue(0.25));
        adagrad.step();
        adagrad.loadState(new LinkedHashMap<>(), Map.of("step", "0"));
        assertArrayEquals(new float[] {0.25f, 0.25f}, adagrad.stateTensors().get("bias.sum"));
    }

    @Test
    void parameterListMustBeUsable() {
        assertEquals("optimizer got an empty parameter list — nothing to train",
                assertThrows(InvalidInputException.class, () -> new Adam(List.of(), AdamConfig.defaults()))
                        .getMessage());
        Parameter a = new Parameter("w", 2);
        Parameter b = new Parameter("w", 3);
        assertTrue(assertThrows(InvalidInputException.class, () -> new Adam(List.of(a, b), AdamConfig.defaults()))
                .getMessage().startsWith("two parameters are named 'w'"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new Adam(List.of(a, a), AdamConfig.defaults()))
                .getMessage().startsWith("parameter w[2] is given to the optimizer twice"));
    }
}
