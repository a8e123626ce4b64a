package org.rnn4j.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.InvalidInputException;
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
 * @param patience          early stopping: validations without improvement after which the run stops; the
 *                          run ends on the weights of its best validation. 0 = off (the last weights)
 */
public record HyperParameters(CellType cell, Activation activation, int hiddenSize, int layers, boolean bidirectional,
        double dropout, int batchSize, OptimizerSpec optimizer, ClipConfig clip, long maxSteps,
        long maxEpochs, double timeBudgetSeconds, long seed, int patience) {

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
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 validations (0 = no early stopping), got "
                    + patience);
        }
    }

    /** The loop's stopping rule. */
    public TrainingLoop.Limits limits() {
        return new TrainingLoop.Limits(maxSteps, maxEpochs, timeBudgetSeconds);
    }

    /**
     * A builder with a cell and an optimizer; everything else starts at one layer of 64 units, one
     * direction, no dropout, batch 32, no clipping, seed 1, no early stopping, and no limit (give one
     * before {@link Builder#build}).
     */
    public static Builder builder(CellType cell, OptimizerSpec optimizer) {
        return new Builder(cell, optimizer);
    }

    /** A builder holding these settings, to derive others. */
    public Builder toBuilder() {
        return new Builder(cell, optimizer).activation(activation).hiddenSize(hiddenSize).layers(layers)
                .bidirectional(bidirectional).dropout(dropout).batchSize(batchSize).clip(clip)
                .limits(maxSteps, maxEpochs, timeBudgetSeconds).seed(seed).patience(patience);
    }

    public HyperParameters withCell(CellType value) {
        return toBuilder().cell(value).build();
    }

    public HyperParameters withActivation(Activation value) {
        return toBuilder().activation(value).build();
    }

    public HyperParameters withHiddenSize(int value) {
        return toBuilder().hiddenSize(value).build();
    }

    public HyperParameters withLayers(int value) {
        return toBuilder().layers(value).build();
    }

    public HyperParameters withBidirectional(boolean value) {
        return toBuilder().bidirectional(value).build();
    }

    public HyperParameters withDropout(double value) {
        return toBuilder().dropout(value).build();
    }

    public HyperParameters withBatchSize(int value) {
        return toBuilder().batchSize(value).build();
    }

    public HyperParameters withOptimizer(OptimizerSpec value) {
        return toBuilder().optimizer(value).build();
    }

    /** The same optimizer with another peak learning rate. */
    public HyperParameters withLearningRate(double value) {
        return withOptimizer(optimizer.withLearningRate(value));
    }

    public HyperParameters withClip(ClipConfig value) {
        return toBuilder().clip(value).build();
    }

    /** Replaces all three limits at once (≤ 0 = that limit is off; at least one must be on). */
    public HyperParameters withLimits(long steps, long epochs, double timeBudget) {
        return toBuilder().limits(steps, epochs, timeBudget).build();
    }

    /** Limits the run to {@code value} steps only (epochs and time budget off). */
    public HyperParameters withSteps(long value) {
        return withLimits(value, 0, 0);
    }

    public HyperParameters withSeed(long value) {
        return toBuilder().seed(value).build();
    }

    public HyperParameters withPatience(int value) {
        return toBuilder().patience(value).build();
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
        o.put("momentum", optimizer.momentum());
        if (optimizer.weightDecay().isPresent()) {
            o.put("weight_decay", optimizer.weightDecay().getAsDouble());
        }
        o.put("clip", clip.mode().name().toLowerCase(java.util.Locale.ROOT));
        o.put("clip_threshold", clip.threshold());
        o.put("max_steps", maxSteps);
        o.put("max_epochs", maxEpochs);
        o.put("time_budget_seconds", timeBudgetSeconds);
        o.put("seed", seed);
        o.put("patience", patience);
        return o;
    }

    /**
     * Settings written by {@link #toJson()} (files of earlier versions have no {@code momentum},
     * {@code weight_decay} or {@code patience}: 0, the optimizer's default, and no early stopping).
     *
     * @param where names the object in errors, e.g. {@code "models/x/config.json: task.hyper_parameters"}
     * @throws InvalidInputException when a key is missing, of the wrong type, or out of range
     */
    public static HyperParameters fromJson(JsonNode o, String where) {
        if (o == null || !o.isObject()) {
            throw new InvalidInputException(where + " should be an object of training settings, got " + o);
        }
        Json j = new Json(o, where);
        try {
            OptimizerSpec optimizer = OptimizerSpec.of(j.text("optimizer"), j.number("learning_rate"))
                    .withMomentum(o.has("momentum") ? j.number("momentum") : 0);
            if (o.has("weight_decay")) {
                optimizer = optimizer.withWeightDecay(j.number("weight_decay"));
            }
            ClipConfig.Mode mode = ClipConfig.Mode.valueOf(j.text("clip").toUpperCase(java.util.Locale.ROOT));
            ClipConfig clip = new ClipConfig(mode, mode == ClipConfig.Mode.NONE ? 0 : j.number("clip_threshold"));
            return builder(CellType.parse(j.text("cell")), optimizer).activation(Activation.parse(j.text("activation")))
                    .hiddenSize(j.integer("hidden_size")).layers(j.integer("layers"))
                    .bidirectional(j.bool("bidirectional")).dropout(j.number("dropout"))
                    .batchSize(j.integer("batch_size")).clip(clip)
                    .limits(j.longInteger("max_steps"), j.longInteger("max_epochs"), j.number("time_budget_seconds"))
                    .seed(j.longInteger("seed")).patience(o.has("patience") ? j.integer("patience") : 0).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }

    /** Typed reads of the keys of one JSON object, each failing with the key's name. */
    private record Json(JsonNode o, String where) {
        String text(String key) {
            JsonNode n = o.get(key);
            if (n == null || !n.isTextual()) {
                throw new InvalidInputException(where + "." + key + " should be a string, got " + n);
            }
            return n.asText();
        }

        double number(String key) {
            JsonNode n = o.get(key);
            if (n == null || !n.isNumber()) {
                throw new InvalidInputException(where + "." + key + " should be a number, got " + n);
            }
            return n.asDouble();
        }

        long longInteger(String key) {
            JsonNode n = o.get(key);
            if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
                throw new InvalidInputException(where + "." + key + " should be an integer, got " + n);
            }
            return n.asLong();
        }

        int integer(String key) {
            long v = longInteger(key);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new InvalidInputException(where + "." + key + " is out of range: " + v);
            }
            return (int) v;
        }

        boolean bool(String key) {
            JsonNode n = o.get(key);
            if (n == null || !n.isBoolean()) {
                throw new InvalidInputException(where + "." + key + " should be true or false, got " + n);
            }
            return n.asBoolean();
        }
    }

    /** Builds {@link HyperParameters}; {@link #build} validates. */
    public static final class Builder {
        private CellType cell;
        private Activation activation = Activation.TANH;
        private int hiddenSize = 64;
        private int layers = 1;
        private boolean bidirectional;
        private double dropout;
        private int batchSize = 32;
        private OptimizerSpec optimizer;
        private ClipConfig clip = ClipConfig.none();
        private long maxSteps;
        private long maxEpochs;
        private double timeBudgetSeconds;
        private long seed = 1;
        private int patience;

        private Builder(CellType cell, OptimizerSpec optimizer) {
            this.cell = cell;
            this.optimizer = optimizer;
        }

        public Builder cell(CellType value) {
            this.cell = value;
            return this;
        }

        /** The nonlinearity of an {@code rnn} cell (ignored for lstm and gru). */
        public Builder activation(Activation value) {
            this.activation = value;
            return this;
        }

        /** Units per layer and direction. */
        public Builder hiddenSize(int value) {
            this.hiddenSize = value;
            return this;
        }

        public Builder layers(int value) {
            this.layers = value;
            return this;
        }

        public Builder bidirectional(boolean value) {
            this.bidirectional = value;
            return this;
        }

        /** Inverted dropout between layers and before the head, in [0, 1). */
        public Builder dropout(double value) {
            this.dropout = value;
            return this;
        }

        /** Sequences or windows per optimizer step. */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder optimizer(OptimizerSpec value) {
            this.optimizer = value;
            return this;
        }

        public Builder clip(ClipConfig value) {
            this.clip = value;
            return this;
        }

        /** Stop after this many optimizer steps in total. */
        public Builder maxSteps(long value) {
            this.maxSteps = value;
            return this;
        }

        /** Stop after this many passes over the training data. */
        public Builder maxEpochs(long value) {
            this.maxEpochs = value;
            return this;
        }

        /** Stop after this much training time. */
        public Builder timeBudgetSeconds(double value) {
            this.timeBudgetSeconds = value;
            return this;
        }

        /** All three limits at once (≤ 0 = that limit is off). */
        public Builder limits(long steps, long epochs, double timeBudget) {
            return maxSteps(steps).maxEpochs(epochs).timeBudgetSeconds(timeBudget);
        }

        /** The seed of every random choice. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Early stopping: validations without improvement before the run stops on its best weights; 0 = off. */
        public Builder patience(int value) {
            this.patience = value;
            return this;
        }

        public HyperParameters build() {
            return new HyperParameters(cell, activation, hiddenSize, layers, bidirectional, dropout, batchSize,
                    optimizer, clip, maxSteps, maxEpochs, timeBudgetSeconds, seed, patience);
        }
    }
}
