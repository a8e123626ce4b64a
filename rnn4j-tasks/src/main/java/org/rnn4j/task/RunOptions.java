package org.rnn4j.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.train.DivergenceRule;
import org.rnn4j.train.StopSignal;
import org.rnn4j.train.TrainingListener;

/**
 * How a caller watches, checkpoints, resumes and stops a task's training run; none of it changes what
 * is learned (a resumed run continues bit for bit), except what happens after a divergence.
 *
 * @param listeners         told about every step, validation, checkpoint and the end (progress bars, logs)
 * @param checkpointDir     the model directory to save into, or null to keep the model in memory only.
 *                          When set, the trained model is saved there at the end of the run (with its
 *                          training state, so that it can be resumed), and every {@code checkpointEvery}
 *                          steps and {@code checkpointSeconds} of training
 * @param checkpointEvery   steps between checkpoints; 0 = not by steps
 * @param checkpointSeconds seconds of training between checkpoints; 0 = not by time
 * @param resumeDir         a model directory written by an earlier run of the same task on the same data and
 *                          settings, to continue from; null = start afresh. The architecture, the fitted
 *                          data transform and the settings (but the limits) must match, or the run is refused
 *                          before any step
 * @param validateEvery     steps between validation passes; 0 = only at the end
 * @param onDivergence      what a divergent step does ({@link DivergenceRule#standard()} decides which are)
 * @param stop              ends the run early, with a checkpoint, when requested; null = never
 */
public record RunOptions(List<TrainingListener> listeners, Path checkpointDir, int checkpointEvery,
        double checkpointSeconds, Path resumeDir, int validateEvery, DivergenceRule.Action onDivergence,
        StopSignal stop) {

    public RunOptions {
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 steps, got " + checkpointEvery);
        }
        if (!(checkpointSeconds >= 0)) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 seconds, got " + checkpointSeconds);
        }
        if (validateEvery < 0) {
            throw new IllegalArgumentException("validation interval must be >= 0 steps, got " + validateEvery);
        }
        if (onDivergence == null) {
            onDivergence = DivergenceRule.Action.STOP;
        }
    }

    /** No listener, no checkpoint, no resume; validation only at the end; a divergence stops the run. */
    public static RunOptions none() {
        return new RunOptions(List.of(), null, 0, 0, null, 0, DivergenceRule.Action.STOP, null);
    }

    /** These options plus one more listener. */
    public RunOptions withListener(TrainingListener listener) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(listener);
        return new RunOptions(all, checkpointDir, checkpointEvery, checkpointSeconds, resumeDir, validateEvery,
                onDivergence, stop);
    }

    /** Saves into {@code dir} every {@code every} steps (0 = only at the end) and at the end. */
    public RunOptions withCheckpoints(Path dir, int every) {
        return withCheckpoints(dir, every, checkpointSeconds);
    }

    /** Saves into {@code dir} every {@code everySteps} steps and {@code everySeconds} of training, and at the end. */
    public RunOptions withCheckpoints(Path dir, int everySteps, double everySeconds) {
        return new RunOptions(listeners, dir, everySteps, everySeconds, resumeDir, validateEvery, onDivergence, stop);
    }

    /** Continues the run saved in {@code dir}. */
    public RunOptions withResume(Path dir) {
        return new RunOptions(listeners, checkpointDir, checkpointEvery, checkpointSeconds, dir, validateEvery,
                onDivergence, stop);
    }

    /** Validates every {@code every} steps (0 = only at the end). */
    public RunOptions withValidateEvery(int every) {
        return new RunOptions(listeners, checkpointDir, checkpointEvery, checkpointSeconds, resumeDir, every,
                onDivergence, stop);
    }

    /** What a divergent step does. */
    public RunOptions withOnDivergence(DivergenceRule.Action action) {
        return new RunOptions(listeners, checkpointDir, checkpointEvery, checkpointSeconds, resumeDir, validateEvery,
                action, stop);
    }

    /** Ends the run, with a checkpoint, once {@code signal} is requested. */
    public RunOptions withStop(StopSignal signal) {
        return new RunOptions(listeners, checkpointDir, checkpointEvery, checkpointSeconds, resumeDir, validateEvery,
                onDivergence, signal);
    }
}
