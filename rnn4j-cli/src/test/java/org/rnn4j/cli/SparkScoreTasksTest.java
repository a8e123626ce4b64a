package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark-score} with a classifier and a forecaster, in local[2] through picocli: the CSV directory
 * it writes holds the lines {@code classify --out} / {@code forecast --out} write for the same input, in
 * the same order, and bad input is one line with nothing written.
 */
class SparkScoreTasksTest {

    @TempDir
    static Path dir;
    static Path dna;
    static Path dnaModel;
    static Path frames;
    static Path framesModel;
    static Path series;
    static Path seriesModel;
    static Path panel;
    static Path autoModel;

    @BeforeAll
    static void trainTinyModels() throws IOException {
        Random rng = new Random(5);
        StringBuilder d = new StringBuilder("id,sequence,class\n");
        for (int i = 0; i < 40; i++) {
            StringBuilder s = new StringBuilder();
            for (int t = 0; t < 5 + i % 7; t++) {
                s.append("acgt".charAt(rng.nextInt(i % 2 == 0 ? 4 : 2)));
            }
            // ids that need quoting, or have spaces around them (ignored), come out as classify writes them
            String id = switch (i % 10) {
                case 3 -> "\"s,\"\"" + i + "\"\"\"";
                case 7 -> " s " + i;
                default -> "s" + i;
            };
            d.append(id).append(',').append(s).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        dna = Files.writeString(dir.resolve("dna.csv"), d.toString());
        dnaModel = train("dna", "classify", "--data", dna.toString(), "--sequence-col", "sequence", "--label-col",
                "class", "--id-col", "id", "--hidden", "8", "--steps", "5");

        // long form, rows of a sequence neither contiguous nor in frame order
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            for (int f = 0; f < 3 + i % 4; f++) {
                rows.add(String.format(Locale.ROOT, "%d,%d,%s,%.4f,%.4f", i, f, i % 3 == 0 ? "a" : "b",
                        rng.nextGaussian() + (i % 3 == 0 ? 1 : 0), rng.nextGaussian()));
            }
        }
        java.util.Collections.shuffle(rows, rng);
        frames = Files.writeString(dir.resolve("frames.csv"), "series_id,frame,speaker,f1,f2\n" + String.join("\n",
                rows) + "\n");
        framesModel = train("frames", "classify", "--data", frames.toString(), "--id-col", "series_id",
                "--order-col", "frame", "--label-col", "speaker", "--feature-cols", "f1,f2", "--hidden", "8",
                "--steps", "5");

        series = SmallInputs.series(dir);
        seriesModel = train("series", "forecast", "--data", series.toString(), "--target", "y", "--time-col", "t",
                "--season", "4", "--test", "6", "--method", "rnn", "--hidden", "8", "--steps", "5");

        StringBuilder p = new StringBuilder("shop,week,sales\n");
        for (int t = 0; t < 40; t++) {
            for (String shop : List.of("b", "a", "c")) {   // not in id order, interleaved
                double level = shop.charAt(0) * 2.0;
                p.append(String.format(Locale.ROOT, "%s,%d,%.3f%n", shop, t + 1, level * (1 + 0.1 * Math.sin(
                        Math.PI * t / 2)) * (1 + 0.02 * rng.nextGaussian())));
            }
        }
        panel = Files.writeString(dir.resolve("panel.csv"), p.toString());
        autoModel = train("auto", "forecast", "--data", panel.toString(), "--target", "sales", "--id-col", "shop",
                "--time-col", "week", "--season", "4", "--test", "4", "--method", "auto", "--horizon", "4",
                "--steps", "5", "--hidden", "8");
    }

    private static Path train(String name, String task, String... args) {
        Path out = dir.resolve(name);
        CliAsserts.okJson(CliRun.of(CliRun.concat(CliRun.concat(new String[] {"train", task}, args), "--out", out
                .toString(), "--quiet", "--json")));
        return out;
    }

    /** Runs spark-score in local[2] over 2 partitions; returns its CSV directory. */
    private static Path sparkScore(String name, Path model, Path data, String... extra) {
        Path out = dir.resolve(name);
        JsonNode j = CliAsserts.okJson(CliRun.of(CliRun.concat(new String[] {"spark-score", "--master", "local[2]",
            "--model", model.toString(), "--data", data.toString(), "--out", out.toString(), "--partitions", "2",
            "--json"}, extra)));
        assertTrue(j.path("rows").asLong() > 0, j::toString);
        return out;
    }

