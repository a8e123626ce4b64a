package org.rnn4j.cli;

import picocli.CommandLine.Command;

/**
 * {@code rnn4j spark-train TASK}: training spread over Spark partitions, step for step the run
 * {@code rnn4j train TASK} makes on one machine (see {@code docs/scale-out.md}).
 */
@Command(name = "spark-train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "TASK",
        description = {
            "Trains on Apache Spark: every step, each partition computes the loss and gradient of its share of the"
                    + " global batch; the driver adds them and updates.",
            "Tasks: lm (character language model), classify (token strings, one a row of a CSV), forecast (the"
                    + " default forecaster of a long-form panel). Run through ./rnn4j (which adds Spark) or"
                    + " spark-submit.",
        },
        subcommands = {SparkTrainLmCommand.class, SparkTrainClassifyCommand.class, SparkTrainForecastCommand.class})
final class SparkTrainCommand {
}
