package org.rnn4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Runs a {@link Trainer} over a {@link BatchSource} until a limit is reached: a number of steps, of
 * epochs, or a time budget, whichever comes first. Validates and checkpoints every so many steps and
 * at the end, and tells its listeners about every event.
 *
 * <p>A divergence (non-finite loss, gradient or parameter) ends the loop with the
 * {@link DivergenceException}, without writing a checkpoint, so the last good one stays.
 */
public final class TrainingLoop {

    /** Stops after {@code maxSteps} total steps, {@code maxEpochs} epochs or {@code timeBudgetSeconds}; ≤ 0 = no limit. */
    public record Limits(long maxSteps, long maxEpochs, double timeBudgetSeconds) {
        public Limits {
            if (maxSteps <= 0 && maxEpochs <= 0 && timeBudgetSeconds <= 0) {
                throw new IllegalArgumentException("give a limit: steps, epochs or a time budget");
            }
        }
    }

    /** Writes a checkpoint of the current state into the model directory. */
    @FunctionalInterface
    public interface CheckpointWriter {
        void write(int step) throws IOException;
    }

    private final Trainer trainer;
    private final BatchSource source;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private int validateEvery;
    private DoubleSupplier validation;
    private int checkpointEvery;
    private CheckpointWriter checkpoints;
    private Path checkpointDir;
    private double lastValidation = Double.NaN;

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

    /** Checkpoints every {@code every} steps (0 = only at the end) into {@code dir} with {@code writer}. */
    public TrainingLoop checkpoints(int every, Path dir, CheckpointWriter writer) {
        this.checkpointEvery = every;
        this.checkpointDir = dir;
        this.checkpoints = writer;
        return this;
    }

    /** The last validation loss, NaN if none ran. */
    public double lastValidation() {
        return lastValidation;
    }

    /** Runs to a limit; returns the last step's result (null if no step ran). */
    public StepResult run(Limits limits) throws IOException {
        int first = trainer.optimizer().stepCount() + 1;
        long startEpoch = source.epoch();
        for (TrainingListener l : listeners) {
            l.onStart(limits.maxSteps() > 0 ? limits.maxSteps() : -1, first);
        }
        long start = System.nanoTime();
        long positions = 0;
        StepResult last = null;
        String reason;
        while (true) {
            if (limits.maxSteps() > 0 && trainer.optimizer().stepCount() >= limits.maxSteps()) {
                reason = "steps";
                break;
            }
            if (limits.maxEpochs() > 0 && source.epoch() - startEpoch >= limits.maxEpochs()) {
                reason = "epochs";
                break;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (limits.timeBudgetSeconds() > 0 && elapsed >= limits.timeBudgetSeconds()) {
                reason = "time budget";
                break;
            }
            last = trainer.step(source.next());
            positions += last.positions();
            elapsed = (System.nanoTime() - start) / 1e9;
            TrainingListener.StepEvent event = new TrainingListener.StepEvent(last, source.epoch(),
                    positions / Math.max(elapsed, 1e-9), elapsed);
            for (TrainingListener l : listeners) {
                l.onStep(event);
            }
            int step = last.step();
            if (validation != null && validateEvery > 0 && step % validateEvery == 0) {
                validate(step);
            }
            if (checkpoints != null && checkpointEvery > 0 && step % checkpointEvery == 0) {
                checkpoint(step);
            }
        }
        int step = trainer.optimizer().stepCount();
        if (last != null) {
            if (validation != null && (validateEvery <= 0 || step % validateEvery != 0)) {
                validate(step);
            }
            if (checkpoints != null && (checkpointEvery <= 0 || step % checkpointEvery != 0)) {
                checkpoint(step);
            }
        }
        for (TrainingListener l : listeners) {
            l.onFinish(step, reason);
        }
        return last;
    }

    private void validate(int step) {
        lastValidation = validation.getAsDouble();
        for (TrainingListener l : listeners) {
            l.onValidation(step, lastValidation);
        }
    }

    private void checkpoint(int step) throws IOException {
        checkpoints.write(step);
        for (TrainingListener l : listeners) {
            l.onCheckpoint(step, checkpointDir);
        }
    }
}
