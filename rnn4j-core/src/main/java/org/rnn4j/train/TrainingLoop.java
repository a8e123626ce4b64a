package org.rnn4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.rnn4j.nn.Parameter;

/**
 * Runs a {@link Trainer} over a {@link BatchSource} until a limit is reached: a number of steps, of
 * epochs, or a time budget, whichever comes first; or until early stopping or a {@link #requestStop}
 * ends it. Validates and checkpoints as configured, and tells its listeners about every event.
 *
 * <p><b>Early stopping.</b> With {@link #earlyStopping}, every validation that improves on the best
 * one so far keeps a copy of the weights; after {@code patience} validations without improvement the
 * run stops, and whatever ends it, the model ends on the best weights: they are the ones a checkpoint
 * serves, while the checkpoint's training state keeps the current ones for an exact resume.
 *
 * <p><b>Divergence.</b> A step that {@link DivergenceRule} flags (or that {@link Trainer} refuses for a
 * non-finite value) either ends the run with a {@link DivergenceException} or rolls it back to the
 * last good state with a lower learning rate ({@link DivergenceRule.Action}). A checkpoint counts as
 * good once {@link #CONFIRM_STEPS} steps after it passed without divergence; when a run diverges
 * sooner after its last checkpoint, that checkpoint may already hold the start of the explosion, and
 * the last good one (or the run's starting state) is written over it. So the checkpoint that stands
 * after a divergence is one taken before the explosion began.
 *
 * <p>Not thread-safe, except {@link #requestStop}, which any thread may call.
 */
public final class TrainingLoop {

    /** Steps after a checkpoint that must pass without divergence before it is written. */
    public static final int CONFIRM_STEPS = 10;
    /** Steps between in-memory snapshots for a rollback when there are no checkpoints to return to. */
    public static final int SNAPSHOT_EVERY = 50;
    /** Rollbacks after divergence before the run is stopped. */
    public static final int MAX_ROLLBACKS = 3;
    /** What each rollback multiplies the learning rate by. */
    public static final double ROLLBACK_RATE_FACTOR = 0.1;

    /** Stops after {@code maxSteps} total steps, {@code maxEpochs} epochs or {@code timeBudgetSeconds}; ≤ 0 = no limit. */
    public record Limits(long maxSteps, long maxEpochs, double timeBudgetSeconds) {
        public Limits {
            if (maxSteps <= 0 && maxEpochs <= 0 && timeBudgetSeconds <= 0) {
                throw new IllegalArgumentException("give a limit: steps, epochs or a time budget");
            }
        }
    }

    /**
     * A checkpoint to write.
     *
     * @param step          the optimizer step it was taken after
     * @param state         the training state, with the current weights in {@link TrainingState#parameters}
     *                      when they differ from {@code servedWeights}
     * @param servedWeights the weights the model directory serves, by parameter name: the best so far
     *                      with early stopping, else the current ones
     */
    public record Checkpoint(int step, TrainingState state, Map<String, float[]> servedWeights) {
    }

    /** Writes a checkpoint into the model directory. */
    @FunctionalInterface
    public interface CheckpointWriter {
        void write(Checkpoint checkpoint) throws IOException;
    }

    /**
     * One training step: the trainer's {@link Trainer#step} of the source's next batch, unless a data-parallel
     * run computes the gradient elsewhere and ends with {@link Trainer#applyGradient}. It must advance the
     * source as a step does, so that the source's epoch and cursor stay the run's.
     */
    @FunctionalInterface
    public interface StepFunction {
        StepResult step();
    }

    /** Why a run ended, as {@link TrainingListener#onFinish} and {@link #stopReason} report it. */
    public static final String STEPS = "steps";
    public static final String EPOCHS = "epochs";
    public static final String TIME_BUDGET = "time budget";
    public static final String EARLY_STOPPING = "early stopping";
    public static final String INTERRUPTED = "interrupted";

