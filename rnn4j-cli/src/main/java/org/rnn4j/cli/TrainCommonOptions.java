package org.rnn4j.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every {@code train} subcommand has after its own: the network, the training, the
 * threads and the output.
 */
final class TrainCommonOptions implements HelpLayout.Grouped {

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

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

    @Option(names = "--ui", arity = "0..1", fallbackValue = "0", paramLabel = "PORT",
            converter = OptionValues.NonNegativeInt.class,
            description = "Serve a live view of the run (curves, validation, gradient norm, clip rate, throughput,"
                    + " an LM's samples) at http://127.0.0.1:PORT/ while it trains; a free port when PORT is left"
                    + " out. It stops when the run ends. Default: off.")
    Integer ui;

    /** Refused with a hint: reduced precision is for serving; training computes in float32. */
    @Option(names = "--precision", hidden = true, paramLabel = "P")
    void precision(String value) {
        throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
                "--precision is for the commands that serve a model (sample, eval, forecast, classify, bench);"
                        + " training always computes in fp32");
    }

    @Override
    public String helpHeading() {
        return "Run and output";
    }
}
