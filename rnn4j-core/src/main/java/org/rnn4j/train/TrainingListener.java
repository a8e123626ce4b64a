package org.rnn4j.train;

import java.nio.file.Path;

/** Subscribes to a {@link TrainingLoop}: a progress bar, a log, a report. Every method is optional. */
public interface TrainingListener {

    /** Before the first step; {@code plannedSteps} is -1 when the run is limited by time only. */
    default void onStart(long plannedSteps, int firstStep) {
    }

    default void onStep(StepEvent event) {
    }

    default void onValidation(int step, double loss) {
    }

    default void onCheckpoint(int step, Path dir) {
    }

    default void onFinish(int lastStep, String reason) {
    }

    /**
     * Step {@code step} diverged ({@code why}) and the run went back to the state after step
     * {@code restoredStep}, its learning rate now multiplied by {@code rateScale}.
     */
    default void onDivergence(int step, String why, int restoredStep, double rateScale) {
    }

    /**
     * One optimizer step.
     *
     * @param result           what the step did
     * @param epoch            passes over the data completed
     * @param positionsPerSecond target positions (tokens, sequences, values) per second over the run so far
     * @param elapsedSeconds   training time so far (this run)
     */
    record StepEvent(StepResult result, long epoch, double positionsPerSecond, double elapsedSeconds) {
    }
}