    // loop state keys in TrainingState.loop
    private static final String BEST_LOSS = "best_validation_loss";
    private static final String BEST_STEP = "best_step";
    private static final String SINCE_BEST = "validations_since_best";
    private static final String RATE_SCALE = "learning_rate_scale";
    private static final String ROLLBACKS = "rollbacks";

    private final Trainer trainer;
    private final BatchSource source;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private int validateEvery;
    private DoubleSupplier validation;
    private int patience;
    private double minImprovement;
    private int checkpointEvery;
    private double checkpointSeconds;
    private CheckpointWriter checkpoints;
    private Path checkpointDir;
    private DivergenceRule rule;
    private DivergenceRule.Action onDivergence = DivergenceRule.Action.STOP;
    private volatile boolean stopRequested;
    private StopSignal stopSignal;
    private StepFunction stepFunction;

    private double lastValidation = Double.NaN;
    private double bestLoss = Double.NaN;
    private int bestStep;
    private int sinceBest;
    private Map<String, float[]> bestWeights;
    private int rollbacks;
    private String stopReason = "";
    private final History losses = new History();
    private final History norms = new History();
    /** The first steps of the run (or since a rollback): the scale the rule measures against too. */
    private final History firstLosses = new History();
    private final History firstNorms = new History();

    public TrainingLoop(Trainer trainer, BatchSource source) {
        this.trainer = trainer;
        this.source = source;
    }

    public TrainingLoop listener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** Validates every {@code every} steps (0 = only at the end) with {@code validation} (a mean loss). */
    public TrainingLoop validation(int every, DoubleSupplier validation) {
        this.validateEvery = every;
        this.validation = validation;
        return this;
    }

    /**
     * Keeps the weights of the best validation and stops after {@code patience} validations that do not
     * improve on it by more than the fraction {@code minImprovement} of it (0 = any decrease counts);
     * {@code patience} 0 keeps the best weights without stopping early. Needs {@link #validation}.
     */
    public TrainingLoop earlyStopping(int patience, double minImprovement) {
        if (patience < 0 || !(minImprovement >= 0 && minImprovement < 1)) {
            throw new IllegalArgumentException("patience must be >= 0 and the improvement in [0, 1), got " + patience
                    + " and " + minImprovement);
        }
        this.patience = patience;
        this.minImprovement = minImprovement;
        this.bestWeights = bestWeights == null ? new LinkedHashMap<>() : bestWeights;
        return this;
    }

    /** Checkpoints every {@code every} steps (0 = only at the end) into {@code dir} with {@code writer}. */
    public TrainingLoop checkpoints(int every, Path dir, CheckpointWriter writer) {
        return checkpoints(every, 0, dir, writer);
    }

    /**
     * Checkpoints every {@code everySteps} steps and every {@code everySeconds} of training (0 = not by
     * that measure; both 0 = only at the end), and at the end, into {@code dir} with {@code writer}.
     */
    public TrainingLoop checkpoints(int everySteps, double everySeconds, Path dir, CheckpointWriter writer) {
        if (everySteps < 0 || !(everySeconds >= 0)) {
            throw new IllegalArgumentException("checkpoint intervals must be >= 0, got " + everySteps + " steps and "
                    + everySeconds + " s");
        }
        this.checkpointEvery = everySteps;
        this.checkpointSeconds = everySeconds;
        this.checkpointDir = dir;
        this.checkpoints = writer;
        return this;
    }

    /** Watches every step with {@code rule} (besides the non-finite checks) and acts on a divergence by {@code action}. */
    public TrainingLoop divergence(DivergenceRule rule, DivergenceRule.Action action) {
        this.rule = rule;
        this.onDivergence = action;
        return this;
    }

    /** Takes each step with {@code f} instead of {@code trainer.step(source.next())}. */
    public TrainingLoop stepWith(StepFunction f) {
        this.stepFunction = f;
        return this;
    }

    /** Ends the run after the step under way, with a checkpoint as at any end; safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Ends the run, as {@link #requestStop} does, once {@code signal} is requested. */
    public TrainingLoop stopWhen(StopSignal signal) {
        this.stopSignal = signal;
        return this;
    }

