package org.rnn4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * A model directory a test class trains once through {@code rnn4j train} and its tests share.
 *
 * @param dir  the model directory
 * @param json the JSON line of the training run
 */
record TrainedModel(Path dir, JsonNode json) {

    /** Runs {@code rnn4j train ARGS --out PARENT/NAME --json}, which must succeed. */
    static TrainedModel train(Path parent, String name, String... args) {
        Path dir = parent.resolve(name);
        String[] command = CliRun.concat(new String[] {"train"}, args);
        return new TrainedModel(dir, CliAsserts.okJson(CliRun.of(CliRun.concat(command, "--out", dir.toString(),
                "--json"))));
    }
}
