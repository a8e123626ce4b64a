package org.rnn4j.task;

import java.util.ArrayDeque;
import org.rnn4j.train.TrainingListener;

/**
 * Listens to a training loop and keeps what a {@link TrainingSummary} reports: the mean of the last
 * losses (a steadier figure than the last step's), the throughput, the training time and why the
 * loop stopped.
 */
public final class SummaryTracker implements TrainingListener {

    /** Steps whose losses are averaged for the reported training loss. */
    public static final int LOSS_WINDOW = 50;

    private final ArrayDeque<Double> recent = new ArrayDeque<>();
    private double positionsPerSecond = Double.NaN;
    private double elapsed;
    private String reason = "";

    @Override
    public void onStep(StepEvent event) {
        recent.addLast(event.result().loss());
        if (recent.size() > LOSS_WINDOW) {
            recent.removeFirst();
        }
        positionsPerSecond = event.positionsPerSecond();
        elapsed = event.elapsedSeconds();
    }

    @Override
    public void onFinish(int lastStep, String reason) {
        this.reason = reason;
    }

    /** Mean loss over the last {@link #LOSS_WINDOW} steps, NaN before the first. */
    public double meanRecentLoss() {
        if (recent.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : recent) {
            s += v;
        }
        return s / recent.size();
    }

    /**
     * The summary of the run so far, with the given step count and validation loss of the model it ended
     * on, and the best step and validation loss of early stopping (the last step and NaN without).
     */
    public TrainingSummary summary(int steps, double validationLoss, int bestStep, double bestValidationLoss) {
        return new TrainingSummary(steps, meanRecentLoss(), validationLoss, positionsPerSecond, elapsed, reason,
                bestStep, bestValidationLoss);
    }
}
