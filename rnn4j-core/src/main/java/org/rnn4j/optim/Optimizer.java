package org.rnn4j.optim;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.Kernels;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.ParameterPasses;
import org.rnn4j.util.FloatArrays;

/**
 * Updates a fixed list of {@link Parameter}s in place from their gradients, one {@link #step()} at a
 * time, keeping its own per-parameter state.
 *
 * <p>The step counter {@code t} is 0 before the first step and 1 during the first step, as in
 * PyTorch. Every step updates every parameter (a parameter whose gradient is all zeros still takes
 * part, exactly as a PyTorch parameter whose {@code .grad} is a zero tensor).
 *
 * <p>State export and import. {@link #stateTensors()} returns copies of the per-parameter state
 * tensors keyed {@code "<parameter name>.<state name>"} with PyTorch's state names
 * ({@code exp_avg}, {@code exp_avg_sq}, {@code momentum_buffer}, {@code square_avg},
 * {@code grad_avg}, {@code sum}); {@link #stateScalars()} returns the algorithm name, the step
 * counter and the learning rate as strings. Giving both to {@link #loadState} of a new optimizer
 * of the same kind over parameters with the same names and sizes makes its following steps
 * bit-for-bit identical to those of the original.
 *
 * <p>The update is elementwise: {@link #spreadOver} lets a step cut every parameter into pieces
 * that run on the kernels' threads, with the same results.
 *
 * <p>Not thread-safe: one training loop drives one optimizer.
 */
public abstract class Optimizer {

    /** Scalar key: the algorithm name, {@link #algorithm()}. */
    public static final String ALGORITHM_KEY = "optimizer";
    /** Scalar key: the number of steps taken, {@link #stepCount()}; PyTorch's {@code step}. */
    public static final String STEP_KEY = "step";
    /** Scalar key: the current learning rate, written with {@link Double#toString(double)} so it reads back exactly. */
    public static final String LEARNING_RATE_KEY = "lr";

    /** Elements updated, then checked, at a time: 16 KiB of values, in L1 between the two. */
    private static final int CHECK_BLOCK = 4096;

    private final List<Parameter> parameters;
    /** State name → one slot per parameter, {@code null} until the state exists. Insertion order = export order. */
    private final Map<String, float[][]> state = new LinkedHashMap<>();
    private double learningRate;
    private int stepCount;
    private ParameterPasses passes;
    /** Set by a piece of {@link #step} that left a value NaN or infinite. */
    private final AtomicBoolean nonFinite = new AtomicBoolean();
    private final ParameterPasses.Range updateRange = this::updateAndCheck;

    /**
     * @param parameters   the parameters to update, in a fixed order; their names must be distinct
     * @param learningRate the initial learning rate, already validated by the config
     */
    protected Optimizer(List<Parameter> parameters, double learningRate) {
        Objects.requireNonNull(parameters, "parameters");
        if (parameters.isEmpty()) {
            throw new InvalidInputException("optimizer got an empty parameter list — nothing to train");
        }
        Set<String> names = new HashSet<>();
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        for (Parameter p : parameters) {
            Objects.requireNonNull(p, "parameters contains null");
            if (seen.put(p, Boolean.TRUE) != null) {
                throw new InvalidInputException("parameter " + p + " is given to the optimizer twice; it would be"
                        + " updated twice per step");
            }
            if (!names.add(p.name())) {
                throw new InvalidInputException("two parameters are named '" + p.name() + "'; optimizer state is"
                        + " keyed by name, so names must be distinct (prefix them, e.g. 'rnn." + p.name() + "')");
            }
        }
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        this.passes = new ParameterPasses(null, this.parameters);
    }

    /**
     * Runs the following steps' updates in pieces on the threads of {@code kernels} ({@code null}: on
     * the calling thread). The results are the same either way.
     */
    public final void spreadOver(Kernels kernels) {
        passes = new ParameterPasses(kernels, parameters);
    }

    /**
     * Declares a per-parameter state tensor under its PyTorch name. Called by subclass constructors;
     * the returned array (one slot per parameter, initially {@code null}) is shared with this class,
     * which fills it on {@link #loadState}.
     */
    protected final float[][] declareState(String stateName) {
        if (stateName.contains(".") || state.containsKey(stateName)) {
            throw new IllegalArgumentException("bad or duplicate state name " + stateName);
        }
        float[][] slots = new float[parameters.size()][];
        state.put(stateName, slots);
        return slots;
    }

