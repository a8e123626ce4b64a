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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.io.SafeTensorsFile;
import org.rnn4j.io.TensorData;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.nn.Parameter;

/**
 * The faults of issue 18 that a command shows in-process: output directories that are not rnn4j's,
 * unwritable outputs found before training, a huge learning rate, sizes beyond the heap, degenerate
 * corpora, values quoted whole, and model directories that cannot be vouched for.
 */
class HardeningSecondPassTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path text;
    static Path lmModel;

    @BeforeAll
    static void inputs() throws IOException {
        text = SmallInputs.text(shared);
        lmModel = SmallInputs.languageModel(shared, text);
    }

    private static String[] train(Path out, String... extra) {
        return CliRun.concat(new String[] {"train", "lm", "--data", text.toString(), "--out", out.toString(),
            "--hidden", "8", "--layers", "1", "--embedding", "4", "--batch", "2", "--seq-len", "8", "--quiet"},
                extra.length > 0 && String.join(" ", extra).contains("--steps")
                        ? extra
                        : CliRun.concat(extra, "--steps",
                                "3"));
    }

    /** Every file under {@code root} by relative path, with its bytes and modification time. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String key = root.relativize(p).toString();
                m.put(key, Files.isDirectory(p)
                        ? "dir"
                        : java.util.HexFormat.of().formatHex(Files.readAllBytes(p)) + " @"
                                + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- output directory (faults 4, 5)

    @Test
    void aDirectoryThatIsNotAModelIsRefusedAndLeftByteIdentical(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("report.html"), "<p>my report</p>");
        Files.writeString(dir.resolve("metrics.json"), "{\"mine\": true}");
        Files.writeString(dir.resolve("weights-00000001.safetensors"), "my weights");
        Files.writeString(dir.resolve(".notes.v2.tmp"), "my notes");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/x.txt"), "x");
        Map<String, String> before = tree(dir);
        CliRun run = CliRun.of(train(dir));
        CliAsserts.oneLineError(run, ExitCodes.USAGE, "--out: " + dir + " is not empty and not an rnn4j model"
                + " directory: it holds '.notes.v2.tmp' and 4 other entries");
        assertEquals(before, tree(dir));
    }

    @Test
    void aModelDirectoryIsContinuedWithResumeOrReplacedWithOverwrite(@TempDir Path tmp) throws IOException {
        Path dir = SmallInputs.copy(lmModel, tmp.resolve("m"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Map<String, String> before = tree(dir);
        CliAsserts.oneLineError(CliRun.of(train(dir)), ExitCodes.USAGE, "already holds a model");
        assertTrue(CliRun.of(train(dir)).err.contains("--overwrite"));
        assertEquals(before, tree(dir));
        CliRun replaced = CliRun.of(train(dir, "--overwrite", "--steps", "2"));
        assertEquals(ExitCodes.OK, replaced.exitCode, replaced::toString);
        assertEquals(2, ModelDirectory.load(dir, KernelProvider.get()).training().step());
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("weights-")).count(),
                    "the replaced model's weights are gone, by the name its manifest gave");
        }
    }

    @Test
    void anEmptyDirectoryOrOneHoldingOnlyAKilledRunsTemporaryFilesIsUsed(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(ExitCodes.OK, CliRun.of(train(empty)).exitCode);
        Path leftover = Files.createDirectories(tmp.resolve("leftover"));
        Path stale = Files.writeString(leftover.resolve(".weights-00000003.safetensors.rnn4j-k3j5.tmp"), "half");
        CliRun run = CliRun.of(train(leftover));
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        assertFalse(Files.exists(stale));
        ModelDirectory.load(leftover, KernelProvider.get());
    }

    @Test
    void anUnwritableOutIsFoundBeforeTraining(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        long start = System.nanoTime();
        // a limit that would train for a minute first, were the output checked only at the first checkpoint
        CliAsserts.oneLineError(CliRun.of(train(file.resolve("m"), "--steps", "100000000", "--time-budget", "60s")),
                ExitCodes.USAGE, "is not a directory");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            // /proc refuses new files even to root, for whom permissions would not
            CliAsserts.oneLineError(CliRun.of(train(Path.of("/proc/rnn4j-out"), "--steps", "100000000",
                    "--time-budget", "60s")), ExitCodes.USAGE, "--out: /proc/rnn4j-out is not writable");
        }
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "the output must be checked before training");
        assertEquals("x", Files.readString(file));
    }

    // ---------------------------------------------------------------- divergence (fault 6)

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd", "rmsprop", "adagrad"})
    void aHugeLearningRateIsDivergenceAndTheKeptCheckpointIsFromBeforeIt(String optimizer, @TempDir Path tmp)
            throws IOException {
        Path m = tmp.resolve("m");
        CliRun run = CliRun.of(train(m, "--lr", "1e6", "--optimizer", optimizer, "--steps", "200",
                "--checkpoint-every", "1"));
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "training diverged at step ");
        ModelDirectory.Contents c = ModelDirectory.load(m, KernelProvider.get());
        double largest = 0;
        for (Parameter p : c.model().parameters()) {
            for (float v : p.value()) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        // the initialization's scale, not the 1e19..1e26 of weights trained at that rate
        assertTrue(largest < 10, optimizer + ": the checkpoint kept has a weight of " + largest + "\n" + run);
    }

    @Test
    void aHugeLearningRateWithTheDefaultPolicySavesNoModel(@TempDir Path tmp) {
        Path m = tmp.resolve("m");
        CliRun run = CliRun.of(train(m, "--lr", "1e6", "--steps", "200"));
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "training diverged at step ");
        assertTrue(run.err.contains("no checkpoint was saved"), run::toString);
        assertFalse(Files.exists(m.resolve(ModelDirectory.MANIFEST)), "a diverged run is not saved as a model");
    }

    @Test
    void rollbackLowersTheRateAndStopsAfterThreeRollbacks(@TempDir Path tmp) {
        // a rate that still diverges after three tenfold cuts
        CliRun run = CliRun.of(train(tmp.resolve("m"), "--lr", "1e12", "--optimizer", "sgd", "--steps", "200",
                "--on-divergence", "rollback-lower-lr"));
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "after 3 rollbacks");
        CliAsserts.oneLineError(CliRun.of(train(tmp.resolve("m2"), "--on-divergence", "retry")), ExitCodes.USAGE,
                "--on-divergence");
    }

    @Test
    void aCheckpointIsDueEveryFiveMinutesByDefault() {
        picocli.CommandLine lm = Main.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter())).getSubcommands().get("train").getSubcommands()
                .get("lm");
        assertEquals("5m", lm.getCommandSpec().findOption("--checkpoint-interval").defaultValue());
    }

    @Test
    void checkpointsAreWrittenByTimeWithoutAStepInterval(@TempDir Path tmp) {
        // progress is logged (not a terminal): every checkpoint is a line
        CliRun run = CliRun.of("train", "lm", "--data", text.toString(), "--out", tmp.resolve("m").toString(),
                "--hidden", "8", "--layers", "1", "--embedding", "4", "--batch", "2", "--seq-len", "8",
                "--time-budget", "2s", "--checkpoint-interval", "0.25s", "--patience", "0", "--no-report");
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        long checkpoints = run.errLines().stream().filter(l -> l.startsWith("rnn4j: checkpoint at step ")).count();
        assertTrue(checkpoints >= 3, checkpoints + " checkpoints in 2 s at one per 0.25 s\n" + run);
    }

    // ---------------------------------------------------------------- limits (fault 7)

    @ParameterizedTest
    @CsvSource({"--hidden, 1000000, --hidden 1000000", "--seq-len, 1000000, --seq-len",
        "--batch, 2147483647, --batch 2147483647", "--layers, 100000, --layers 100000"})
    void sizesBeyondTheHeapAreRefusedBeforeAllocating(String option, String value, String named, @TempDir Path tmp) {
        Path m = tmp.resolve("m");
        CliRun run = CliRun.of("train", "lm", "--data", text.toString(), "--out", m.toString(), "--steps", "3",
                "--quiet", option, value);
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "training needs about ");
        assertTrue(run.err.contains(named) && run.err.contains("maximum heap"), run::toString);
        assertFalse(Files.exists(m));
    }

    @Test
    void aResumedConfigWithAHugeSizeIsRefusedTheSameWay(@TempDir Path tmp) throws IOException {
        Path m = SmallInputs.copy(lmModel, tmp.resolve("m"));
        Path manifest = m.resolve(ModelDirectory.MANIFEST);
        ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
        ((ObjectNode) root.path("task").path("hyper_parameters")).put("batch_size", 2147483647);
        ((ObjectNode) root.path("files")).remove("training_state_sha256");
        Files.writeString(manifest, JSON.writeValueAsString(root));
        CliRun run = CliRun.of("train", "lm", "--data", text.toString(), "--resume", m.toString(), "--steps", "5",
                "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "--batch 2147483647");
    }

    @Test
    void aVocabularyAboveTheLimitIsRefusedWithAHint(@TempDir Path tmp) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int cp = 0x4E00, n = 0; n < 70_000; cp++) {
            if (Character.isDefined(cp) && !Character.isSurrogate((char) cp) && !Character.isISOControl(cp)) {
                s.appendCodePoint(cp);
                n++;
            }
        }
        String t = s.toString();
        Path big = Files.writeString(tmp.resolve("cjk.txt"), t + t, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("train", "lm", "--data", big.toString(), "--out", tmp.resolve("m").toString(),
                "--steps", "2", "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "70000 distinct characters, more than the limit of 65536");
        assertTrue(run.err.contains("Raise --max-vocab"), run::toString);
        assertFalse(Files.exists(tmp.resolve("m")));
    }

    @Test
    void aOneSymbolCorpusIsRefused(@TempDir Path tmp) throws IOException {
        Path one = Files.writeString(tmp.resolve("a.txt"), "a".repeat(100_000));
        CliAsserts.oneLineError(CliRun.of("train", "lm", "--data", one.toString(), "--out", tmp.resolve("m")
                .toString(), "--quiet"), ExitCodes.FAILURE, "one character repeated (a, 90000 times)");
    }

    @Test
    void aFiftyMegabyteFieldIsQuotedInEightyCharacters(@TempDir Path tmp) throws IOException {
        StringBuilder rows = new StringBuilder("seq,label\n");
        for (int i = 0; i < 30; i++) {
            rows.append("ab".repeat(i % 5 + 2)).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        rows.append("ab,").append("z".repeat(50_000_000)).append('\n');
        Path data = Files.writeString(tmp.resolve("huge-label.csv"), rows, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("train", "classify", "--data", data.toString(), "--sequence-col", "seq",
                "--label-col", "label", "--steps", "2", "--out", tmp.resolve("m").toString(), "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "huge-label.csv");
        assertTrue(run.err.length() < 400, run.err.length() + " chars: " + run.err.substring(0, 300));
        assertTrue(run.err.contains("z".repeat(80) + "...(50000000 chars)"), run.err.substring(0, 300));
    }

    @Test
    void wordsOfAnyMessageAreCutToEightyCharacters() {
        String cut = ErrorPolicy.oneLine("x.csv: class '" + "q".repeat(1000) + "' is odd");
        // the word is 'qqq...q' with its quotes: its first 80 characters are kept
        assertEquals("x.csv: class '" + "q".repeat(79) + "...(1002 chars) is odd", cut);
        assertEquals("short message", ErrorPolicy.oneLine("short message"));
    }

    // ---------------------------------------------------------------- readers (fault 8)

    private static void rewriteWeights(Path m, java.util.function.Consumer<Map<String, TensorData>> edit)
            throws IOException {
        Path manifest = m.resolve(ModelDirectory.MANIFEST);
        ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
        Path weights = m.resolve(root.path("files").path("weights").asText());
        SafeTensorsFile f = SafeTensors.read(weights);
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (String n : f.names()) {
            tensors.put(n, f.get(n));
        }
        edit.accept(tensors);
        Files.write(weights, SafeTensors.toBytes(f.metadata(), tensors));
        ((ObjectNode) root.path("files")).remove("weights_sha256");
        Files.writeString(manifest, JSON.writeValueAsString(root));
    }

    @Test
    void nonFiniteWeightsAreRefusedBySampleAndResume(@TempDir Path tmp) throws IOException {
        Path m = SmallInputs.copy(lmModel, tmp.resolve("nan"));
        rewriteWeights(m, t -> {
            float[] v = t.get("decoder.weight").floats().clone();
            v[3] = Float.NaN;
            t.put("decoder.weight", TensorData.ofFloats(v, t.get("decoder.weight").shape()));
        });
        CliAsserts.oneLineError(CliRun.of("sample", "--model", m.toString()), ExitCodes.FAILURE,
                "tensor 'decoder.weight' holds NaN at element 3");
        CliAsserts.oneLineError(CliRun.of("train", "lm", "--data", text.toString(), "--resume", m.toString(),
                "--steps", "5", "--quiet"), ExitCodes.FAILURE, "decoder.weight");
    }

    @Test
    void configAndWeightsThatDisagreeOnBiasAreRefused(@TempDir Path tmp) throws IOException {
        Path m = SmallInputs.copy(lmModel, tmp.resolve("nobias"));
        Path manifest = m.resolve(ModelDirectory.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"bias\" : true", "\"bias\" : false"));
        CliAsserts.oneLineError(CliRun.of("eval", "--model", m.toString(), "--data", text.toString()),
                ExitCodes.FAILURE, "has no place for");
    }

    @ParameterizedTest
    @ValueSource(strings = {"}}garbage", " {}", "dup"})
    void aManifestWithTrailingContentOrADuplicateKeyIsRefusedEvenByResume(String defect, @TempDir Path tmp)
            throws IOException {
        Path m = SmallInputs.copy(lmModel, tmp.resolve("m"));
        Path manifest = m.resolve(ModelDirectory.MANIFEST);
        String json = Files.readString(manifest).strip();
        Files.writeString(manifest, defect.equals("dup")
                ? json.replaceFirst("\\{", "{\"format\": \"x\", ")
                : json + defect);
        CliAsserts.oneLineError(CliRun.of("sample", "--model", m.toString()), ExitCodes.FAILURE, "not valid JSON");
        CliAsserts.oneLineError(CliRun.of("train", "lm", "--data", text.toString(), "--resume", m.toString(),
                "--steps", "5", "--quiet"), ExitCodes.FAILURE, "not valid JSON");
    }

    @Test
    void aFlippedBitInTheWeightsIsCaught(@TempDir Path tmp) throws IOException {
        Path m = SmallInputs.copy(lmModel, tmp.resolve("flipped"));
        ObjectNode root = (ObjectNode) JSON.readTree(m.resolve(ModelDirectory.MANIFEST).toFile());
        Path weights = m.resolve(root.path("files").path("weights").asText());
        byte[] b = Files.readAllBytes(weights);
        b[b.length - 2] ^= 0x01;
        Files.write(weights, b);
        CliAsserts.oneLineError(CliRun.of("sample", "--model", m.toString()), ExitCodes.FAILURE, "SHA-256 differs");
    }
}
