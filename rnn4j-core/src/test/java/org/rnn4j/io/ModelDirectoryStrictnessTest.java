package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.InvalidInputException;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.Initializer;
import org.rnn4j.train.TrainingState;
import org.rnn4j.util.Rng;

/**
 * A model directory is read only when it can be vouched for: a strict manifest, weights that match the
 * architecture tensor for tensor, finite values, files whose SHA-256 is the one the manifest records;
 * and saving or cleaning up deletes only rnn4j's own files, by name.
 */
class ModelDirectoryStrictnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIGHTS = "weights-00000004.safetensors";
    private static final String TRAINING = "training-00000004.safetensors";

    private static SequenceModel model(boolean bias) {
        RecurrentConfig rc = new RecurrentConfig(CellType.LSTM, null, 3, 4, 1, false, bias, 0, false);
        SequenceModel model = new SequenceModel(new ModelConfig(5, rc, 5, OutputMode.EVERY_STEP, 0, false),
                KernelProvider.get());
        Initializer.initialize(model, InitConfig.pytorch(), new Rng(3));
        return model;
    }

    private static TrainingState state(int step, Map<String, float[]> optimizer) {
        return new TrainingState(step, optimizer, Map.of(), Map.of("data", 3L), Map.of("cursor", 2L), null);
    }

    private static Path save(Path dir) throws IOException {
        ModelDirectory.save(dir, model(true), ModelDirectory.newObject(),
                state(4, Map.of("m.w", new float[] {1, 2})), 1);
        return dir;
    }

    private static ObjectNode manifest(Path dir) throws IOException {
        return (ObjectNode) JSON.readTree(dir.resolve(ModelDirectory.MANIFEST).toFile());
    }

    private static void writeManifest(Path dir, String text) throws IOException {
        Files.writeString(dir.resolve(ModelDirectory.MANIFEST), text);
    }

    private static String fails(Path dir) {
        String m = assertThrows(InvalidInputException.class, () -> ModelDirectory.load(dir, KernelProvider.get()))
                .getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' in: " + message);
        }
    }

    /** A copy of {@code file}'s tensors with {@code edit} applied, written without a checksum in the manifest. */
    private static void rewriteWeights(Path dir, java.util.function.Consumer<Map<String, TensorData>> edit)
            throws IOException {
        SafeTensorsFile f = SafeTensors.read(dir.resolve(WEIGHTS));
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (String n : f.names()) {
            tensors.put(n, f.get(n));
        }
        edit.accept(tensors);
        Files.write(dir.resolve(WEIGHTS), SafeTensors.toBytes(f.metadata(), tensors));
        dropChecksums(dir);
    }

    private static void dropChecksums(Path dir) throws IOException {
        ObjectNode root = manifest(dir);
        ((ObjectNode) root.get("files")).remove(List.of("weights_sha256", "training_state_sha256"));
        writeManifest(dir, JSON.writeValueAsString(root));
    }

    @Test
    void aManifestWithTrailingContentOrADuplicateKeyIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        String text = Files.readString(dir.resolve(ModelDirectory.MANIFEST));
        writeManifest(dir, text.strip() + "}}garbage");
        assertContains(fails(dir), "config.json", "not valid JSON");
        writeManifest(dir, text.strip() + " {}");
        assertContains(fails(dir), "not valid JSON");
        writeManifest(dir, text.replaceFirst("\\{", "{\"format\": \"other\", "));
        assertContains(fails(dir), "not valid JSON", "Duplicate field 'format'");
        writeManifest(dir, text.replace("\"bias\" : true", "\"bias\" : true, \"bias\" : false"));
        assertContains(fails(dir), "Duplicate field 'bias'");
        writeManifest(dir, text + "\n\n");
        ModelDirectory.load(dir, KernelProvider.get());
    }

    @Test
    void weightsTheArchitectureHasNoPlaceForAreRefused(@TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        String text = Files.readString(dir.resolve(ModelDirectory.MANIFEST));
        // the attack: "bias": false, and the bias tensors were silently ignored
        writeManifest(dir, text.replace("\"bias\" : true", "\"bias\" : false"));
        assertContains(fails(dir), WEIGHTS, "holds tensor 'rnn.bias_", "has no place for", "disagree");
    }

    @Test
    void aMissingOrMisshapenTensorIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        rewriteWeights(dir, t -> t.remove("rnn.weight_hh_l0"));
        assertContains(fails(dir), "missing tensor 'rnn.weight_hh_l0'");
        Path other = save(tmp.resolve("m2"));
        rewriteWeights(other, t -> t.put("rnn.bias_ih_l0", TensorData.ofFloats(new float[15], 15)));
        assertContains(fails(other), "rnn.bias_ih_l0");
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTheTensor(@TempDir Path tmp) throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Path dir = save(tmp.resolve("m" + bad));
            rewriteWeights(dir, t -> {
                float[] v = t.get("rnn.weight_ih_l0").floats().clone();
                v[5] = bad;
                t.put("rnn.weight_ih_l0", TensorData.ofFloats(v, t.get("rnn.weight_ih_l0").shape()));
            });
            assertContains(fails(dir), WEIGHTS, "tensor 'rnn.weight_ih_l0' holds " + bad + " at element 5",
                    "must be finite");
        }
    }

    @Test
    void aNonFiniteTrainingStateIsRefusedNamingTheTensor(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("m");
        ModelDirectory.save(dir, model(true), ModelDirectory.newObject(),
                state(4, Map.of("m.w", new float[] {1, Float.NaN})), 1);
        assertContains(fails(dir), TRAINING, "tensor 'optimizer.m.w' holds NaN at element 1");
    }

    @Test
    void aTrainingStateWithAnUnknownTensorIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        SafeTensorsFile f = SafeTensors.read(dir.resolve(TRAINING));
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (String n : f.names()) {
            tensors.put(n, f.get(n));
        }
        tensors.put("parameter.rnn.no_such", TensorData.ofFloats(new float[] {1}, 1));
        Files.write(dir.resolve(TRAINING), SafeTensors.toBytes(f.metadata(), tensors));
        dropChecksums(dir);
        assertContains(fails(dir), TRAINING, "'parameter.rnn.no_such'");
    }

    @Test
    void aFlippedBitIsCaughtByTheChecksum(@TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        ObjectNode files = (ObjectNode) manifest(dir).get("files");
        assertEquals(ModelDirectory.sha256(Files.readAllBytes(dir.resolve(WEIGHTS))),
                files.get("weights_sha256").asText());
        assertTrue(files.get("training_state_sha256").asText().matches("[0-9a-f]{64}"));
        byte[] bytes = Files.readAllBytes(dir.resolve(WEIGHTS));
        // a low mantissa bit of the last weight: still a valid, finite file, only the checksum can tell
        bytes[bytes.length - 4] ^= 1;
        Files.write(dir.resolve(WEIGHTS), bytes);
        assertContains(fails(dir), WEIGHTS, "SHA-256 differs");
        Path training = save(tmp.resolve("t"));
        byte[] t = Files.readAllBytes(training.resolve(TRAINING));
        t[t.length - 1] ^= 0x10;
        Files.write(training.resolve(TRAINING), t);
        assertContains(fails(training), TRAINING, "SHA-256 differs");
        // a directory written before checksums existed is still read
        dropChecksums(dir);
        ModelDirectory.load(dir, KernelProvider.get());
        ObjectNode root = manifest(dir);
        ((ObjectNode) root.get("files")).put("weights_sha256", "xyz");
        writeManifest(dir, JSON.writeValueAsString(root));
        assertContains(fails(dir), "files.weights_sha256", "64 lower-case hexadecimal digits");
    }

    @Test
    void aShiftedHeaderLengthIsACorruptFile(@TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        dropChecksums(dir);
        byte[] bytes = Files.readAllBytes(dir.resolve(TRAINING));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, b.getLong(0) - 1);
        Files.write(dir.resolve(TRAINING), bytes);
        assertContains(fails(dir), TRAINING, "trailing bytes");
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void savingDeletesOnlyTheCheckpointItReplaces(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        // a user's files that merely look like rnn4j's
        Files.writeString(dir.resolve("weights-00000001.safetensors"), "mine");
        Files.writeString(dir.resolve(".notes.v2.tmp"), "mine");
        Files.writeString(dir.resolve(".vimrc.1.tmp"), "mine");
        SequenceModel m = model(true);
        ModelDirectory.save(dir, m, ModelDirectory.newObject(), state(2, Map.of()), 1);
        ModelDirectory.save(dir, m, ModelDirectory.newObject(), state(3, Map.of()), 1);
        assertEquals(
                new TreeSet<>(List.of(".notes.v2.tmp", ".vimrc.1.tmp", "config.json", "training-00000003.safetensors",
                        "weights-00000001.safetensors", "weights-00000003.safetensors")),
                names(dir));
        assertEquals("mine", Files.readString(dir.resolve("weights-00000001.safetensors")));
    }

    @Test
    void staleFilesOfKilledRunsAreRecognisedByRnn4jsNaming(@TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        List<String> stale = List.of(".weights-00000009.safetensors.rnn4j-k3j5h2.tmp", ".config.json.rnn4j-1x2y.tmp",
                ".report.html.rnn4j-zz.tmp", ".config.json.1x2y.tmp", ".training-00000007.safetensors.9q.tmp",
                "weights-00000002.safetensors", "training-00000002.safetensors");
        for (String n : stale) {
            Files.writeString(dir.resolve(n), "left by a killed run");
        }
        List<String> users = List.of(".notes.v2.tmp", ".vimrc.1.tmp", "notes.tmp", ".config.json.tmp",
                ".weights.rnn4j-.tmp", "weights-final.safetensors", "model.safetensors");
        for (String n : users) {
            Files.writeString(dir.resolve(n), "a user's file");
        }
        assertEquals(new TreeSet<>(stale), new TreeSet<>(ModelDirectory.removeStaleFiles(dir)));
        Set<String> expected = new TreeSet<>(users);
        expected.addAll(List.of("config.json", WEIGHTS, TRAINING));
        assertEquals(expected, names(dir));
        ModelDirectory.load(dir, KernelProvider.get());
        // without a manifest no checkpoint file can be called stale
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(plain.resolve("weights-00000002.safetensors"), "x");
        Files.writeString(plain.resolve(".x.rnn4j-abc.tmp"), "x");
        assertEquals(List.of(".x.rnn4j-abc.tmp"), ModelDirectory.removeStaleFiles(plain));
        assertEquals(Set.of("weights-00000002.safetensors"), names(plain));
    }

    @Test
    void everyParameterRoundTrips(@TempDir Path tmp) throws IOException {
        SequenceModel m = model(false);
        Path dir = tmp.resolve("nobias");
        ModelDirectory.save(dir, m, ModelDirectory.newObject(), state(1, Map.of()), 1);
        SequenceModel back = ModelDirectory.load(dir, KernelProvider.get()).model();
        for (Parameter p : m.parameters()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(p.value(), back.namedParameters().get(p.name()).value());
        }
        assertTrue(new String(Files.readAllBytes(dir.resolve(ModelDirectory.MANIFEST)), StandardCharsets.UTF_8)
                .contains("weights_sha256"));
    }
}
