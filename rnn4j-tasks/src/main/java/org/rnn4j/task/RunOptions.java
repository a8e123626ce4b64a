package org.rnn4j.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.train.TrainingListener;

/**
 * How a caller watches, checkpoints and resumes a task's training run; none of it changes what is learned
 * (a resumed run continues bit for bit).
 *
 * @param listeners       told about every step, validation, checkpoint and the end (progress bars, logs)
 * @param checkpointDir   the model directory to save into, or null to keep the model in memory only.
 *                        When set, the trained model is saved there at the end of the run (with its
 *                        training state, so that it can be resumed), and every {@code checkpointEvery} steps
 * @param checkpointEvery steps between checkpoints; 0 = only at the end
 * @param resumeDir       a model directory written by an earlier run of the same task on the same data and
 *                        settings, to continue from; null = start afresh. The architecture and the fitted
 *                        data transform must match, or the run is refused before any step
 * @param validateEvery   steps between validation passes; 0 = only at the end
 */
public record RunOptions(List<TrainingListener> listeners, Path checkpointDir, int checkpointEvery, Path resumeDir,
        int validateEvery) {

    public RunOptions {
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 steps, got " + checkpointEvery);
        }
        if (validateEvery < 0) {
            throw new IllegalArgumentException("validation interval must be >= 0 steps, got " + validateEvery);
        }
    }

    /** No listener, no checkpoint, no resume; validation only at the end. */
    public static RunOptions none() {
        return new RunOptions(List.of(), null, 0, null, 0);
    }

    /** These options plus one more listener. */
    public RunOptions withListener(TrainingListener listener) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(listener);
        return new RunOptions(all, checkpointDir, checkpointEvery, resumeDir, validateEvery);
    }

    /** Saves into {@code dir} every {@code every} steps (0 = only at the end) and at the end. */
    public RunOptions withCheckpoints(Path dir, int every) {
        return new RunOptions(listeners, dir, every, resumeDir, validateEvery);
    }

    /** Continues the run saved in {@code dir}. */
    public RunOptions withResume(Path dir) {
        return new RunOptions(listeners, checkpointDir, checkpointEvery, dir, validateEvery);
    }

    /** Validates every {@code every} steps (0 = only at the end). */
    public RunOptions withValidateEvery(int every) {
        return new RunOptions(listeners, checkpointDir, checkpointEvery, resumeDir, every);
    }
}
