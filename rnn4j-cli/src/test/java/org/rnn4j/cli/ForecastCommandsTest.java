package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedFiles;

/**
 * Forecasting with one recurrent network ({@code --method rnn}) end to end on the R data sets: with its
 * default settings the forecast of the held-out months beats the seasonal-naive baseline (MASE < 1);
 * then forecast, eval and their errors.
 */
class ForecastCommandsTest {

    @TempDir
    static Path shared;
    static TrainedModel air;

    @BeforeAll
    static void trainAirPassengers() {
        air = TrainedModel.train(shared, "air", "--task", "forecast", "--method", "rnn", "--data",
                SharedFiles.data("AirPassengers.csv").toString(), "--target", "passengers", "--time-col", "month",
                "--season", "12", "--test", "12");
    }

    @Test
    void airPassengersBeatsTheSeasonalNaiveBaseline() {
        assertTrue(air.json().get("mase").asDouble() < 1, air.json()::toString);
        assertTrue(air.json().get("mase").asDouble() < air.json().get("seasonal_naive").get("mase").asDouble(),
                air.json()::toString);
        for (String k : new String[] {"rmse", "mae", "mase", "smape"}) {
            assertTrue(air.json().get(k).isNumber(), k);
            assertTrue(air.json().get("naive").get(k).isNumber(), k);
            assertTrue(air.json().get("seasonal_naive").get(k).isNumber(), k);
        }
        for (String k : new String[] {"steps", "tokens_per_s", "train_loss", "val_loss"}) {
            assertTrue(air.json().get(k).isNumber(), k);
        }
        assertTrue(Files.isRegularFile(air.dir().resolve("forecast-0.png")));
        assertTrue(Files.isRegularFile(air.dir().resolve("report.html")));
    }

    @Test
    void co2BeatsTheSeasonalNaiveBaseline(@TempDir Path dir) {
        JsonNode co2 = CliAsserts.okJson(CliRun.of("train", "--task", "forecast", "--method", "rnn", "--data",
                SharedFiles.data("co2.csv").toString(), "--target", "co2_ppm", "--season", "12", "--test", "24",
                "--out", dir.resolve("co2").toString(), "--quiet", "--json"));
        assertTrue(co2.get("mase").asDouble() < 1, co2::toString);
    }

    @Test
    void forecastContinuesTheSeriesAsCsvAndJson(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("next.csv");
        CliRun run = CliRun.of("forecast", "--model", air.dir().toString(), "--data",
                SharedFiles.data("AirPassengers.csv").toString(), "--horizon", "24", "--out", csv.toString(), "--json");
        JsonNode j = CliAsserts.okJson(run);
        assertEquals(24, j.get("horizon").asInt());
        JsonNode values = j.get("forecast").get("passengers");
        assertEquals(24, values.size());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        // trained with --time-col month: the periods after the data's last month, 1960-12
        assertEquals("step,month,passengers", lines.get(0));
        assertEquals(25, lines.size());
        assertEquals("1,1961-01", lines.get(1).substring(0, lines.get(1).lastIndexOf(',')));
        assertEquals("24,1962-12", lines.get(24).substring(0, lines.get(24).lastIndexOf(',')));
        assertEquals("1961-01", j.get("periods").get(0).asText());
        assertEquals(values.get(0).asDouble(), Double.parseDouble(lines.get(1).split(",")[2]), 0);
        for (JsonNode v : values) {
            assertTrue(v.asDouble() > 300 && v.asDouble() < 900, "a plausible 1961-62 forecast: " + values);
        }
        CliRun toStdout = CliRun.of("forecast", "--model", air.dir().toString(), "--data",
                SharedFiles.data("AirPassengers.csv").toString(), "--horizon", "3");
        assertEquals(ExitCodes.OK, toStdout.exitCode, toStdout::toString);
        assertEquals("step,month,passengers", toStdout.outLines().get(0));
        assertEquals(4, toStdout.outLines().size());
    }

    @Test
    void evalRepeatsTheHeldOutScore() {
        JsonNode j = CliAsserts.okJson(CliRun.of("eval", "--model", air.dir().toString(), "--data",
                SharedFiles.data("AirPassengers.csv").toString(), "--json"));
        assertEquals(air.json().get("mase").asDouble(), j.get("mase").asDouble(), 1e-9);
        assertEquals(12, j.get("test_rows").asInt());
        JsonNode other = CliAsserts.okJson(CliRun.of("eval", "--model", air.dir().toString(), "--data",
                SharedFiles.data("AirPassengers.csv").toString(), "--test", "6", "--json"));
        assertEquals(6, other.get("test_rows").asInt());
    }

