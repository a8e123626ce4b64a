package org.rnn4j.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Option;

/**
 * {@code --threads N}: how many threads the Vector API kernels split large products over. The kernels
 * read the system property {@code rnn4j.threads} once, when they are first chosen, so a command must
 * {@link #apply()} it before it touches a model.
 */
final class Threads {

    @Option(names = "--threads", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "Threads for the matrix kernels. Default: every processor.")
    Integer count;

    /** Applies {@code --threads}; without it the kernels use every available processor. */
    void apply() {
        if (count != null) {
            System.setProperty("rnn4j.threads", Integer.toString(count));
        }
    }

    /** The thread count the kernels will use. */
    int count() {
        return count != null ? count : Runtime.getRuntime().availableProcessors();
    }
}
