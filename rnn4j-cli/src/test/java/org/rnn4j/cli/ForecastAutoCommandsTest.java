package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train forecast --method auto} and the commands that read its models: a panel with a covariate,
 * intervals in {@code forecast --out}, and bad input refused in one line with nothing written.
 */
class ForecastAutoCommandsTest {

    @TempDir
    static Path dir;
    static Path panel;
    static Path model;

    /** Three shops, 60 weeks, a season of 4 and a 0/1 promotion that lifts sales by 20%. */
    @BeforeAll
    static void trainOnce() throws IOException {
        StringBuilder b = new StringBuilder("shop,week,sales,promo\n");
        StringBuilder f = new StringBuilder("shop,promo\n");
        java.util.Random rng = new java.util.Random(3);
        for (String shop : List.of("a", "b", "c")) {
            double level = shop.charAt(0) * 2.0;
            for (int t = 0; t < 66; t++) {
                int promo = (t / 5 + shop.charAt(0)) % 3 == 0 ? 1 : 0;
                double sales = level * (1 + 0.1 * Math.sin(Math.PI * t / 2)) * (1 + 0.2 * promo)
                        * (1 + 0.02 * rng.nextGaussian());
                if (t < 60) {
                    b.append(String.format(Locale.ROOT, "%s,%d,%.3f,%d%n", shop, t + 1, sales, promo));
                } else {
                    f.append(shop).append(',').append(promo).append('\n');
                }
            }
        }
        panel = dir.resolve("panel.csv");
        Files.writeString(panel, b.toString());
        Files.writeString(dir.resolve("future.csv"), f.toString());
        Files.writeString(dir.resolve("future-bad.csv"), f.toString().replace("promo", "price"));
        model = dir.resolve("auto");
        CliRun run = CliRun.of("train", "forecast", "--data", panel.toString(), "--target", "sales", "--id-col",
                "shop", "--season", "4", "--test", "6", "--covariates", "promo", "--method", "auto", "--steps", "30",
                "--hidden", "8", "--out", model.toString(), "--quiet", "--json");
        JsonNode j = CliAsserts.okJson(run);
        assertEquals("auto", j.path("method").asText(), run.toString());
        assertEquals(3, j.path("series").asInt());
        assertTrue(j.path("chosen").has("b"), run.toString());
        assertTrue(j.path("mase").isNumber(), run.toString());
        assertTrue(run.out.contains("backtest ("), run.toString());
    }

    @Test
    void forecastWritesEachSeriesWithItsIntervals() throws IOException {
        Path out = dir.resolve("forecast.csv");
        CliRun run = CliRun.of("forecast", "--model", model.toString(), "--data", panel.toString(), "--horizon", "6",
                "--future", dir.resolve("future.csv").toString(), "--out", out.toString());
        assertEquals(ExitCodes.OK, run.exitCode, run.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals("shop,step,sales,sales_lo80,sales_hi80,sales_lo95,sales_hi95", lines.get(0));
        assertEquals(1 + 3 * 6, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            double p = Double.parseDouble(v[2]);
            assertTrue(Double.parseDouble(v[5]) <= Double.parseDouble(v[3]) && Double.parseDouble(v[3]) <= p
                    && p <= Double.parseDouble(v[4]) && Double.parseDouble(v[4]) <= Double.parseDouble(v[6]), line);
        }
    }

    @Test
    void aCovariateMissingInTheFutureFileIsOneLineAndNothingIsWritten() {
        Path out = dir.resolve("never.csv");
        CliRun run = CliRun.of("forecast", "--model", model.toString(), "--data", panel.toString(), "--horizon", "6",
                "--future", dir.resolve("future-bad.csv").toString(), "--out", out.toString());
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "has no column 'promo'");
        assertFalse(Files.exists(out));
        CliRun none = CliRun.of("forecast", "--model", model.toString(), "--data", panel.toString(), "--horizon", "6",
                "--out", out.toString());
        CliAsserts.oneLineError(none, ExitCodes.FAILURE, "give their values for the 6 forecast steps with --future");
        assertFalse(Files.exists(out));
    }

    @Test
    void evalScoresTheHeldOutRowsAndInspectNamesTheMethod() {
        JsonNode j = CliAsserts.okJson(CliRun.of("eval", "--model", model.toString(), "--data", panel.toString(),
                "--json"));
        assertTrue(j.path("mase").isNumber() && j.path("coverage_95").isNumber(), j.toString());
        CliRun inspect = CliRun.of("inspect", "--model", model.toString());
        assertTrue(inspect.out.contains("auto: ets, arima, theta"), inspect.toString());
        assertTrue(inspect.out.matches("(?s).*\\n  chose         [a-z]+ × \\d+.*"), inspect.toString());
    }

    @Test
    void aSeriesTooShortForTheBacktestIsOneLineAndNoModelIsWritten() throws IOException {
        Path tiny = dir.resolve("tiny.csv");
        StringBuilder b = new StringBuilder("t,y\n");
        for (int t = 0; t < 14; t++) {
            b.append(t).append(',').append(10 + t % 4).append('\n');
        }
        Files.writeString(tiny, b.toString());
        Path out = dir.resolve("tiny-model");
        CliRun run = CliRun.of("train", "forecast", "--data", tiny.toString(), "--target", "y", "--season", "4",
                "--test", "4", "--method", "auto", "--steps", "5", "--out", out.toString(), "--quiet");
        CliAsserts.oneLineError(run, ExitCodes.FAILURE, "too few for a backtest");
        assertFalse(Files.exists(out.resolve("config.json")));
    }

    @Test
    void autoOptionsNeedTheAutoMethod() {
        CliRun run = CliRun.of("train", "forecast", "--data", panel.toString(), "--target", "sales", "--method", "rnn",
                "--horizon", "4", "--out", dir.resolve("x").toString());
        CliAsserts.oneLineError(run, ExitCodes.USAGE, "need --method auto");
    }

    @Test
    void autoIsTheDefaultAndTheNetworkOnlyOptionsSayWhichMethodTheyNeed() throws IOException {
        Path out = dir.resolve("default");
        JsonNode j = CliAsserts.okJson(CliRun.of("train", "forecast", "--data", panel.toString(), "--target", "sales",
                "--id-col", "shop", "--season", "4", "--test", "6", "--steps", "10", "--hidden", "4", "--out",
                out.toString(), "--quiet", "--json"));
        assertEquals("auto", j.path("method").asText(), j.toString());
        Path never = dir.resolve("never");
        CliAsserts.oneLineError(CliRun.of("train", "forecast", "--data", panel.toString(), "--target", "sales",
                "--window", "8", "--out", never.toString()), ExitCodes.USAGE, "--window need --method rnn");
        CliAsserts.oneLineError(CliRun.of("train", "forecast", "--data", panel.toString(), "--target", "sales,promo",
                "--out", never.toString()), ExitCodes.USAGE, "several --target columns need --method rnn");
        assertFalse(Files.exists(never));
    }
}