    /** The short algorithm name ({@code sgd}, {@code adam}, ...) recorded in the state scalars. */
    public abstract String algorithm();

    /**
     * Gets parameter {@code index} ready for step {@code t} before any of its elements is updated:
     * creates the state a first step needs. Runs on the calling thread. Does nothing by default.
     */
    protected void prepare(int index, Parameter parameter, int t) {
    }

    /**
     * Updates elements {@code [from, to)} of parameter {@code index} for step {@code t} (1 on the
     * first step). Reads {@code parameter.grad()}, updates {@code parameter.value()} and the state in
     * place, never writes the gradient. Calls for disjoint ranges may run at the same time.
     */
    protected abstract void update(int index, Parameter parameter, int t, int from, int to);

    /** Applies one optimizer step to every parameter and advances the step counter. */
    public final void step() {
        if (stepCount == Integer.MAX_VALUE) {
            throw new IllegalStateException("step counter overflow after " + stepCount + " steps");
        }
        stepCount++;
        for (int i = 0; i < parameters.size(); i++) {
            prepare(i, parameters.get(i), stepCount);
        }
        nonFinite.set(false);
        passes.forEach(updateRange);
        for (Parameter p : parameters) {
            p.markChanged();
        }
    }

    /**
     * Whether every parameter value was finite after the last {@link #step}: each block of elements
     * is checked right after its update, while it is still in the cache, instead of in a pass of its
     * own.
     */
    public final boolean valuesFinite() {
        return !nonFinite.get();
    }

    private void updateAndCheck(int index, int from, int to) {
        Parameter parameter = parameters.get(index);
        float[] value = parameter.value();
        boolean finite = true;
        for (int lo = from; lo < to; lo += CHECK_BLOCK) {
            int hi = Math.min(to, lo + CHECK_BLOCK);
            update(index, parameter, stepCount, lo, hi);
            finite &= FloatArrays.allFinite(value, lo, hi);
        }
        if (!finite) {
            nonFinite.set(true);
        }
    }

    /** Sets every parameter's gradient to zero, PyTorch's {@code zero_grad(set_to_none=False)}. */
    public final void zeroGrad() {
        passes.zeroGradients();
    }

    /** The parameters this optimizer updates, in order (unmodifiable). */
    public final List<Parameter> parameters() {
        return parameters;
    }

    /** The learning rate the next {@link #step()} uses. */
    public final double learningRate() {
        return learningRate;
    }

    /**
     * Sets the learning rate for the following steps; schedules call this before each step.
     * Zero is allowed (a schedule may decay to it), negative or non-finite values are not.
     */
    public final void setLearningRate(double learningRate) {
        if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
            throw new InvalidInputException("learning rate must be a finite number >= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** The number of steps taken so far (0 before the first step). */
    public final int stepCount() {
        return stepCount;
    }

    /**
     * Copies of the state tensors, keyed {@code "<parameter name>.<state name>"}, in parameter order.
     * A state that does not exist yet (for example Adam's moments before the first step) is absent.
     */
    public final Map<String, float[]> stateTensors() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            for (Map.Entry<String, float[][]> e : state.entrySet()) {
                float[] slot = e.getValue()[i];
                if (slot != null) {
                    out.put(parameters.get(i).name() + "." + e.getKey(), slot.clone());
                }
            }
        }
        return out;
    }

