package org.rnn4j.cli;

import java.nio.file.Path;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.DivergenceRule;
import org.rnn4j.train.OptimizerSpec;
import picocli.CommandLine.Option;

/**
 * How a {@code train} subcommand trains: batch, optimizer, weight decay, clipping, limits, validation,
 * early stopping, seed, resume and checkpoints. An option left out is null, so that the resumed run's or the task's setting stays.
 */
final class TrainingOptions implements HelpLayout.Grouped {

    @Option(names = "--batch", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Sequences (lm: parallel streams) per step.")
    Integer batch;

    @Option(names = "--optimizer", paramLabel = "NAME", converter = OptionValues.OptimizerName.class,
            description = "sgd, adam, adamw, rmsprop or adagrad.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", converter = OptionValues.PositiveDouble.class,
            description = "Learning rate (the peak of the schedule with --steps).")
    Double lr;

    @Option(names = "--weight-decay", paramLabel = "X", converter = OptionValues.NonNegativeDouble.class,
            description = "The L2 penalty on the weights (decoupled for adamw); 0 = none.")
    Double weightDecay;

    @Option(names = "--clip-norm", paramLabel = "X", converter = OptionValues.PositiveDouble.class,
            description = "Clip the global gradient norm to X.")
    Double clipNorm;

    @Option(names = "--clip-value", paramLabel = "X", converter = OptionValues.PositiveDouble.class,
            description = "Clip every gradient element to [-X, X] instead of clipping the norm.")
    Double clipValue;

    @Option(names = "--steps", paramLabel = "N", converter = OptionValues.PositiveLong.class,
            description = "Stop after N optimizer steps in total (a resumed run counts the earlier ones)."
                    + " The learning rate then warms up and follows a cosine to 10%%.")
    Long steps;

    @Option(names = "--epochs", paramLabel = "N", converter = OptionValues.PositiveLong.class,
            description = "Stop after N passes over the training data.")
    Long epochs;

    @Option(names = "--time-budget", paramLabel = "DURATION", converter = OptionValues.Duration.class,
            description = "Stop after this much training, e.g. 90s, 10m, 1h30m.")
    Double timeBudget;

    @Option(names = "--val-fraction", paramLabel = "F", converter = OptionValues.Fraction.class,
            description = "lm: the share at the end of the text held out for validation;"
                    + " classify: the share of each class of the training sequences held out for validation.")
    Double valFraction;

    @Option(names = "--validate-every", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            description = "Steps between validations; 0 = only at the end.")
    Integer validateEvery;

    @Option(names = "--patience", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            description = "Early stopping: stop after N validations without improvement and keep the weights of"
                    + " the best one; 0 = train to the limit and keep the last weights.")
    Integer patience;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice.")
    Long seed;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run saved in DIR exactly where it stopped (weights, optimizer,"
                    + " random state, data position, carried state); its settings are used unless given.")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            defaultValue = "0", description = "Save a checkpoint every N steps; 0 = not by steps.")
    int checkpointEvery;

    /** So that a crash or a kill loses at most this much training; Ctrl-C and SIGTERM save a checkpoint anyway. */
    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", converter = OptionValues.Duration.class,
            defaultValue = "5m", description = "Also save a checkpoint after this much training since the last,"
                    + " e.g. 90s, 10m; 0 = not by time.")
    double checkpointSeconds;

    @Option(names = "--on-divergence", paramLabel = "ACTION", defaultValue = "stop",
            converter = OptionValues.DivergenceAction.class,
            description = "When the loss or gradient explodes: stop (the checkpoint from before the explosion"
                    + " stands) or rollback-lower-lr (back to it with a tenth of the learning rate, at most 3 times).")
    DivergenceRule.Action onDivergence;

    @Option(names = "--overwrite", description = "Replace the model already in --out (not resumed).")
    boolean overwrite;

    /**
     * {@code hp} with the options given; a limit given replaces all three limits, so that a resumed
     * run stops at the new run's limits.
     *
     * @throws IllegalArgumentException for a combination the settings refuse
     */
    HyperParameters applyTo(HyperParameters hp) {
        if (batch != null) {
            hp = hp.withBatchSize(batch);
        }
        if (optimizer != null) {
            OptimizerSpec o = hp.optimizer();
            hp = hp.withOptimizer(o.withName(optimizer));
        }
        if (lr != null) {
            hp = hp.withLearningRate(lr);
        }
        if (weightDecay != null) {
            hp = hp.withOptimizer(hp.optimizer().withWeightDecay(weightDecay));
        }
        if (patience != null) {
            hp = hp.withPatience(patience);
        }
        if (clipNorm != null) {
            hp = hp.withClip(ClipConfig.norm(clipNorm));
        }
        if (clipValue != null) {
            hp = hp.withClip(ClipConfig.value(clipValue));
        }
        if (seed != null) {
            hp = hp.withSeed(seed);
        }
        if (steps != null || epochs != null || timeBudget != null) {
            hp = hp.withLimits(steps == null ? 0 : steps, epochs == null ? 0 : epochs,
                    timeBudget == null ? 0 : timeBudget);
        }
        return hp;
    }

    @Override
    public String helpHeading() {
        return "Training";
    }
}
