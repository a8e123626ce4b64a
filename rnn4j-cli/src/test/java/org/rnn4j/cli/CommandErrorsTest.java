package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command's error paths: each gives one line on standard error naming the problem, the exit
 * code of {@link ErrorPolicy} (2 for the command line, 1 for the data), no stack trace, and no
 * output file.
 */
class CommandErrorsTest {

    @TempDir
    static Path shared;
    static Path text;
    static Path lmModel;
    static Path forecastModel;

    @BeforeAll
    static void smallModels() throws IOException {
        text = SmallInputs.text(shared);
        lmModel = SmallInputs.languageModel(shared, text);
        forecastModel = TrainedModel.train(shared, "fc", "--task", "forecast", "--data",
                SmallInputs.series(shared).toString(), "--target", "y", "--steps", "3", "--quiet").dir();
    }

    private static String[] lm(Path out, String... extra) {
        String[] base = {"train", "--task", "lm", "--data", text.toString(), "--out", out.toString(), "--hidden", "8",
            "--layers", "1", "--batch", "2", "--quiet"};
        return CliRun.concat(base, extra);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--hidden=-1", "--hidden=0", "--layers=0", "--batch=x", "--lr=0", "--lr=-1e-3",
        "--dropout=1", "--val-fraction=1.5", "--time-budget=5x", "--time-budget=0s", "--steps=0", "--seq-len=0",
        "--clip-norm=0", "--cell=transformer", "--optimizer=lbfgs", "--activation=gelu", "--checkpoint-every=-2"})
    void badOptionValuesAreUsageErrors(String option, @TempDir Path dir) {
        Path out = dir.resolve("m");
        String[] args = option.startsWith("--steps") ? lm(out, option) : lm(out, option, "--steps", "2");
        CliAsserts.oneLineError(CliRun.of(args), ExitCodes.USAGE, option.substring(0, option.indexOf('=')));
        assertFalse(Files.exists(out));
    }

    @Test
    void anOptionGivenTwiceIsAUsageError(@TempDir Path dir) {
        CliAsserts.oneLineError(CliRun.of(lm(dir.resolve("m"), "--steps", "2", "--steps", "3")), ExitCodes.USAGE,
                "should be specified only once");
    }

    @Test
    void trainCommandLineErrors(@TempDir Path dir) {
        Path out = dir.resolve("m");
        CliAsserts.oneLineError(CliRun.of("train", "--task", "lm", "--data", text.toString()), ExitCodes.USAGE,
                "--out");
        CliAsserts.oneLineError(
                CliRun.of("train", "--task", "poetry", "--data", text.toString(), "--out", out.toString()),
                ExitCodes.USAGE, "--task");
        CliAsserts.oneLineError(CliRun.of(lm(out, "--season", "12")), ExitCodes.USAGE, "--season");
        CliAsserts.oneLineError(CliRun.of(lm(out, "--target", "y")), ExitCodes.USAGE,
                "--target applies to train forecast only, not to train lm");
        CliAsserts.oneLineError(CliRun.of(lm(out, "--clip-norm", "1", "--clip-value", "1")), ExitCodes.USAGE,
                "cannot be combined");
        CliAsserts.oneLineError(CliRun.of(lm(out, "--bidirectional")), ExitCodes.USAGE, "--bidirectional");
        CliAsserts
                .oneLineError(CliRun.of("train", "--task", "lm", "--data", dir.resolve("none.txt").toString(), "--out",
                        out.toString()), ExitCodes.USAGE, "no such file");
        CliAsserts.oneLineError(CliRun.of(lm(lmModel)), ExitCodes.USAGE, "already holds a model");
        CliAsserts.oneLineError(CliRun.of(lm(out, "--resume", dir.resolve("nothing").toString())), ExitCodes.USAGE,
                "no such model directory");
        assertFalse(Files.exists(out));
    }

    @Test
    void trainDataErrors(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        CliAsserts.oneLineError(CliRun.of("train", "--task", "lm", "--data", empty.toString(), "--out", out.toString()),
                ExitCodes.FAILURE, "empty");
        Path tiny = Files.writeString(dir.resolve("tiny.txt"), "abcdefghij");
        CliAsserts.oneLineError(CliRun.of("train", "--task", "lm", "--data", tiny.toString(), "--out", out.toString()),
                ExitCodes.FAILURE, "validation");
        CliAsserts.oneLineError(CliRun.of("train", "--task", "lm", "--data", tiny.toString(), "--out", out.toString(),
                "--val-fraction", "0"), ExitCodes.FAILURE, "lower --batch");
        Path binary = Files.write(dir.resolve("binary.txt"), new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'});
        CliAsserts.oneLineError(
                CliRun.of("train", "--task", "lm", "--data", binary.toString(), "--out", out.toString()),
                ExitCodes.FAILURE, "not valid UTF-8");
        CliAsserts.oneLineError(CliRun.of(lm(out, "--resume", forecastModel.toString())), ExitCodes.FAILURE,
                "holds a forecasting model");
        assertFalse(Files.exists(out), "failed runs leave no model directory");
    }

    @Test
    void aDivergingRunFailsInOneLineAndLeavesNoModel(@TempDir Path dir) {
        Path out = dir.resolve("m");
        CliRun run = CliRun.of(lm(out, "--cell", "rnn", "--activation", "relu", "--lr", "1e38", "--optimizer", "sgd",
                "--steps", "50"));
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "diverged");
        assertFalse(Files.exists(out));
    }

    @Test
    void resumingWithOtherSettingsIsRefused(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("copy.txt");
        Files.writeString(copy, Files.readString(text) + "more", StandardCharsets.UTF_8);
        CliAsserts.oneLineError(CliRun.of("train", "--task", "lm", "--data", copy.toString(), "--resume",
                lmModel.toString(), "--out", dir.resolve("m").toString(), "--steps", "5", "--quiet"),
                ExitCodes.FAILURE, "other data");
        CliAsserts.oneLineError(CliRun.of("train", "--task", "lm", "--data", text.toString(), "--resume",
                lmModel.toString(), "--out", dir.resolve("m").toString(), "--hidden", "9", "--steps", "5", "--quiet"),
                ExitCodes.FAILURE, "architecture");
        assertFalse(Files.exists(dir.resolve("m")));
    }

    @Test
    void modelDirectoryErrors(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing");
        for (String command : new String[] {"sample", "inspect"}) {
            CliAsserts.oneLineError(CliRun.of(command, "--model", missing.toString()), ExitCodes.USAGE,
                    "no such model directory");
        }
        CliAsserts.oneLineError(CliRun.of("eval", "--model", missing.toString(), "--data", text.toString()),
                ExitCodes.USAGE, "no such model directory");
        CliAsserts.oneLineError(CliRun.of("export-torch", "--model", missing.toString(), "--out",
                dir.resolve("x.safetensors").toString()), ExitCodes.USAGE, "no such model directory");

        Path notAModel = Files.createDirectory(dir.resolve("empty-dir"));
        CliAsserts.oneLineError(CliRun.of("sample", "--model", notAModel.toString()), ExitCodes.FAILURE,
                "not an rnn4j model directory");

        Path corrupt = Files.createDirectory(dir.resolve("corrupt"));
        Files.writeString(corrupt.resolve("config.json"), "{\"format\": \"rnn4j-model\", \"format_",
                StandardCharsets.UTF_8);
        CliAsserts.oneLineError(CliRun.of("inspect", "--model", corrupt.toString()), ExitCodes.FAILURE,
                "not valid JSON");

        Path truncated = dir.resolve("truncated");
        SmallInputs.copy(lmModel, truncated);
        try (var files = Files.list(truncated)) {
            Path weights = files.filter(p -> p.getFileName().toString().startsWith("weights-")).findFirst()
                    .orElseThrow();
            byte[] bytes = Files.readAllBytes(weights);
            Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
        CliAsserts.oneLineError(CliRun.of("sample", "--model", truncated.toString()), ExitCodes.FAILURE, "weights-");

        CliAsserts.oneLineError(CliRun.of("sample", "--model", forecastModel.toString()), ExitCodes.FAILURE,
                "holds a forecasting model (train --task forecast); 'sample' needs a language model");
        CliAsserts.oneLineError(CliRun.of("forecast", "--model", lmModel.toString(), "--data", text.toString(),
                "--horizon", "3"), ExitCodes.FAILURE, "'forecast' needs a forecasting model");
        CliAsserts.oneLineError(CliRun.of("classify", "--model", forecastModel.toString(), "--data", text.toString()),
                ExitCodes.FAILURE, "'classify' needs a classification model");
        CliAsserts.oneLineError(
                CliRun.of("eval", "--model", lmModel.toString(), "--data", text.toString(), "--test", "3"),
                ExitCodes.USAGE, "--test applies to forecasting models only");
    }

    @Test
    void sampleAndEvalErrors(@TempDir Path dir) throws IOException {
        CliAsserts.oneLineError(CliRun.of("sample", "--model", lmModel.toString(), "--temperature", "-1"),
                ExitCodes.USAGE, "--temperature");
        CliAsserts.oneLineError(CliRun.of("sample", "--model", lmModel.toString(), "--top-k", "-1"), ExitCodes.USAGE,
                "--top-k");
        CliAsserts.oneLineError(CliRun.of("sample", "--model", lmModel.toString(), "--length", "many"), ExitCodes.USAGE,
                "--length");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        CliAsserts.oneLineError(CliRun.of("eval", "--model", lmModel.toString(), "--data", empty.toString()),
                ExitCodes.FAILURE, "empty");
        Path unseen = Files.writeString(dir.resolve("unseen.txt"), "ZZZZZZ", StandardCharsets.UTF_8);
        CliAsserts.oneLineError(CliRun.of("eval", "--model", lmModel.toString(), "--data", unseen.toString()),
                ExitCodes.FAILURE, "6 were skipped as unseen");
        CliAsserts.oneLineError(CliRun.of("eval", "--model", lmModel.toString(), "--data", dir.toString()),
                ExitCodes.USAGE, "is a directory");
    }

    @Test
    void importAndExportErrors(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.safetensors"), "not a safetensors file");
        Path out = dir.resolve("imported");
        CliAsserts.oneLineError(CliRun.of("import-torch", "--weights", garbage.toString(), "--out", out.toString()),
                ExitCodes.FAILURE, "garbage.safetensors");
        CliAsserts.oneLineError(CliRun.of("import-torch", "--weights", dir.resolve("none.safetensors").toString(),
                "--out", out.toString()), ExitCodes.USAGE, "no such file");
        Path exported = dir.resolve("lm.safetensors");
        CliAsserts.okJson(
                CliRun.of("export-torch", "--model", lmModel.toString(), "--out", exported.toString(), "--json"));
        CliAsserts.oneLineError(
                CliRun.of("import-torch", "--weights", exported.toString(), "--out", lmModel.toString()),
                ExitCodes.USAGE, "already holds a model");
        CliAsserts.oneLineError(CliRun.of("import-torch", "--weights", exported.toString(), "--out", out.toString(),
                "--output", "sideways"), ExitCodes.USAGE, "--output");
        Path otherText = Files.writeString(dir.resolve("other.txt"), "abc");
        CliAsserts.oneLineError(CliRun.of("import-torch", "--weights", exported.toString(), "--out", out.toString(),
                "--vocab-text", otherText.toString()), ExitCodes.FAILURE, "distinct characters");
        assertFalse(Files.exists(out.resolve("config.json")));
        CliAsserts.oneLineError(CliRun.of("export-torch", "--model", lmModel.toString(), "--out",
                dir.resolve("no/dir/x.safetensors").toString()), ExitCodes.USAGE, "does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"train lm", "train forecast", "train classify", "sample", "eval", "forecast", "classify",
        "inspect", "import-torch", "export-torch"})
    void everyCommandHasHelpWithDefaultsAndExitCodes(String command) {
        CliRun run = CliRun.of(CliRun.concat(command.split(" "), "--help"));
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        assertTrue(run.out.startsWith("Usage: rnn4j " + command), run::toString);
        assertTrue(run.out.contains("--json"), run::toString);
        assertTrue(run.out.contains("Exit codes:"), run::toString);
        assertEquals("", run.err, run::toString);
    }

    @Test
    void trainHelpListsTheTasks() {
        CliRun run = CliRun.of("train", "--help");
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        assertTrue(run.out.matches("(?s).*Commands:\\s+lm .*\\s+forecast .*\\s+classify .*"), run::toString);
    }

    @Test
    void eachTasksHelpShowsItsOwnOptionsAndDefaults() {
        CliRun lm = CliRun.of("train", "lm", "--help");
        assertTrue(lm.out.contains("--seq-len") && !lm.out.contains("--target") && !lm.out.contains("--label-col"),
                lm::toString);
        assertTrue(lm.out.contains(network(org.rnn4j.lm.LmTraining.defaultHyperParameters())), lm::toString);
        CliRun forecast = CliRun.of("train", "forecast", "--help");
        assertTrue(forecast.out.contains("--target") && !forecast.out.contains("--seq-len"), forecast::toString);
        assertTrue(forecast.out.contains(network(org.rnn4j.forecast.ForecastRunner.defaultHyperParameters())),
                forecast::toString);
        CliRun classify = CliRun.of("train", "classify", "--help");
        assertTrue(classify.out.contains("--[no-]bidirectional") && !classify.out.contains("--season"),
                classify::toString);
        assertTrue(classify.out.contains(network(org.rnn4j.classify.ClassifyRunner.defaultHyperParameters())
                + ", batch"), classify::toString);
        String flat = classify.out.replaceAll("\\s+", " ");
        assertTrue(flat.contains("bidirectional lstm 1x64") && flat.contains("validation about once an epoch (10 to 50"
                + " steps)") && flat.contains("early stopping after 10 validations"), classify::toString);
        assertTrue(flat.contains("--folds=K") && flat.contains("--class-weights=MODE") && flat.contains("--patience=N")
                && flat.contains("--weight-decay=X"), classify::toString);
    }

    /** {@code gru 2x256}: how the help names a task's default network. */
    private static String network(org.rnn4j.task.HyperParameters hp) {
        return hp.cell().id() + " " + hp.layers() + "x" + hp.hiddenSize();
    }
}
