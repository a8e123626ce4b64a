package org.rnn4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** The report's charts and tables show what they claim, where a reader can see it. */
class ReportsTest {

    @Test
    void aForecastOnATimeAxisIsDrawnForAnyLengthOfHistoryAndHorizon() {
        // XChart once searched tick spacings forever here: positions outside the rows shared an empty label
        for (int[] nh : new int[][] {{42, 18}, {126, 18}, {30, 8}, {100, 50}}) {
            int n = nh[0];
            int h = nh[1];
            List<String> times = new ArrayList<>();
            for (int i = 0; i < n + h; i++) {
                times.add(String.format(java.util.Locale.ROOT, "%d-%02d", 1949 + i / 12, i % 12 + 1));
            }
            double[] history = IntStream.range(0, n).mapToDouble(i -> 100 + i + 10 * Math.sin(i)).toArray();
            double[] actual = IntStream.range(0, h).mapToDouble(i -> 150 + i).toArray();
            double[] forecast = IntStream.range(0, h).mapToDouble(i -> 140 + i).toArray();
            double[][] lower = new double[2][h];
            double[][] upper = new double[2][h];
            for (int l = 0; l < 2; l++) {
                for (int i = 0; i < h; i++) {
                    lower[l][i] = forecast[i] - 10 * (l + 1) * Math.sqrt(i + 1);
                    upper[l][i] = forecast[i] + 10 * (l + 1) * Math.sqrt(i + 1);
                }
            }
            XYChart chart = TrainingCharts.forecast("p", times, "month", history, actual, forecast, null, null,
                    Math.max(3 * h, 48), new TrainingCharts.Bands(new int[] {80, 95}, lower, upper));
            BufferedImage image = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(60), () -> BitmapEncoder.getBufferedImage(chart), n + " + " + h);
            assertTrue(image.getWidth() > 0);
        }
        List<String> times = List.of("a", "b", "c");
        List<String> labels = IntStream.rangeClosed(-3, 8).mapToObj(i -> TrainingCharts.timeLabel(times, i / 2.0))
                .toList();
        assertEquals(labels.size(), new java.util.HashSet<>(labels).size(), labels::toString);
        assertEquals("b", TrainingCharts.timeLabel(times, 2));
        assertTrue(TrainingCharts.timeLabel(times, 0).isBlank() && TrainingCharts.timeLabel(times, 5).isBlank());
    }

    @Test
    void theClipThresholdIsDrawnInsideThePlotEvenWhenNoNormReachesIt() {
        Headless.ensure();
        List<Integer> steps = IntStream.rangeClosed(1, 200).boxed().toList();
        List<Double> norms = steps.stream().map(s -> 0.5 + 0.3 * Math.sin(s / 7.0)).toList();
        XYChart chart = TrainingCharts.gradientNorm(steps, norms, 5.0);
        XYSeries threshold = chart.getSeriesMap().values().stream()
                .filter(s -> s.getName().startsWith("clip threshold")).findFirst().orElseThrow();
        Double top = chart.getStyler().getYAxisMax();
        assertNotNull(top, "the y axis ends at the highest value, so the threshold line lies on the plot's border");
        assertTrue(top > 5.0, "the y axis reaches above the threshold: " + top);
        // the line is drawn: one row of the picture holds its colour across much of the width (dashed)
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        Color c = threshold.getLineColor();
        int most = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            int count = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                count += close(new Color(image.getRGB(x, y)), c) ? 1 : 0;
            }
            most = Math.max(most, count);
        }
        assertTrue(most > image.getWidth() / 3, "the threshold's colour covers only " + most + " pixels of a row");
    }

    private static boolean close(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) < 40 && Math.abs(a.getGreen() - b.getGreen()) < 40
                && Math.abs(a.getBlue() - b.getBlue()) < 40;
    }

    @Test
    void theForecastIsPlottedOnTheTimeColumnOverOnlyWhatIsDrawnWithItsIntervals() {
        int rows = 144;
        List<String> months = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            months.add(String.format("%d-%02d", 1949 + i / 12, 1 + i % 12));
        }
        double[] history = IntStream.range(0, rows - 12).mapToDouble(i -> 100 + i).toArray();
        double[] actual = IntStream.range(rows - 12, rows).mapToDouble(i -> 100 + i).toArray();
        double[] lower = IntStream.range(0, 12).mapToDouble(i -> actual[i] - 5).toArray();
        double[] upper = IntStream.range(0, 12).mapToDouble(i -> actual[i] + 5).toArray();
        XYChart chart = TrainingCharts.forecast("passengers", months, "month", history, actual, actual, actual,
                actual, 36, new TrainingCharts.Bands(new int[] {80}, new double[][] {lower}, new double[][] {upper}));
        assertEquals("month", chart.getXAxisTitle());
        double first = chart.getStyler().getXAxisMin();
        assertEquals(rows - 12 - 36 + 1, first, 0, "the axis starts at the first row drawn, not at 0");
        assertEquals("1958-01", chart.getStyler().getxAxisTickLabelsFormattingFunction().apply(first + 12));
        assertEquals(Styler.LegendPosition.OutsideS, chart.getStyler().getLegendPosition(),
                "the legend is off the data");
        assertTrue(chart.getSeriesMap().containsKey("80% interval"), chart.getSeriesMap().keySet().toString());
    }

    @Test
    void theResultsTableNamesEveryFigureWithItsUnitAndShowsNoRawKeysOrJson() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree("{\"task\":\"forecast\",\"model\":\"runs/air\","
                + "\"steps\":400,\"tokens_per_s\":6889.2,\"train_loss\":0.01,\"val_loss\":0.02,\"elapsed_s\":2.4,"
                + "\"stop_reason\":\"steps\",\"best_step\":400,\"best_val_loss\":null,\"train_loss_mse\":0.01,"
                + "\"val_loss_mse\":0.02,\"best_val_loss_mse\":null,\"rmse\":21.5,\"mae\":15.9,\"mase\":0.52,"
                + "\"smape\":3.3,\"naive\":{\"rmse\":102.9,\"mae\":76,\"mase\":2.49,\"smape\":16.1},"
                + "\"seasonal_naive\":{\"rmse\":50.7,\"mae\":47.8,\"mase\":1.57,\"smape\":10.5},\"test_rows\":12}");
        TrainingReport report = new TrainingReport("r");
        ReportSections.results(report, json, "windows");
        String html = report.html();
        String body = html.substring(html.indexOf("<h2>Results</h2>"));
        assertFalse(body.contains("{") || body.contains("&quot;"), "a JSON blob in the results:\n" + body);
        Matcher th = Pattern.compile("<th>([^<]*)</th>").matcher(body);
        while (th.find()) {
            assertFalse(th.group(1).contains("_"), "a raw JSON key: " + th.group(1));
        }
        assertTrue(body.contains("6889 windows/s"), "the throughput in the task's unit:\n" + body);
        assertFalse(body.contains("tokens"), body);
        assertTrue(body.contains("seasonal naive"), "the baselines as a table:\n" + body);
    }
}