    /** The header and the data lines of a Spark CSV directory's part files, in part order. */
    private static List<String> sparkLines(Path csvDir) throws IOException {
        List<Path> parts;
        try (Stream<Path> s = Files.list(csvDir)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        List<String> out = new ArrayList<>();
        for (Path p : parts) {
            List<String> lines = Files.readAllLines(p);
            if (lines.isEmpty()) {
                continue;
            }
            if (out.isEmpty()) {
                out.add(lines.get(0));
            } else {
                assertEquals(out.get(0), lines.get(0), p::toString);
            }
            out.addAll(lines.subList(1, lines.size()));
        }
        return out;
    }

    private static List<String> oneMachine(String name, String... args) throws IOException {
        Path out = dir.resolve(name + ".csv");
        CliRun run = CliRun.of(CliRun.concat(args, "--out", out.toString()));
        assertEquals(ExitCodes.OK, run.exitCode, run::toString);
        return Files.readAllLines(out);
    }

    @Test
    void aTokenClassifierOnSparkWritesTheLinesClassifyWrites() throws IOException {
        List<String> expected = oneMachine("dna-one", "classify", "--model", dnaModel.toString(), "--data", dna
                .toString());
        assertEquals(41, expected.size());
        assertTrue(expected.stream().anyMatch(l -> l.startsWith("\"s,\"\"3\"\"\",")), expected::toString);
        assertTrue(expected.stream().anyMatch(l -> l.startsWith("s 7,")), expected::toString);
        assertEquals(expected, sparkLines(sparkScore("dna-spark", dnaModel, dna)));
    }

    @Test
    void aLongFormClassifierOnSparkWritesTheLinesClassifyWrites() throws IOException {
        List<String> expected = oneMachine("frames-one", "classify", "--model", framesModel.toString(), "--data",
                frames.toString());
        assertEquals(25, expected.size());
        assertEquals(expected, sparkLines(sparkScore("frames-spark", framesModel, frames)));
    }

    @Test
    void aNetworkForecasterOnSparkWritesTheLinesForecastWrites() throws IOException {
        List<String> expected = oneMachine("series-one", "forecast", "--model", seriesModel.toString(), "--data",
                series.toString(), "--horizon", "5");
        assertEquals("step,t,y", expected.get(0));
        assertEquals(6, expected.size());
        assertEquals(expected, sparkLines(sparkScore("series-spark", seriesModel, series, "--horizon", "5")));
    }

    @Test
    void anAutomaticForecasterOnSparkWritesTheLinesAndBoundsForecastWrites() throws IOException {
        List<String> expected = oneMachine("auto-one", "forecast", "--model", autoModel.toString(), "--data", panel
                .toString(), "--horizon", "3");
        assertEquals("shop,step,week,sales,sales_lo80,sales_hi80,sales_lo95,sales_hi95", expected.get(0));
        assertEquals(1 + 3 * 3, expected.size());
        assertEquals(expected, sparkLines(sparkScore("auto-spark", autoModel, panel, "--horizon", "3")));
    }

    private static void refused(String name, int exit, String message, Path model, Path data, String... extra)
            throws IOException {
        Path out = dir.resolve(name);
        CliRun run = CliRun.of(CliRun.concat(new String[] {"spark-score", "--master", "local[2]", "--model", model
                .toString(),
            "--data", data.toString(), "--out", out.toString()}, extra));
        CliAsserts.oneLineError(run, exit, message);
        assertTrue(Files.notExists(out), name);
        try (Stream<Path> siblings = Files.list(dir)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(name + ".tmp-")), name);
        }
    }

    @Test
    void aMissingColumnIsOneLineAndNothingIsWritten() throws IOException {
        refused("no-sequence", ExitCodes.FAILURE, "has no column 'sequence'", dnaModel, series);
        refused("no-feature", ExitCodes.FAILURE, "has no column 'f2'", framesModel, Files.writeString(dir.resolve(
                "frames-f1.csv"), "series_id,frame,speaker,f1\n1,1,a,0.5\n"));
        refused("no-target", ExitCodes.FAILURE, "has no column 'sales'", autoModel, Files.writeString(dir.resolve(
                "panel-revenue.csv"), "shop,week,revenue\na,1,2.0\n"), "--horizon", "2");
    }

    @Test
    void aBadValueFoundByAnExecutorIsOneLineAndNothingIsWritten() throws IOException {
        Path bad = Files.writeString(dir.resolve("frames-bad.csv"), "series_id,frame,speaker,f1,f2\n1,1,a,0.5,1\n"
                + "1,2,a,x,1\n");
        refused("bad-number", ExitCodes.FAILURE, "line 3, column 'f1': expected a number, got 'x'", framesModel, bad);
        Path twice = Files.writeString(dir.resolve("frames-twice.csv"), "series_id,frame,speaker,f1,f2\n1,1,a,0.5,1\n"
                + "1,1,a,0.2,1\n");
        refused("twice", ExitCodes.FAILURE, "has frame = 1.0 twice", framesModel, twice);
    }

    @Test
    void aHorizonBeyondWhatTheModelAllowsIsOneLineAndNothingIsWritten() throws IOException {
        refused("long-network", ExitCodes.FAILURE, "--horizon 61 is beyond what the data supports", seriesModel,
                series, "--horizon", "61");
        refused("long-auto", ExitCodes.FAILURE, "the model forecasts 1 to 4 steps", autoModel, panel, "--horizon",
                "5");
        refused("no-horizon", ExitCodes.USAGE, "--horizon: a forecasting model needs", autoModel, panel);
        refused("horizon-for-classifier", ExitCodes.USAGE, "--horizon is for forecasting models", dnaModel, dna,
                "--horizon", "2");
    }
}
