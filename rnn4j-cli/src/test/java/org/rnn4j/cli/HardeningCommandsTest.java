package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.train.TrainingLoop;

/**
 * Bad input through every command, beyond {@link CommandErrorsTest}: each case gives one line naming
 * the problem, exit 2 for usage and 1 for data, no stack trace unless {@code --verbose}, and no
 * partial output.
 */
class HardeningCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path text;
    static Path series;
    static Path lmModel;

    @BeforeAll
    static void smallModel() throws IOException {
        text = SmallInputs.text(shared);
        lmModel = SmallInputs.languageModel(shared, text, "--cell", "rnn", "--activation", "relu", "--optimizer",
                "sgd");
        series = SmallInputs.series(shared);
    }

    private static String[] forecastTrain(Path data, Path out) {
        return new String[] {"train", "--task", "forecast", "--data", data.toString(), "--target", "y", "--steps", "2",
            "--out", out.toString(), "--quiet"};
    }

    // ---------------------------------------------------------------- options

    @ParameterizedTest
    @ValueSource(strings = {"--lr=NaN", "--lr=Infinity", "--lr=-Infinity", "--dropout=NaN", "--hidden=2147483648",
        "--embedding=0", "--embedding=-3", "--batch=0", "--batch=-1", "--layers=-1"})
    void nonFiniteAndOutOfRangeOptionsAreUsageErrors(String option, @TempDir Path dir) {
        Path out = dir.resolve("m");
        CliAsserts.oneLineError(CliRun.of("train", "--task", "lm", "--data", text.toString(), "--out", out.toString(),
                "--steps", "2", "--quiet", option), ExitCodes.USAGE, option.substring(0, option.indexOf('=')));
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "NaN", "x"})
    void forecastHorizonMustBePositive(String horizon) {
        CliAsserts.oneLineError(CliRun.of("forecast", "--model", lmModel.toString(), "--data", series.toString(),
                "--horizon", horizon), ExitCodes.USAGE, "--horizon");
    }

    // ---------------------------------------------------------------- text

    @Test
    void textOfOneCharacterOrBinaryIsRefused(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m");
        Path one = Files.writeString(dir.resolve("one.txt"), "a");
        CliRun run = CliRun.of("train", "--task", "lm", "--data", one.toString(), "--out", out.toString(), "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "at least 2");
        Path binary = Files.write(dir.resolve("bin.txt"), new byte[] {'P', 'K', 3, 4, 0, 0, 'x'});
        CliAsserts.oneLineError(
                CliRun.of("train", "--task", "lm", "--data", binary.toString(), "--out", out.toString()),
                ExitCodes.FAILURE, "binary");
        Path truncatedUtf8 = Files.write(dir.resolve("cut.txt"), new byte[] {'a', 'b', (byte) 0xe6, (byte) 0x97});
        CliAsserts.oneLineError(CliRun.of("eval", "--model", lmModel.toString(), "--data", truncatedUtf8.toString()),
                ExitCodes.FAILURE, "not valid UTF-8");
        assertFalse(Files.exists(out));
    }

    // ---------------------------------------------------------------- CSV

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no header         | 0,1.5\\n1,2.5\\n2,3.5\\n                    | y",
        "missing column    | t,x\\n0,1\\n1,2\\n                          | y",
        "duplicate column  | t,y,y\\n0,1,1\\n1,2,2\\n                    | twice",
        "non-numeric       | t,y\\n0,1\\n1,abc\\n2,3\\n                  | abc",
        "NaN               | t,y\\n0,1\\n1,NaN\\n2,3\\n                  | line 3",
        "Infinity          | t,y\\n0,1\\n1,2\\n2,-Infinity\\n            | line 4",
        "ragged row        | t,y\\n0,1\\n1\\n2,3\\n                      | line 3",
        "empty field       | t,y\\n0,1\\n1,\\n2,3\\n                     | line 3",
        "header only       | t,y\\n                                    | no data rows",
        "unterminated quote| t,y\\n0,\"1\\n1,2\\n                       | EOF reached",
    })
    void badCsvIsRefusedNamingTheProblem(String name, String content, String fragment, @TempDir Path dir)
            throws IOException {
        Path data = Files.writeString(dir.resolve("series.csv"), content.strip().replace("\\n", "\n"),
                StandardCharsets.UTF_8);
        Path out = dir.resolve("m");
        CliAsserts.oneLineError(CliRun.of(forecastTrain(data, out)), ExitCodes.FAILURE, fragment);
        assertFalse(Files.exists(out), name + ": no partial model");
    }

    @Test
    void anEnormousCsvLineIsRefusedInOneShortLine(@TempDir Path dir) throws IOException {
        StringBuilder s = new StringBuilder("t,y\n0,1\n1,");
        s.append("9".repeat(2_000_000)).append("x\n2,3\n");
        Path data = Files.writeString(dir.resolve("huge.csv"), s, StandardCharsets.UTF_8);
        Path out = dir.resolve("m");
        CliRun run = CliRun.of(forecastTrain(data, out));
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "huge.csv");
        assertTrue(run.err.length() < 2000, "the message quotes the whole line: " + run.err.length() + " chars");
        assertFalse(Files.exists(out));
    }

    @Test
    void nonFiniteForecastInputNamesRowAndColumn(@TempDir Path dir) throws IOException {
        Path data = Files.writeString(dir.resolve("s.csv"), Files.readString(series).replace("\n5,", "\n5,Infinity,")
                .replaceFirst("\n5,Infinity,[^\n]*", "\n5,Infinity"), StandardCharsets.UTF_8);
        CliRun run = CliRun.of("forecast", "--model", lmModel.toString(), "--data", data.toString(), "--horizon", "2");
        assertEquals(ExitCodes.FAILURE, run.exitCode, run::toString);
        Path out = dir.resolve("m");
        CliAsserts.oneLineError(CliRun.of(forecastTrain(data, out)), ExitCodes.FAILURE, "'y'");
        assertFalse(Files.exists(out));
    }

    // ---------------------------------------------------------------- model directories

    private static Path copyOfModel(Path dir, String name) throws IOException {
        return SmallInputs.copy(lmModel, dir.resolve(name));
    }

    private static ObjectNode manifest(Path model) throws IOException {
        return (ObjectNode) JSON.readTree(model.resolve(ModelDirectory.MANIFEST).toFile());
    }

    private static void writeManifest(Path model, ObjectNode root) throws IOException {
        Files.writeString(model.resolve(ModelDirectory.MANIFEST), JSON.writeValueAsString(root));
    }

    private static String weightsName(Path model) throws IOException {
        return manifest(model).path("files").path("weights").asText();
    }

    @Test
    void unknownFormatVersionIsRefused(@TempDir Path dir) throws IOException {
        Path m = copyOfModel(dir, "v2");
        ObjectNode root = manifest(m);
        root.put("format_version", 2);
        writeManifest(m, root);
        CliAsserts.oneLineError(CliRun.of("sample", "--model", m.toString()), ExitCodes.FAILURE, "format_version 2");
    }

    @Test
    void configAndWeightsThatDisagreeAreRefused(@TempDir Path dir) throws IOException {
        Path m = copyOfModel(dir, "other-hidden");
        ObjectNode root = manifest(m);
        ((ObjectNode) root.get("model")).put("hidden_size", 9);
        writeManifest(m, root);
        CliAsserts.oneLineError(CliRun.of("inspect", "--model", m.toString()), ExitCodes.FAILURE, "shape");

        Path huge = copyOfModel(dir, "huge");
        root = manifest(huge);
        ((ObjectNode) root.get("model")).put("hidden_size", 1_000_000_000);
        writeManifest(huge, root);
        CliAsserts.oneLineError(CliRun.of("sample", "--model", huge.toString()), ExitCodes.FAILURE, "disagree");
    }

    @Test
    void missingPartsAreRefused(@TempDir Path dir) throws IOException {
        Path noWeights = copyOfModel(dir, "no-weights");
        Files.delete(noWeights.resolve(weightsName(noWeights)));
        CliAsserts.oneLineError(CliRun.of("sample", "--model", noWeights.toString()), ExitCodes.FAILURE, "missing");

        Path noTraining = copyOfModel(dir, "no-training");
        String training = manifest(noTraining).path("files").path("training_state").asText();
        Files.delete(noTraining.resolve(training));
        Path out = dir.resolve("resumed");
        CliAsserts.oneLineError(CliRun.of("train", "--task", "lm", "--data", text.toString(), "--resume",
                noTraining.toString(), "--out", out.toString(), "--steps", "5", "--quiet"), ExitCodes.FAILURE,
                "missing");
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../weights-00000003.safetensors", "/etc/passwd", "sub/weights-00000003.safetensors",
        "weights-00000003.safetensors/..", "..\\\\weights-00000003.safetensors", ""})
    void manifestNamesOutsideTheDirectoryAreRefused(String name, @TempDir Path dir) throws IOException {
        Path m = copyOfModel(dir, "inner");
        // a readable file of the right name just outside the directory: the loader must not reach it
        Files.copy(m.resolve(weightsName(m)), dir.resolve(weightsName(m)));
        ObjectNode root = manifest(m);
        ((ObjectNode) root.get("files")).put("weights", name);
        writeManifest(m, root);
        CliAsserts.oneLineError(CliRun.of("inspect", "--model", m.toString()), ExitCodes.FAILURE, "files.weights");
    }

    @Test
    void symbolicLinksOutOfTheDirectoryAreRefused(@TempDir Path dir) throws IOException {
        Path m = copyOfModel(dir, "linked");
        String weights = weightsName(m);
        Path outside = Files.move(m.resolve(weights), dir.resolve("elsewhere.safetensors"));
        Files.createSymbolicLink(m.resolve(weights), outside);
        CliAsserts.oneLineError(CliRun.of("sample", "--model", m.toString()), ExitCodes.FAILURE, "symbolic link");

        Path m2 = copyOfModel(dir, "linked-config");
        Path config = Files.move(m2.resolve(ModelDirectory.MANIFEST), dir.resolve("config-elsewhere.json"));
        Files.createSymbolicLink(m2.resolve(ModelDirectory.MANIFEST), config);
        CliAsserts.oneLineError(CliRun.of("sample", "--model", m2.toString()), ExitCodes.FAILURE, "symbolic link");
    }

    // ---------------------------------------------------------------- divergence, --verbose

    @Test
    void divergenceNamesStepAndParameterAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        // a ReLU network under plain SGD at 1e6 survives its first steps and blows up a few steps later
        Path m = dir.resolve("m");
        CliRun run = CliRun.of("train", "--task", "lm", "--data", text.toString(), "--out", m.toString(), "--cell",
                "rnn",
                "--activation", "relu", "--optimizer", "sgd", "--lr", "1e6", "--hidden", "8", "--layers", "1",
                "--embedding", "4", "--batch", "2", "--seq-len", "8", "--steps", "60", "--checkpoint-every", "1",
                "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "diverged at step ");
        // what went non-finite: the loss itself (as here, an overflow in the forward pass) or a named parameter
        assertTrue(run.err.matches("(?s)rnn4j: training diverged at step \\d+: (the loss is \\S+|.* in \\S+) .*"),
                run::toString);
        int diverged = Integer.parseInt(run.err.replaceFirst("(?s).*diverged at step (\\d+).*", "$1"));
        assertTrue(diverged > 1, "diverged at the first step, before any checkpoint: choose a smaller --lr\n" + run);
        // the checkpoints of the last few steps were not yet confirmed by good steps after them: the one
        // that stands is the last from before the explosion began (here the state before training)
        ModelDirectory.Contents c = ModelDirectory.load(m, KernelProvider.get());
        assertTrue(c.training().step() <= diverged - TrainingLoop.CONFIRM_STEPS || c.training().step() == 0,
                run::toString);
        assertTrue(run.err.contains(c.training().step() == 0
                ? "the checkpoint holds the state before training"
                : "the checkpoint of step " + c.training().step()), run::toString);
        for (var p : c.model().parameters()) {
            for (float v : p.value()) {
                assertTrue(Float.isFinite(v), p.name());
            }
        }
        CliAsserts.okJson(CliRun.of("inspect", "--model", m.toString(), "--json"));
    }

    @Test
    void stackTracesOnlyWithVerbose(@TempDir Path dir) throws IOException {
        Path m = copyOfModel(dir, "v");
        Files.writeString(m.resolve(ModelDirectory.MANIFEST), "{\"format\": ");
        CliRun quiet = CliRun.of("inspect", "--model", m.toString());
        CliAsserts.oneLineError(quiet, ExitCodes.FAILURE, "not valid JSON");
        CliRun verbose = CliRun.of("--verbose", "inspect", "--model", m.toString());
        assertEquals(ExitCodes.FAILURE, verbose.exitCode, verbose::toString);
        assertTrue(verbose.err.startsWith("rnn4j: "), verbose::toString);
        assertTrue(verbose.err.contains("\tat "), "a stack trace with --verbose\n" + verbose);
    }
}