    /** The scalar state: {@value #ALGORITHM_KEY}, {@value #STEP_KEY} and {@value #LEARNING_RATE_KEY}, as strings. */
    public final Map<String, String> stateScalars() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ALGORITHM_KEY, algorithm());
        out.put(STEP_KEY, Integer.toString(stepCount));
        out.put(LEARNING_RATE_KEY, Double.toString(learningRate));
        return out;
    }

    /**
     * Replaces this optimizer's state with one exported by {@link #stateTensors()} and
     * {@link #stateScalars()} of an optimizer of the same algorithm and configuration.
     *
     * <p>Checks, all before anything is changed: {@value #ALGORITHM_KEY}, if present, must equal
     * {@link #algorithm()}; {@value #STEP_KEY} must be present, an integer {@code >= 0};
     * {@value #LEARNING_RATE_KEY}, if present, must be finite and {@code >= 0} (it then replaces the
     * current rate); every tensor key must name one of this optimizer's parameters and states and
     * have that parameter's size; after at least one step every state of every parameter must be
     * present. At step 0 a missing state starts afresh. Other scalar keys are ignored, so a caller may
     * keep its own entries (epoch, ...) in the same map.
     *
     * @throws InvalidInputException naming the offending key, what was expected and what was found
     */
    public final void loadState(Map<String, float[]> tensors, Map<String, String> scalars) {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(scalars, "scalars");
        String savedAlgorithm = scalars.get(ALGORITHM_KEY);
        if (savedAlgorithm != null && !savedAlgorithm.equals(algorithm())) {
            throw new InvalidInputException(
                    "optimizer state was saved by '" + savedAlgorithm + "', cannot load it into '"
                            + algorithm() + "'");
        }
        int savedStep = parseStep(scalars.get(STEP_KEY));
        double savedRate = learningRate;
        String rateText = scalars.get(LEARNING_RATE_KEY);
        if (rateText != null) {
            try {
                savedRate = Double.parseDouble(rateText);
            } catch (NumberFormatException e) {
                savedRate = Double.NaN;
            }
            if (!(savedRate >= 0) || !Double.isFinite(savedRate)) {
                throw new InvalidInputException("optimizer state scalar '" + LEARNING_RATE_KEY
                        + "' must be a finite number >= 0, got '" + rateText + "'");
            }
        }

        Map<String, Integer> indexByName = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            indexByName.put(parameters.get(i).name(), i);
        }
        Map<String, float[][]> loaded = new LinkedHashMap<>();
        for (String stateName : state.keySet()) {
            loaded.put(stateName, new float[parameters.size()][]);
        }
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "null tensor key");
            int dot = key.lastIndexOf('.');
            String paramName = dot < 0 ? "" : key.substring(0, dot);
            String stateName = dot < 0 ? key : key.substring(dot + 1);
            Integer index = indexByName.get(paramName);
            if (index == null) {
                throw new InvalidInputException(
                        "optimizer state tensor '" + key + "' names no parameter of this optimizer"
                                + " (expected '<parameter>.<state>' with parameter one of " + indexByName.keySet()
                                + ") — was the state saved for another model?");
            }
            float[][] slots = loaded.get(stateName);
            if (slots == null) {
                throw new InvalidInputException(
                        "optimizer state tensor '" + key + "': '" + stateName + "' is not a state of "
                                + algorithm() + " as configured (expected one of " + state.keySet()
                                + ") — was it saved by another optimizer or configuration?");
            }
            Parameter p = parameters.get(index);
            float[] values = Objects.requireNonNull(e.getValue(), () -> "optimizer state tensor '" + key + "' is null");
            if (values.length != p.size()) {
                throw new InvalidInputException("optimizer state tensor '" + key + "' has " + values.length
                        + " values, but parameter " + p + " has " + p.size()
                        + " — was the state saved for another model?");
            }
            slots[index] = values.clone();
        }
        if (savedStep > 0) {
            for (Map.Entry<String, float[][]> e : loaded.entrySet()) {
                for (int i = 0; i < parameters.size(); i++) {
                    if (e.getValue()[i] == null) {
                        throw new InvalidInputException(
                                "optimizer state is at step " + savedStep + " but has no tensor '"
                                        + parameters.get(i).name() + "." + e.getKey() + "' — incomplete checkpoint?");
                    }
                }
            }
        }
        // All checks passed: now replace the state.
        for (Map.Entry<String, float[][]> e : loaded.entrySet()) {
            float[][] target = state.get(e.getKey());
            System.arraycopy(e.getValue(), 0, target, 0, target.length);
        }
        stepCount = savedStep;
        learningRate = savedRate;
        afterLoad();
    }

    /**
     * Called after {@link #loadState} has replaced the state, so that a subclass can re-create a state
     * that must exist from step 0 (Adagrad's {@code sum}). Does nothing by default.
     */
    protected void afterLoad() {
    }

    private static int parseStep(String text) {
        if (text == null) {
            throw new InvalidInputException("optimizer state has no scalar '" + STEP_KEY + "' (the step counter)");
        }
        try {
            int step = Integer.parseInt(text.trim());
            if (step >= 0) {
                return step;
            }
        } catch (NumberFormatException e) {
            // reported below with the offending text
        }
        throw new InvalidInputException("optimizer state scalar '" + STEP_KEY + "' must be an integer >= 0, got '"
                + text + "'");
    }

    @Override
    public String toString() {
        return algorithm() + "(lr=" + learningRate + ", step=" + stepCount + ", " + parameters.size() + " parameters)";
    }
}