    @Test
    void aForecasterResumesWithItsSavedSettings(@TempDir Path dir) {
        String data = SharedFiles.data("AirPassengers.csv").toString();
        Path m = dir.resolve("m");
        CliAsserts.okJson(CliRun.of("train", "--task", "forecast", "--method", "rnn", "--data", data, "--target",
                "passengers", "--season",
                "12", "--test", "12", "--hidden", "16", "--steps", "60", "--out", m.toString(), "--quiet", "--json"));
        JsonNode resumed = CliAsserts.okJson(CliRun.of("train", "--task", "forecast", "--method", "rnn", "--data", data,
                "--target",
                "passengers", "--season", "12", "--test", "12", "--steps", "90", "--resume", m.toString(), "--quiet",
                "--json"));
        assertEquals(90, resumed.get("steps").asInt(), "--hidden 16 came from the checkpoint");
        CliAsserts.oneLineError(
                CliRun.of("train", "--task", "forecast", "--method", "rnn", "--data", data, "--target", "passengers",
                        "--season", "12", "--test", "6", "--steps", "90", "--resume", m.toString(), "--quiet"),
                ExitCodes.FAILURE, "cannot resume");
    }

    @Test
    void badHorizonsAreUsageErrors(@TempDir Path dir) {
        String data = SharedFiles.data("AirPassengers.csv").toString();
        Path out = dir.resolve("f.csv");
        CliAsserts.oneLineError(CliRun.of("forecast", "--model", air.dir().toString(), "--data", data, "--horizon", "0",
                "--out", out.toString()), ExitCodes.USAGE, "--horizon");
        CliAsserts
                .oneLineError(CliRun.of("forecast", "--model", air.dir().toString(), "--data", data, "--horizon", "145",
                        "--out", out.toString()), ExitCodes.USAGE, "beyond what the data supports");
        CliAsserts.oneLineError(
                CliRun.of("forecast", "--model", air.dir().toString(), "--data", data, "--horizon", "x"),
                ExitCodes.USAGE, "--horizon");
        CliAsserts.oneLineError(CliRun.of("forecast", "--model", air.dir().toString(), "--data", data, "--horizon", "3",
                "--out", dir.resolve("no/such/dir/f.csv").toString()), ExitCodes.USAGE, "does not exist");
        assertFalse(Files.exists(out), "no output file after a failure");
    }

    @Test
    void badCsvFilesAreOneLineErrors(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("f.csv");
        Path noColumn = write(dir, "no-column.csv", "month,riders\n1949-01,112\n1949-02,118\n");
        CliAsserts.oneLineError(CliRun.of("forecast", "--model", air.dir().toString(), "--data", noColumn.toString(),
                "--horizon", "2", "--out", out.toString()), ExitCodes.FAILURE, "no column 'passengers'");
        StringBuilder text = new StringBuilder("month,passengers\n");
        for (int i = 0; i < 60; i++) {
            text.append("m").append(i).append(',').append(i == 30 ? "n/a" : Integer.toString(100 + i)).append('\n');
        }
        Path nonNumeric = write(dir, "non-numeric.csv", text.toString());
        CliAsserts.oneLineError(CliRun.of("forecast", "--model", air.dir().toString(), "--data", nonNumeric.toString(),
                "--horizon", "2", "--out", out.toString()), ExitCodes.FAILURE, "expected a number, got 'n/a'");
        Path fewRows = write(dir, "few.csv", "month,passengers\n1,112\n2,118\n3,132\n4,129\n");
        CliAsserts.oneLineError(CliRun.of("forecast", "--model", air.dir().toString(), "--data", fewRows.toString(),
                "--horizon", "2", "--out", out.toString()), ExitCodes.FAILURE, "needs at least");
        Path empty = write(dir, "empty.csv", "");
        CliAsserts.oneLineError(CliRun.of("forecast", "--model", air.dir().toString(), "--data", empty.toString(),
                "--horizon", "2", "--out", out.toString()), ExitCodes.FAILURE, "empty");
        CliAsserts.oneLineError(CliRun.of("forecast", "--model", air.dir().toString(), "--data",
                dir.resolve("missing.csv").toString(), "--horizon", "2"), ExitCodes.USAGE, "no such file");
        assertFalse(Files.exists(out), "no output file after a failure");

        CliAsserts.oneLineError(
                CliRun.of("train", "--task", "forecast", "--method", "rnn", "--data", fewRows.toString(), "--target",
                        "passengers", "--season", "12", "--test", "1", "--out", dir.resolve("m").toString()),
                ExitCodes.FAILURE,
                "few.csv");
        CliAsserts.oneLineError(
                CliRun.of("train", "--task", "forecast", "--method", "rnn", "--data", noColumn.toString(), "--target",
                        "passengers", "--out", dir.resolve("m").toString()),
                ExitCodes.FAILURE, "no column 'passengers'");
        CliAsserts.oneLineError(
                CliRun.of("train", "--task", "forecast", "--method", "rnn", "--data", nonNumeric.toString(), "--target",
                        "passengers", "--out", dir.resolve("m").toString()),
                ExitCodes.FAILURE, "'n/a'");
        CliAsserts
                .oneLineError(CliRun.of("train", "--task", "forecast", "--method", "rnn", "--data", noColumn.toString(),
                        "--out", dir.resolve("m").toString()), ExitCodes.USAGE, "--target");
        assertFalse(Files.exists(dir.resolve("m")), "a failed training run leaves no model directory");
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
