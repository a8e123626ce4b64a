package org.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code rnn4j train lm|forecast|classify}: the training subcommands, one per task. The older form
 * {@code train --task TASK ...} is rewritten to this one before parsing ({@link LegacyTaskOption}).
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {TrainLmCommand.class, TrainForecastCommand.class, TrainClassifyCommand.class},
        description = {
            "Trains a model on a file and saves it into a model directory (weights, training state,"
                    + " report.html with plots, metrics.json).",
            "Each task has its own options and defaults: 'rnn4j train TASK --help'. The form"
                    + " 'train --task TASK ...' works too.",
        })
final class TrainCommand {

    @Mixin
    UsageStyle usageStyle;
}
