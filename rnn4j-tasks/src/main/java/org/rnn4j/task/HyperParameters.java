package org.rnn4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.Activation;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.TrainingLoop;

/**
 * The settings of one training run of a task model. Each task publishes defaults that train a good
 * model without tuning ({@code ForecastRunner.defaultHyperParameters()},
 * {@code ClassifyRunner.defaultHyperParameters()}); a caller changes only what the user asked for with
 * the {@code with...} methods.
 *
 * <p>Learning-rate schedule: when {@code maxSteps > 0} the rate warms up linearly over the first 5%
 * of the steps (at most 100), then follows a half cosine down to 10% of {@code optimizer.learningRate()}
 * at {@code maxSteps}; when the run is limited only by epochs or time the rate is constant.
 *
 * @param cell              rnn, lstm or gru
 * @param activation        the nonlinearity of an {@code rnn} cell (ignored for lstm and gru)
 * @param hiddenSize        units per layer and direction
 * @param layers            stacked recurrent layers
 * @param bidirectional     read each sequence both ways (classification only; forecasting refuses it,
 *                          a forecast cannot read the future)
 * @param dropout           inverted dropout between layers and before the head, in [0, 1)
 * @param batchSize         sequences or windows per optimizer step
 * @param optimizer         algorithm and peak learning rate
 * @param clip              gradient clipping
 * @param maxSteps          stop after this many optimizer steps; ≤ 0 = no step limit
 * @param maxEpochs         stop after this many passes over the training data; ≤ 0 = no epoch limit
 * @param timeBudgetSeconds stop after this much training time; ≤ 0 = no time limit
 * @param seed              the seed of every random choice (initialization, batch order, dropout, split)
 */
public record HyperParameters(CellType cell, Activation activation, int hiddenSize, int layers, boolean bidirectional,
        double dropout, int batchSize, OptimizerSpec optimizer, ClipConfig clip, long maxSteps,
        long maxEpochs, double timeBudgetSeconds, long seed) {

    public HyperParameters {
        if (cell == null) {
            throw new IllegalArgumentException("cell must be given (rnn, lstm or gru)");
        }
        if (activation == null) {
            activation = Activation.TANH;
        }
        if (hiddenSize <= 0) {
            throw new IllegalArgumentException("hidden size must be positive, got " + hiddenSize);
        }
        if (layers <= 0) {
            throw new IllegalArgumentException("layers must be positive, got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be given");
        }
        if (clip == null) {
            clip = ClipConfig.none();
        }
        if (Double.isNaN(timeBudgetSeconds) || timeBudgetSeconds == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(
                    "time budget must be a finite number of seconds, got " + timeBudgetSeconds);
        }
        if (maxSteps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("steps must be at most " + Integer.MAX_VALUE + ", got " + maxSteps);
        }
        if (maxSteps <= 0 && maxEpochs <= 0 && timeBudgetSeconds <= 0) {
            throw new IllegalArgumentException("give a limit: steps, epochs or a time budget");
        }
    }

    /** The loop's stopping rule. */
    public TrainingLoop.Limits limits() {
        return new TrainingLoop.Limits(maxSteps, maxEpochs, timeBudgetSeconds);
    }

    public HyperParameters withCell(CellType value) {
        return new HyperParameters(value, activation, hiddenSize, layers, bidirectional, dropout, batchSize, optimizer,
                clip, maxSteps, maxEpochs, timeBudgetSeconds, seed);
    }

    public HyperParameters withActivation(Activation value) {
        return new HyperParameters(cell, value, hiddenSize, layers, bidirectional, dropout, batchSize, optimizer,
                clip, maxSteps, maxEpochs, timeBudgetSeconds, seed);
    }

    public HyperParameters withHiddenSize(int value) {
        return new HyperParameters(cell, activation, value, layers, bidirectional, dropout, batchSize, optimizer,
                clip, maxSteps, maxEpochs, timeBudgetSeconds, seed);
    }

    public HyperParameters withLayers(int value) {
        return new HyperParameters(cell, activation, hiddenSize, value, bidirectional, dropout, batchSize, optimizer,
                clip, maxSteps, maxEpochs, timeBudgetSeconds, seed);
    }

    public HyperParameters withBidirectional(boolean value) {
        return new HyperParameters(cell, activation, hiddenSize, layers, value, dropout, batchSize, optimizer,
                clip, maxSteps, maxEpochs, timeBudgetSeconds, seed);
    }

    public HyperParameters withDropout(double value) {
        return new HyperParameters(cell, activation, hiddenSize, layers, bidirectional, value, batchSize, optimizer,
                clip, maxSteps, maxEpochs, timeBudgetSeconds, seed);
    }

    public HyperParameters withBatchSize(int value) {
        return new HyperParameters(cell, activation, hiddenSize, layers, bidirectional, dropout, value, optimizer,
                clip, maxSteps, maxEpochs, timeBudgetSeconds, seed);
    }

    public HyperParameters withOptimizer(OptimizerSpec value) {
        return new HyperParameters(cell, activation, hiddenSize, layers, bidirectional, dropout, batchSize, value,
                clip, maxSteps, maxEpochs, timeBudgetSeconds, seed);
    }

    /** The same optimizer with another peak learning rate. */
    public HyperParameters withLearningRate(double value) {
        return withOptimizer(new OptimizerSpec(optimizer.name(), value, optimizer.momentum(), optimizer.weightDecay()));
    }

    public HyperParameters withClip(ClipConfig value) {
        return new HyperParameters(cell, activation, hiddenSize, layers, bidirectional, dropout, batchSize, optimizer,
                value, maxSteps, maxEpochs, timeBudgetSeconds, seed);
    }

    /** Replaces all three limits at once (≤ 0 = that limit is off; at least one must be on). */
    public HyperParameters withLimits(long steps, long epochs, double timeBudget) {
        return new HyperParameters(cell, activation, hiddenSize, layers, bidirectional, dropout, batchSize, optimizer,
                clip, steps, epochs, timeBudget, seed);
    }

    /** Limits the run to {@code value} steps only (epochs and time budget off). */
    public HyperParameters withSteps(long value) {
        return withLimits(value, 0, 0);
    }

    public HyperParameters withSeed(long value) {
        return new HyperParameters(cell, activation, hiddenSize, layers, bidirectional, dropout, batchSize, optimizer,
                clip, maxSteps, maxEpochs, timeBudgetSeconds, value);
    }

    /** The settings as JSON, for the provenance part of a model directory's task object. */
    public ObjectNode toJson() {
        ObjectNode o = ModelDirectory.newObject();
        o.put("cell", cell.id());
        o.put("activation", activation.id());
        o.put("hidden_size", hiddenSize);
        o.put("layers", layers);
        o.put("bidirectional", bidirectional);
        o.put("dropout", dropout);
        o.put("batch_size", batchSize);
        o.put("optimizer", optimizer.name());
        o.put("learning_rate", optimizer.learningRate());
        o.put("clip", clip.mode().name().toLowerCase(java.util.Locale.ROOT));
        o.put("clip_threshold", clip.threshold());
        o.put("max_steps", maxSteps);
        o.put("max_epochs", maxEpochs);
        o.put("time_budget_seconds", timeBudgetSeconds);
        o.put("seed", seed);
        return o;
    }
}
