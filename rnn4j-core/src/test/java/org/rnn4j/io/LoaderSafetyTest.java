package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.InvalidInputException;
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
 * The model-directory loader reads nothing outside the directory it is given, follows no symbolic
 * link, allocates no network larger than its weights file, and the library holds no code that could
 * deserialize Java objects or run code from a file.
 */
class LoaderSafetyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path save(Path dir) throws IOException {
        RecurrentConfig rc = new RecurrentConfig(CellType.GRU, null, 3, 4, 2, false, true, 0, false);
        SequenceModel model = new SequenceModel(new ModelConfig(5, rc, 5, OutputMode.EVERY_STEP, 0, false),
                KernelProvider.get());
        Initializer.initialize(model, InitConfig.pytorch(), new Rng(2));
        ModelDirectory.save(dir, model, ModelDirectory.newObject(),
                new TrainingState(4, Map.of(), Map.of(), Map.of(), Map.of(), null), 2);
        return dir;
    }

    private static ObjectNode manifest(Path dir) throws IOException {
        return (ObjectNode) JSON.readTree(dir.resolve(ModelDirectory.MANIFEST).toFile());
    }

    private static String fails(Path dir) {
        return assertThrows(InvalidInputException.class, () -> ModelDirectory.load(dir, KernelProvider.get()))
                .getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../weights-00000004.safetensors", "/tmp/weights-00000004.safetensors",
        "./weights-00000004.safetensors", "inner/weights-00000004.safetensors", "weights-00000004.safetensors\u0000",
        "config.json", "weights-4.safetensors.tmp"})
    void namesOtherThanPlainFileNamesAreRefused(String name, @TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        Files.copy(dir.resolve("weights-00000004.safetensors"), tmp.resolve("weights-00000004.safetensors"));
        ObjectNode root = manifest(dir);
        ((ObjectNode) root.get("files")).put("weights", name);
        Files.writeString(dir.resolve(ModelDirectory.MANIFEST), JSON.writeValueAsString(root));
        assertTrue(fails(dir).contains("files.weights"));
    }

    @Test
    void symbolicLinksAreNotFollowed(@TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        Path weights = dir.resolve("weights-00000004.safetensors");
        Path outside = Files.move(weights, tmp.resolve("outside.safetensors"));
        Files.createSymbolicLink(weights, outside);
        assertTrue(fails(dir).contains("symbolic link"));

        Files.delete(weights);
        Files.move(outside, weights);
        assertEquals(4, ModelDirectory.load(dir, KernelProvider.get()).training().step());
        Path training = dir.resolve("training-00000004.safetensors");
        Files.move(training, tmp.resolve("t.safetensors"));
        Files.createSymbolicLink(training, tmp.resolve("t.safetensors"));
        assertTrue(fails(dir).contains("symbolic link"));
    }

    @Test
    void anArchitectureLargerThanTheWeightsFileIsRefusedBeforeAllocation(@TempDir Path tmp) throws IOException {
        Path dir = save(tmp.resolve("m"));
        ObjectNode root = manifest(dir);
        // about 4e18 parameters: allocating them would fail with OutOfMemoryError or overflow
        ((ObjectNode) root.get("model")).put("hidden_size", 1_000_000_000).put("num_layers", 1_000_000);
        Files.writeString(dir.resolve(ModelDirectory.MANIFEST), JSON.writeValueAsString(root));
        String m = fails(dir);
        assertTrue(m.contains("config and weights disagree"), m);
    }

    @Test
    void parameterCountMatchesTheModel() {
        for (CellType cell : CellType.values()) {
            for (int proj : new int[] {0, 2}) {
                if (proj > 0 && cell != CellType.LSTM) {
                    continue;
                }
                for (boolean bidirectional : new boolean[] {false, true}) {
                    RecurrentConfig rc = new RecurrentConfig(cell, null, 3, 5, 3, bidirectional, proj == 0, proj,
                            false);
                    for (int vocab : new int[] {0, 7}) {
                        ModelConfig c = new ModelConfig(vocab, rc, 4, OutputMode.LAST_STEP, 0, false);
                        long actual = new SequenceModel(c, KernelProvider.get()).parameters().stream()
                                .mapToLong(p -> p.value().length).sum();
                        assertEquals(actual, ModelDirectory.parameterCount(c), 0, c.toString());
                    }
                }
            }
        }
    }

    /** Patterns that would let a file run code or build arbitrary objects. */
    private static final Pattern DANGEROUS = Pattern.compile("ObjectInputStream|readObject\\(|readUnshared\\("
            + "|XMLDecoder|enableDefaultTyping|activateDefaultTyping|@JsonTypeInfo|ScriptEngine|Runtime\\.getRuntime"
            + "|ProcessBuilder|URLClassLoader|defineClass|Class\\.forName\\((?!VECTOR_CLASS\\))");

    @Test
    void theLibraryHoldsNoDeserializationOrCodeLoading() throws IOException {
        List<String> hits = new ArrayList<>();
        Path main = Path.of("src", "main", "java");
        assertTrue(Files.isDirectory(main), "run from the module directory");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (DANGEROUS.matcher(lines.get(i)).find()) {
                        hits.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), hits);
    }
}