    /**
     * Continues a run saved with {@link #loopState}: the best validation so far and its weights
     * ({@code servedWeights}, the model directory's weights), the patience used up and the
     * learning-rate scale. The trainer's own state is restored by {@link Trainer#restore}.
     */
    public void resume(Map<String, String> loop, Map<String, float[]> servedWeights) {
        if (loop.containsKey(BEST_STEP) && bestWeights != null) {
            bestLoss = Double.parseDouble(loop.get(BEST_LOSS));
            bestStep = Integer.parseInt(loop.get(BEST_STEP));
            sinceBest = Integer.parseInt(loop.getOrDefault(SINCE_BEST, "0"));
            bestWeights = copy(servedWeights);
        }
        if (loop.containsKey(RATE_SCALE)) {
            trainer.setLearningRateScale(Double.parseDouble(loop.get(RATE_SCALE)));
        }
        rollbacks = Integer.parseInt(loop.getOrDefault(ROLLBACKS, "0"));
    }

    /** The last validation loss, NaN if none ran. */
    public double lastValidation() {
        return lastValidation;
    }

    /** The best validation loss with early stopping on, else NaN. */
    public double bestValidation() {
        return bestLoss;
    }

    /** The step of the best validation with early stopping on, else 0. */
    public int bestStep() {
        return bestStep;
    }

    /** Why the last run ended ({@link #STEPS}, {@link #EARLY_STOPPING}, ...); empty before. */
    public String stopReason() {
        return stopReason;
    }

