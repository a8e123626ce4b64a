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

    /** Token strings of two classes, the second with a "gc" motif at position 3, in a CSV with a quoted field. */
    private static Path classifyCsv() throws IOException {
        java.util.Random rnd = new java.util.Random(3);
        StringBuilder b = new StringBuilder("id,seq,label\n");
        for (int i = 0; i < 60; i++) {
            char[] c = new char[8];
            for (int j = 0; j < c.length; j++) {
                c[j] = "acgt".charAt(rnd.nextInt(4));
            }
            boolean motif = i % 2 == 1;
            if (motif) {
                c[3] = 'g';
                c[4] = 'c';
            }
            b.append(i == 0 ? "\"first, of all\"" : "s" + i).append(',').append(c).append(',')
                    .append(motif ? "motif" : "plain").append('\n');
        }
        return Files.writeString(tmp.resolve("classify.csv"), b.toString());
    }

    /** Without dropout: Spark draws each share's masks from its own generator (reproducible, not one machine's). */
    @Test
    void sparkTrainClassifyEndsOnTheWeightsTrainClassifyEndsOn() throws IOException {
        Path csv = classifyCsv();
        String[] settings = {"--sequence-col", "seq", "--label-col", "label", "--steps", "15", "--hidden", "6",
            "--batch", "7", "--validate-every", "5", "--patience", "0", "--seed", "4", "--dropout", "0", "--quiet",
            "--no-report", "--json"};
        Path spark = tmp.resolve("classify-spark");
        JsonNode j = CliAsserts.okJson(CliRun.of(CliRun.concat(new String[] {"spark-train", "classify", "--master",
            "local[2]", "--partitions", "3", "--data", csv.toString(), "--out", spark.toString()}, settings)));
        assertEquals(15, j.path("steps").asInt(), j::toString);
        // sequences of one length: the linear blend, its weight chosen on the validation part
        assertEquals("validation", j.path("blend").path("weight_basis").asText(), j::toString);
        Path one = tmp.resolve("classify-one");
        CliAsserts.okJson(CliRun.of(CliRun.concat(new String[] {"train", "classify", "--data", csv.toString(),
            "--test-fraction", "0", "--out", one.toString()}, settings)));
        java.util.Map<String, org.rnn4j.nn.Parameter> a = org.rnn4j.classify.ClassifierModel.load(spark).model()
                .namedParameters();
        java.util.Map<String, org.rnn4j.nn.Parameter> b = org.rnn4j.classify.ClassifierModel.load(one).model()
                .namedParameters();
        assertEquals(b.keySet(), a.keySet());
        for (String name : b.keySet()) {
            float[] x = a.get(name).value();
            float[] y = b.get(name).value();
            double scale = 0;
            for (float v : y) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < y.length; k++) {
                assertEquals(y[k], x[k], 1e-6 * scale, name + "[" + k + "]");
            }
        }
        CliRun classify = CliRun.of("classify", "--model", spark.toString(), "--data", csv.toString());
        assertEquals(ExitCodes.OK, classify.exitCode, classify::toString);
    }

    @Test
    void sparkTrainClassifyOnAMissingColumnIsOneLineAndNothingIsWritten() throws IOException {
        Path out = tmp.resolve("classify-no-column");
        CliRun run = CliRun.of("spark-train", "classify", "--master", "local[2]", "--data", classifyCsv().toString(),
                "--sequence-col", "bases", "--label-col", "label", "--out", out.toString(), "--steps", "2",
                "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "no column 'bases' in the data; it has id, seq, label");
        assertTrue(Files.notExists(out));
    }

    /** Four seasonal series with noise in long form, the series in id order as Spark orders them. */
    private static Path panelCsv() throws IOException {
        java.util.Random rnd = new java.util.Random(11);
        StringBuilder b = new StringBuilder("store,month,sales\n");
        for (String id : List.of("a", "b", "c", "d")) {
            double level = 50 + 30 * rnd.nextDouble();
            for (int t = 0; t < 48; t++) {
                double v = level + 0.3 * t + 8 * Math.sin(2 * Math.PI * t / 12) + rnd.nextGaussian();
                b.append(id).append(',').append(t).append(',').append(String.format(java.util.Locale.ROOT, "%.3f", v))
                        .append('\n');
            }
        }
        return Files.writeString(tmp.resolve("panel.csv"), b.toString());
    }

    @Test
    void sparkTrainForecastMakesTheChoicesTrainForecastMakes() throws IOException {
        Path csv = panelCsv();
        String[] settings = {"--id-col", "store", "--time-col", "month", "--target", "sales", "--season", "12",
            "--horizon", "6", "--steps", "15", "--hidden", "6", "--json"};
        Path spark = tmp.resolve("forecast-spark");
        JsonNode s = CliAsserts.okJson(CliRun.of(CliRun.concat(new String[] {"spark-train", "forecast", "--master",
            "local[2]", "--partitions", "2", "--data", csv.toString(), "--out", spark.toString()}, settings)));
        JsonNode one = CliAsserts.okJson(CliRun.of(CliRun.concat(new String[] {"train", "forecast", "--data", csv
                .toString(),
            "--test", "0", "--no-report", "--out", tmp.resolve("forecast-one").toString()},
                settings)));
        assertEquals(one.path("chosen"), s.path("chosen"), s::toString);
        java.util.Iterator<String> methods = one.path("backtest_mase").fieldNames();
        while (methods.hasNext()) {
            String m = methods.next();
            double want = one.path("backtest_mase").path(m).asDouble();
            assertEquals(want, s.path("backtest_mase").path(m).asDouble(), 1e-6 * want, m);
        }
        CliRun forecast = CliRun.of("forecast", "--model", spark.toString(), "--data", csv.toString(), "--horizon",
                "6");
        assertEquals(ExitCodes.OK, forecast.exitCode, forecast::toString);
        assertEquals(1 + 4 * 6, forecast.out.strip().split("\n").length, forecast::toString);
    }

    @Test
    void sparkTrainForecastOnATextTargetIsOneLineAndNothingIsWritten() throws IOException {
        Path out = tmp.resolve("forecast-text-target");
        CliRun run = CliRun.of("spark-train", "forecast", "--master", "local[2]", "--data", panelCsv().toString(),
                "--id-col", "month", "--time-col", "sales", "--target", "store", "--out", out.toString());
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "target column 'store' holds string, not numbers");
        assertTrue(Files.notExists(out));
    }
}
