package org.rnn4j.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}: the results as one JSON object on the last line of standard output. What the object
 * holds is said per command in {@code Options.properties}.
 */
final class JsonOption {

    @Option(names = "--json", descriptionKey = "json",
            description = "Print the results as one JSON object, the last line of standard output.")
    boolean requested;

    boolean requested() {
        return requested;
    }
}