    /** Runs to a limit; returns the last step's result (null if no step ran). */
    public StepResult run(Limits limits) throws IOException {
        int first = trainer.optimizer().stepCount() + 1;
        long startEpoch = source.epoch();
        for (TrainingListener l : listeners) {
            l.onStart(limits.maxSteps() > 0 ? limits.maxSteps() : -1, first);
        }
        long start = System.nanoTime();
        double lastCheckpointAt = 0;
        long positions = 0;
        StepResult last = null;
        // the last state known good (the run's start until a checkpoint is confirmed), and a newer one
        // not yet confirmed by CONFIRM_STEPS good steps after it
        Snapshot confirmed = rule != null ? checkpoint() : null;
        Snapshot recent = null;
        boolean rollback = rule != null && onDivergence == DivergenceRule.Action.ROLLBACK_LOWER_LR;
        boolean wrote = false;
        String reason;
        while (true) {
            if (stopRequested || stopSignal != null && stopSignal.requested()) {
                reason = INTERRUPTED;
                break;
            }
            if (limits.maxSteps() > 0 && trainer.optimizer().stepCount() >= limits.maxSteps()) {
                reason = STEPS;
                break;
            }
            if (limits.maxEpochs() > 0 && source.epoch() - startEpoch >= limits.maxEpochs()) {
                reason = EPOCHS;
                break;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (limits.timeBudgetSeconds() > 0 && elapsed >= limits.timeBudgetSeconds()) {
                reason = TIME_BUDGET;
                break;
            }
            String diverged;
            int at = trainer.optimizer().stepCount() + 1;
            try {
                last = stepFunction != null ? stepFunction.step() : trainer.step(source.next());
                diverged = diverges(last);
            } catch (DivergenceException e) {
                if (rule == null) {
                    throw e;
                }
                diverged = e.detail();
                last = null;
            }
            if (diverged != null) {
                if (recent != null && checkpoints != null) {
                    // the checkpoint on disk may already hold the start of the explosion: put the last good one back
                    write(confirmed.checkpoint());
                    wrote = true;
                }
                recent = null;
                if (!rollback || rollbacks >= MAX_ROLLBACKS) {
                    throw new DivergenceException(at, diverged + (rollbacks > 0
                            ? " (after " + rollbacks
                                    + " rollbacks, each with a tenth of the learning rate)"
                            : ""),
                            // a fresh run that wrote nothing has no checkpoint on disk; a resumed one has its start
                            checkpoints != null && (wrote || first > 1) ? confirmed.checkpoint().step() : -1);
                }
                rollBack(confirmed.state(), at, diverged);
                continue;
            }
            positions += last.positions();
            elapsed = (System.nanoTime() - start) / 1e9;
            TrainingListener.StepEvent event = new TrainingListener.StepEvent(last, source.epoch(),
                    positions / Math.max(elapsed, 1e-9), elapsed);
            for (TrainingListener l : listeners) {
                l.onStep(event);
            }
            int step = last.step();
            if (recent != null && step - recent.checkpoint().step() >= CONFIRM_STEPS) {
                confirmed = recent;
                recent = null;
            }
            if (validation != null && validateEvery > 0 && step % validateEvery == 0 && validate(step)) {
                reason = EARLY_STOPPING;
                break;
            }
            boolean due = checkpoints != null && (checkpointEvery > 0 && step % checkpointEvery == 0
                    || checkpointSeconds > 0 && elapsed - lastCheckpointAt >= checkpointSeconds);
            if (due) {
                Snapshot now = checkpoint();
                write(now.checkpoint());
                wrote = true;
                lastCheckpointAt = elapsed;
                if (rule != null) {
                    recent = now;
                }
            } else if (rollback && checkpoints == null && step % SNAPSHOT_EVERY == 0 && recent == null) {
                recent = checkpoint();
            }
        }
        int step = trainer.optimizer().stepCount();
        // an interrupted run saves at once: a validation pass could take long, and one at this step would
        // not have happened in the uninterrupted run that a resume continues
        if (step >= first && validation != null && !EARLY_STOPPING.equals(reason) && !INTERRUPTED.equals(reason)
                && (validateEvery <= 0 || step % validateEvery != 0) && validate(step)) {
            reason = EARLY_STOPPING;
        }
        if (checkpoints != null && step >= first) {
            write(checkpoint().checkpoint());
        }
        if (bestWeights != null && !bestWeights.isEmpty() && bestStep != step) {
            setWeights(bestWeights);
        }
        stopReason = reason;
        for (TrainingListener l : listeners) {
            l.onFinish(step, reason);
        }
        return last;
    }

    /**
     * A checkpoint of the current state, serving the best weights so far (early stopping) or the
     * current ones, with the whole state beside it (a rollback needs the current weights either way).
     */
    private Snapshot checkpoint() {
        TrainingState now = trainer.state(source);
        TrainingState full = now.with(now.parameters(), loopState());
        boolean servesBest = bestWeights != null && !bestWeights.isEmpty() && bestStep != full.step();
        Map<String, float[]> served = servesBest ? copy(bestWeights) : full.parameters();
        TrainingState written = servesBest ? full : full.with(Map.of(), full.loop());
        return new Snapshot(new Checkpoint(full.step(), written, served), full);
    }

    /** The loop's own state, for {@link TrainingState#loop} and {@link #resume}. */
    private Map<String, String> loopState() {
        Map<String, String> m = new LinkedHashMap<>();
        if (bestWeights != null && !bestWeights.isEmpty()) {
            m.put(BEST_LOSS, Double.toString(bestLoss));
            m.put(BEST_STEP, Integer.toString(bestStep));
            m.put(SINCE_BEST, Integer.toString(sinceBest));
        }
        if (trainer.learningRateScale() != 1) {
            m.put(RATE_SCALE, Double.toString(trainer.learningRateScale()));
        }
        if (rollbacks > 0) {
            m.put(ROLLBACKS, Integer.toString(rollbacks));
        }
        return m;
    }

    private void write(Checkpoint c) throws IOException {
        checkpoints.write(c);
        for (TrainingListener l : listeners) {
            l.onCheckpoint(c.step(), checkpointDir);
        }
    }

    /** Validates; true when early stopping ends the run here. */
    private boolean validate(int step) {
        lastValidation = validation.getAsDouble();
        for (TrainingListener l : listeners) {
            l.onValidation(step, lastValidation);
        }
        if (bestWeights == null) {
            return false;
        }
        if (Double.isNaN(bestLoss) || lastValidation < bestLoss - minImprovement * Math.abs(bestLoss)) {
            bestLoss = lastValidation;
            bestStep = step;
            sinceBest = 0;
            for (Parameter p : trainer.model().parameters()) {
                float[] v = bestWeights.get(p.name());
                if (v == null) {
                    bestWeights.put(p.name(), p.value().clone());
                } else {
                    System.arraycopy(p.value(), 0, v, 0, v.length);
                }
            }
            return false;
        }
        sinceBest++;
        return patience > 0 && sinceBest >= patience;
    }

    /** Why {@code r} diverges by {@link #rule}, or null. Records the step in the history otherwise. */
    private String diverges(StepResult r) {
        if (rule == null) {
            return null;
        }
        if (losses.size() > 0) {
            double m = losses.median();
            double first = firstLosses.median();
            if (rule.lossExplodes(r.loss(), m, first)) {
                return String.format(java.util.Locale.ROOT, "the loss %.4g exploded past %.4g: %.3g times the"
                        + " median %.4g of the last %d steps plus %.4g, the larger of %.3g and the first steps'"
                        + " median", r.loss(), rule.lossBound(m, first), rule.lossFactor(), m, losses.size(),
                        Math.max(rule.lossMargin(), first), rule.lossMargin());
            }
            double n = norms.median();
            double firstNorm = firstNorms.median();
            if (!r.clipped() && rule.gradientExplodes(r.gradNorm(), n, firstNorm)) {
                return String.format(java.util.Locale.ROOT, "the unclipped gradient norm %.4g exploded past %.4g: %.3g"
                        + " times the larger of the median %.4g of the last %d steps and %.4g of the first steps, plus"
                        + " %.3g", r.gradNorm(), rule.gradientBound(n, firstNorm), rule.gradientFactor(), n,
                        norms.size(), firstNorm, rule.gradientMargin());
            }
        }
        losses.add(r.loss(), rule.window());
        norms.add(r.gradNorm(), rule.window());
        if (firstLosses.size() < rule.window()) {
            firstLosses.add(r.loss(), rule.window());
            firstNorms.add(r.gradNorm(), rule.window());
        }
        return null;
    }

    /** Back to {@code good} (the last written checkpoint's state, or the run's start) with a lower rate. */
    private void rollBack(TrainingState good, int at, String why) {
        rollbacks++;
        double scale = trainer.learningRateScale() * ROLLBACK_RATE_FACTOR;
        trainer.restore(good, source);
        trainer.setLearningRateScale(scale);
        losses.clear();
        norms.clear();
        firstLosses.clear();
        firstNorms.clear();
        for (TrainingListener l : listeners) {
            l.onDivergence(at, why, good.step(), scale);
        }
    }

    private void setWeights(Map<String, float[]> weights) {
        for (Parameter p : trainer.model().parameters()) {
            p.set(weights.get(p.name()));
        }
    }

    private static Map<String, float[]> copy(Map<String, float[]> m) {
        Map<String, float[]> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v.clone()));
        return c;
    }

    /** A checkpoint as written, and the whole state (with the current weights) a rollback returns to. */
    private record Snapshot(Checkpoint checkpoint, TrainingState state) {
    }

    /** The last values of a series, for medians. */
    private static final class History {
        private double[] values = new double[0];
        private int size;
        private int next;
        private double[] sorted = new double[0];

        int size() {
            return size;
        }

        void add(double v, int window) {
            if (values.length != window) {
                values = Arrays.copyOf(values, window);
                sorted = new double[window];
                size = Math.min(size, window);
                next %= window;
            }
            values[next] = v;
            next = (next + 1) % window;
            size = Math.min(size + 1, window);
        }

        double median() {
            System.arraycopy(values, 0, sorted, 0, size);
            Arrays.sort(sorted, 0, size);
            return size % 2 == 1 ? sorted[size / 2] : 0.5 * (sorted[size / 2 - 1] + sorted[size / 2]);
        }

        void clear() {
            size = 0;
            next = 0;
        }
    }
}
