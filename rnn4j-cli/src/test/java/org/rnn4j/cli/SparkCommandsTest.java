package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.serve.Predictor;
import org.rnn4j.task.TaskModels;

/** {@code spark-train lm} and {@code spark-score} in local[2], through picocli. */
class SparkCommandsTest {

    @TempDir
    static Path tmp;
    private static Path text;
    private static Path trained;
    private static JsonNode trainJson;

    private static String[] small(String... extra) {
        return CliRun.concat(new String[] {"spark-train", "lm", "--master", "local[2]", "--data", text.toString(),
            "--steps", "12", "--hidden", "16", "--layers", "1", "--batch", "5", "--seq-len", "16", "--embedding",
            "8", "--partitions", "2", "--quiet", "--no-report", "--json"}, extra);
    }

    @BeforeAll
    static void trainOnSpark() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            b.append("line ").append(i % 17).append(": the quick brown fox ").append(i % 5 == 0 ? "jumps" : "naps")
                    .append(".\n");
        }
        text = tmp.resolve("text.txt");
        Files.writeString(text, b.toString());
        trained = tmp.resolve("lm");
        trainJson = CliAsserts.okJson(CliRun.of(small("--out", trained.toString())));
    }

    @Test
    void sparkTrainWritesAModelDirectoryThatSampleAndThePredictorRead() throws IOException {
        assertEquals(12, trainJson.path("steps").asInt(), trainJson::toString);
        LanguageModel lm = LanguageModel.load(trained);
        assertTrue(lm.vocabulary().size() > 10);
        assertEquals("lm", Predictor.load(trained).taskName());
        CliRun sample = CliRun.of("sample", "--model", trained.toString(), "--length", "20", "--seed", "1");
        assertEquals(ExitCodes.OK, sample.exitCode, sample::toString);
    }

    @Test
    void aMasterUrlSparkRefusesIsOneLineAndNothingIsWritten() {
        Path out = tmp.resolve("bad-master");
        CliRun run = CliRun.of("spark-train", "lm", "--master", "nowhere://x", "--data", text.toString(), "--out",
                out.toString(), "--steps", "2", "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "--master nowhere://x: Could not parse Master URL");
        assertTrue(Files.notExists(out));
    }

    @Test
    void aGlobalBatchSmallerThanThePartitionsIsOneLineAndNothingIsWritten() {
        Path out = tmp.resolve("small-batch");
        CliRun run = CliRun.of("spark-train", "lm", "--master", "local[2]", "--data", text.toString(), "--out",
                out.toString(), "--steps", "2", "--batch", "2", "--partitions", "3", "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "the global batch of 2 sequences is smaller than the 3");
        assertTrue(Files.notExists(out));
    }

    @Test
    void anUnreadableDataPathIsOneLineAndNothingIsWritten() {
        Path out = tmp.resolve("no-data");
        CliRun run = CliRun.of("spark-train", "lm", "--master", "local[2]", "--data", tmp.resolve("missing.txt")
                .toString(), "--out", out.toString(), "--steps", "2", "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "cannot read the text: Input path does not exist");
        assertTrue(Files.notExists(out));
    }

    @Test
    void sparkScoreWritesOneRowPerLine() throws IOException {
        Path out = tmp.resolve("scores");
        JsonNode j = CliAsserts.okJson(CliRun.of("spark-score", "--master", "local[2]", "--model", trained.toString(),
                "--data", text.toString(), "--out", out.toString(), "--partitions", "2", "--json"));
        assertEquals(200, j.path("rows").asLong(), j::toString);
        long lines;
        try (Stream<Path> parts = Files.list(out)) {
            lines = parts.filter(p -> p.getFileName().toString().startsWith("part-")).mapToLong(p -> {
                try {
                    return Files.readAllLines(p).size() - 1;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertEquals(200, lines);
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().contains(".tmp-")));
        }
    }

    @Test
    void aModelOfATaskSparkCannotScoreIsOneLineAndNothingIsWritten() throws IOException {
        Path other = tmp.resolve("other-model");
        TaskModels.save(other, LanguageModel.load(trained).model(), TaskModels.taskObject("embed", "target", null,
                null), 1);
        Path out = tmp.resolve("scores-of-other");
        CliRun run = CliRun.of("spark-score", "--master", "local[2]", "--model", other.toString(), "--data", text
                .toString(), "--out", out.toString());
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "holds a model for task 'embed'; 'spark-score' needs a"
                + " language model (train --task lm), a classification model (train --task classify) or a"
                + " forecasting model");
        assertTrue(Files.notExists(out));
    }

    /** The one line {@code run} failed with, after "rnn4j: ". */
    private static String errorOf(CliRun run) {
        assertEquals(ExitCodes.USAGE, run.exitCode, run::toString);
        return run.errLines().get(0);
    }

    @Test
    void sparkTrainRefusesAnOutThatTrainLmRefusesWithTheSameMessage() throws IOException {
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("notes.txt"), "mine");
        Files.writeString(notes.resolve("todo.txt"), "mine too");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        for (Path out : List.of(notes, trained, file)) {
            CliRun spark = CliRun.of(small("--out", out.toString()));
            CliRun one = CliRun.of("train", "lm", "--data", text.toString(), "--steps", "2", "--quiet", "--out", out
                    .toString());
            assertEquals(errorOf(one), errorOf(spark), out::toString);
            assertEquals(1, spark.errLines().size(), spark::toString);
        }
        assertTrue(errorOf(CliRun.of(small("--out", notes.toString()))).contains("--out: " + notes
                + " is not empty and not an rnn4j model directory: it holds 'notes.txt' and 1 other entries"));
        assertEquals(List.of("notes.txt", "todo.txt"), Files.list(notes).map(p -> p.getFileName().toString())
                .sorted().toList());
    }
}
