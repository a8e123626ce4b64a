package org.rnn4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import java.util.Map;
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
 * Fuzz targets for the model-directory readers ({@link ModelDirectory#read}, what {@link ModelDirectory#load}
 * runs on a directory's bytes; in memory, so that a long run makes many inputs a second): fuzzed bytes as
 * the manifest beside valid weights, and as the weights or training-state file beside a valid manifest. Only {@link InvalidInputException}
 * (or an IOException) may escape, and a crafted manifest must not make the loader allocate a network
 * larger than its weights file.
 */
class ModelDirectoryFuzzTest {

    private static Path valid;
    private static String weightsName;
    private static String trainingName;

    @BeforeAll
    static void saveValidDirectory() throws IOException {
        valid = Files.createTempDirectory("rnn4j-fuzz-valid");
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
    }

    private static byte[] validManifest;
    private static byte[] validWeights;
    private static byte[] validTraining;

    /** Loads, in memory, the valid files with {@code name} replaced by {@code bytes}, as the loader reads a directory. */
    private static void load(String name, byte[] bytes) throws IOException {
        if (validManifest == null) {
            validManifest = Files.readAllBytes(valid.resolve(ModelDirectory.MANIFEST));
            validWeights = Files.readAllBytes(valid.resolve(weightsName));
            validTraining = Files.readAllBytes(valid.resolve(trainingName));
        }
        Map<String, byte[]> files = Map.of(weightsName, name.equals(weightsName) ? bytes : validWeights, trainingName,
                name.equals(trainingName) ? bytes : validTraining);
        byte[] manifest = name.equals(ModelDirectory.MANIFEST) ? bytes : validManifest;
        try {
            assertNotNull(ModelDirectory.read(manifest, ModelDirectory.MANIFEST, n -> {
                byte[] b = files.get(n);
                if (b == null) {
                    throw new InvalidInputException(n + " is missing");
                }
                return b;
            }, KernelProvider.get()).model());
        } catch (InvalidInputException e) {
            Fuzzing.assertOneLine(e);
        }
    }

    /** The same through the directory on disk, for the valid files: the two paths must agree. */
    @org.junit.jupiter.api.Test
    void theDiskAndMemoryPathsReadTheSameModel() throws IOException {
        ModelDirectory.Contents disk = ModelDirectory.load(valid, KernelProvider.get());
        validManifest = null;
        load(ModelDirectory.MANIFEST, Files.readAllBytes(valid.resolve(ModelDirectory.MANIFEST)));
        org.junit.jupiter.api.Assertions.assertEquals(disk.training().step(), 1);
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void manifest(byte[] bytes) throws IOException {
        load(ModelDirectory.MANIFEST, bytes);
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void weights(byte[] bytes) throws IOException {
        load(weightsName, bytes);
    }

    @FuzzTest(maxDuration = "15m", maxExecutions = 110_000)
    void trainingState(byte[] bytes) throws IOException {
        load(trainingName, bytes);
    }
}
