package org.rnn4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.rnn4j.InvalidInputException;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.train.TrainingState;
import org.rnn4j.util.Rng;

/**
 * Fuzz targets for {@link ModelDirectory#load}: fuzzed bytes as the manifest beside valid weights, and
 * as the weights or training-state file beside a valid manifest. Only {@link InvalidInputException}
 * (or an IOException) may escape, and a crafted manifest must not make the loader allocate a network
 * larger than its weights file.
 */
class ModelDirectoryFuzzTest {

    private static Path valid;
    private static Path work;
    private static String weightsName;
    private static String trainingName;

    @BeforeAll
    static void saveValidDirectory() throws IOException {
        valid = Files.createTempDirectory("rnn4j-fuzz-valid");
        work = Files.createTempDirectory("rnn4j-fuzz-model");
        RecurrentConfig rc = new RecurrentConfig(CellType.LSTM, null, 3, 4, 1, false, true, 0, false);
        SequenceModel model = new SequenceModel(new ModelConfig(5, rc, 5, OutputMode.EVERY_STEP, 0, false),
                KernelProvider.get());
        Initializer.initialize(model, InitConfig.pytorch(), new Rng(1));
        TrainingState state = new TrainingState(1, java.util.Map.of(), java.util.Map.of(), java.util.Map.of("x", 3L),
                java.util.Map.of("cursor", 2L), null);
        ModelDirectory.save(valid, model, ModelDirectory.newObject(), state, 1);
        // without the checksums, so that fuzzed weights and training files reach their readers instead of
        // all being refused by the SHA-256 check (which ModelDirectoryStrictnessTest covers)
        Path manifest = valid.resolve(ModelDirectory.MANIFEST);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) json
                .readTree(manifest.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("files"))
                .remove(java.util.List.of("weights_sha256", "training_state_sha256"));
        Files.writeString(manifest, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        weightsName = "weights-00000001.safetensors";
        trainingName = "training-00000001.safetensors";
    }

    @AfterAll
    static void removeDirectories() throws IOException {
        Fuzzing.deleteTree(valid);
        Fuzzing.deleteTree(work);
    }

    /** Puts back the valid files but {@code fuzzed}, which the target then writes; loading changes no file. */
    private static void copyValid(String fuzzed) throws IOException {
        for (String name : new String[] {ModelDirectory.MANIFEST, weightsName, trainingName}) {
            if (!name.equals(fuzzed) && (!Files.exists(work.resolve(name)) || name.equals(lastFuzzed))) {
                Files.copy(valid.resolve(name), work.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        lastFuzzed = fuzzed;
    }

    private static String lastFuzzed;

    private static void load() throws IOException {
        try {
            assertNotNull(ModelDirectory.load(work, KernelProvider.get()).model());
        } catch (InvalidInputException e) {
            Fuzzing.assertOneLine(e);
        }
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void manifest(byte[] bytes) throws IOException {
        copyValid(ModelDirectory.MANIFEST);
        Files.write(work.resolve(ModelDirectory.MANIFEST), bytes);
        load();
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void weights(byte[] bytes) throws IOException {
        copyValid(weightsName);
        Files.write(work.resolve(weightsName), bytes);
        load();
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void trainingState(byte[] bytes) throws IOException {
        copyValid(trainingName);
        Files.write(work.resolve(trainingName), bytes);
        load();
    }
}
