package org.rnn4j.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every {@code train} subcommand has after its own: the network, the training, the
 * threads and the output.
 */
final class TrainCommonOptions {

    @Mixin
    ArchitectureOptions architecture;

    @Mixin
    TrainingOptions training;

    @Mixin
    Threads threads;

    @Option(names = "--quiet", description = "No progress on standard error.")
    boolean quiet;

    @Mixin
    JsonOption json;

    @Option(names = "--no-report", negatable = false, description = "Do not write report.html and its plots.")
    boolean noReport;
}
