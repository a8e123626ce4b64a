package org.rnn4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of a training report, drawn with XChart: losses, gradient norms and clipping over the
 * steps of a run, a forecast against what happened, a confusion matrix.
 *
 * <p>Long runs are thinned to at most {@link #MAX_POINTS} points per line by averaging consecutive
 * steps, which is also what the eye does with a dense line.
 */
public final class TrainingCharts {

    /** Points per line at most. */
    public static final int MAX_POINTS = 1500;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color TRAIN_LIGHT = new Color(0x1f, 0x77, 0xb4, 60);
    private static final Color VALIDATION = new Color(0xd62728);
    private static final Color OTHER = new Color(0x2ca02c);
    private static final Color GREY = new Color(0x7f7f7f);
    private static final Color THRESHOLD = new Color(0xff7f0e);
    private static final Color BAND_INNER = new Color(0xd6, 0x27, 0x28, 70);
    private static final Color BAND_OUTER = new Color(0xd6, 0x27, 0x28, 35);

    private TrainingCharts() {
    }

    /**
     * Training loss (each step, faint, and a moving average) and validation loss over the steps.
     *
     * @param unit      the y axis title, e.g. {@code bits per character}
     * @param transform from the loss as recorded to the unit shown
     */
    public static XYChart loss(List<Integer> steps, List<Double> losses, List<Integer> validationSteps,
            List<Double> validationLosses, String unit, DoubleUnaryOperator transform) {
        XYChart chart = xy("Loss", "step", unit);
        if (!steps.isEmpty()) {
            double[] x = toDoubles(steps);
            double[] y = map(losses, transform);
            double[][] thin = thin(x, y);
            XYSeries raw = chart.addSeries("training (per step)", thin[0], thin[1]);
            raw.setMarker(SeriesMarkers.NONE);
            raw.setLineColor(TRAIN_LIGHT);
            double[][] avg = thin(x, movingAverage(y, Math.max(1, y.length / 50)));
            XYSeries smooth = chart.addSeries("training (moving average)", avg[0], avg[1]);
            smooth.setMarker(SeriesMarkers.NONE);
            smooth.setLineColor(TRAIN);
        }
        if (!validationSteps.isEmpty()) {
            XYSeries v = chart.addSeries("validation", toDoubles(validationSteps), map(validationLosses, transform));
            v.setMarker(SeriesMarkers.CIRCLE);
            v.setLineColor(VALIDATION);
            v.setMarkerColor(VALIDATION);
        }
        return chart;
    }

    /**
     * The global gradient norm before clipping, per step, with the clipping threshold when there is one:
     * a thick dashed line kept inside the plot (the y axis reaches above it), so that it is never hidden
     * on the plot's border when no norm reaches it.
     */
    public static XYChart gradientNorm(List<Integer> steps, List<Double> norms, double threshold) {
        XYChart chart = xy("Gradient norm (before clipping)", "step", "global L2 norm");
        if (steps.isEmpty()) {
            return chart;
        }
        double[][] thin = thin(toDoubles(steps), map(norms, v -> v));
        XYSeries s = chart.addSeries("gradient norm", thin[0], thin[1]);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(TRAIN);
        if (threshold > 0 && Double.isFinite(threshold)) {
            double top = threshold;
            for (double v : thin[1]) {
                top = Double.isFinite(v) ? Math.max(top, v) : top;
            }
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(top * 1.15);
            XYSeries t = chart.addSeries("clip threshold " + Numbers.number(threshold),
                    new double[] {thin[0][0], thin[0][thin[0].length - 1]}, new double[] {threshold, threshold});
            t.setMarker(SeriesMarkers.NONE);
            t.setLineColor(THRESHOLD);
            t.setLineStyle(new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {12f, 6f}, 0f));
        }
        return chart;
    }

    /** The share of clipped steps in a moving window of about a fiftieth of the run (at least 10 steps). */
    public static XYChart clipRate(List<Integer> steps, List<Boolean> clipped) {
        XYChart chart = xy("Clip rate", "step", "share of steps clipped");
        if (steps.isEmpty()) {
            return chart;
        }
        double[] y = new double[clipped.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = clipped.get(i) ? 1 : 0;
        }
        double[][] thin = thin(toDoubles(steps), movingAverage(y, Math.max(10, y.length / 50)));
        XYSeries s = chart.addSeries("clipped", thin[0], thin[1]);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(TRAIN);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        return chart;
    }

    /**
     * Intervals around a forecast, each {@code [level][h]}.
     *
     * @param levels the coverage of each, e.g. {@code {80, 95}}
     */
    public record Bands(int[] levels, double[][] lower, double[][] upper) {
    }

    /**
     * A forecast of held-out rows against the actual values and the two baselines, after the end of
     * the history (of which the last {@code shownHistory} rows are drawn). The x axis is the time column
     * when there is one (its text at each tick), else the row number; it spans only what is drawn. The
     * legend sits under the plot, never over the data.
     *
     * @param times    the time column's text per row (history then held-out rows), or null
     * @param timeName the time column's name, or null
     * @param history  values before the held-out rows
     * @param actual   held-out values
     * @param forecast the model's forecast of them
     * @param bands    intervals around the forecast, or null
     */
    public static XYChart forecast(String target, List<String> times, String timeName, double[] history,
            double[] actual, double[] forecast, double[] naive, double[] seasonalNaive, int shownHistory,
            Bands bands) {
        boolean timed = times != null && times.size() >= history.length + actual.length;
        XYChart chart = xy("Forecast of " + target, timed ? timeName : "row", target);
        int from = Math.max(0, history.length - shownHistory);
        int n = history.length - from;
        double[] hx = new double[n + actual.length];
        double[] hy = new double[n + actual.length];
        for (int i = 0; i < n; i++) {
            hx[i] = from + i + 1;
            hy[i] = history[from + i];
        }
        for (int i = 0; i < actual.length; i++) {
            hx[n + i] = history.length + i + 1;
            hy[n + i] = actual[i];
        }
        chart.getStyler().setXAxisMin(hx[0]).setXAxisMax(hx[hx.length - 1]);
        if (timed) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> timeLabel(times, x));
        }
        double[] fx = new double[actual.length];
        for (int i = 0; i < fx.length; i++) {
            fx[i] = history.length + i + 1;
        }
        if (bands != null) {
            // widest first, so that the narrower band is drawn over it
            for (int l = bands.levels().length - 1; l >= 0; l--) {
                band(chart, bands.levels()[l] + "% interval", fx, bands.lower()[l], bands.upper()[l],
                        l == 0 ? BAND_INNER : BAND_OUTER);
            }
        }
        XYSeries a = chart.addSeries("actual", hx, hy);
        a.setMarker(SeriesMarkers.NONE);
        a.setLineColor(Color.BLACK);
        if (seasonalNaive != null) {
            line(chart, "seasonal naive", fx, seasonalNaive, OTHER);
        }
        if (naive != null) {
            line(chart, "naive", fx, naive, GREY);
        }
        XYSeries f = line(chart, "rnn4j forecast", fx, forecast, VALIDATION);
        f.setMarker(SeriesMarkers.CIRCLE);
        f.setMarkerColor(VALIDATION);
        return chart;
    }

    /**
     * The label of x-axis position {@code x} (row {@code x}, from 1) on a time axis. XChart tries tick spacings
     * until every label differs, so no two positions may share one: a position before or after the rows gets
     * blanks of its own length, one between two rows its number.
     */
    static String timeLabel(List<String> times, double x) {
        long row = Math.round(x) - 1;
        if (Math.abs(x - (row + 1)) > 1e-9) {
            return Double.toString(x);
        }
        if (row < 0) {
            return " ".repeat((int) Math.min(64, -2 * row));   // an even number of blanks before the rows
        }
        if (row >= times.size()) {
            return " ".repeat((int) Math.min(63, 2 * (row - times.size()) + 1));   // an odd number after
        }
        return times.get((int) row);
    }

    /** A filled band between {@code lower} and {@code upper}: a polygon along one and back along the other. */
    private static void band(XYChart chart, String name, double[] x, double[] lower, double[] upper, Color fill) {
        int h = x.length;
        double[] px = new double[2 * h];
        double[] py = new double[2 * h];
        for (int i = 0; i < h; i++) {
            px[i] = x[i];
            py[i] = upper[i];
            px[2 * h - 1 - i] = x[i];
            py[2 * h - 1 - i] = lower[i];
        }
        XYSeries s = chart.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(fill);
        s.setLineColor(fill);
    }

    /** The confusion matrix as a heat map: rows true classes, columns predicted classes, counts shown. */
    public static HeatMapChart confusion(List<String> classNames, int[][] confusion) {
        int c = classNames.size();
        int size = Math.max(420, Math.min(900, 120 + 60 * c));
        HeatMapChart chart = new HeatMapChartBuilder().width(size + 120).height(size).title("Confusion matrix")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        HeatMapStyler styler = chart.getStyler();
        styler.setShowValue(true);
        styler.setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1), new Color(0x08519c)});
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendVisible(false);
        List<String> labels = new ArrayList<>(classNames);
        // the y axis runs bottom-up: list the true classes in reverse so the first is on top
        List<String> reversed = new ArrayList<>(labels);
        java.util.Collections.reverse(reversed);
        List<Number[]> cells = new ArrayList<>();
        int max = 0;
        for (int t = 0; t < c; t++) {
            for (int p = 0; p < c; p++) {
                cells.add(new Number[] {p, c - 1 - t, confusion[t][p]});
                max = Math.max(max, confusion[t][p]);
            }
        }
        chart.getStyler().setMin(0).setMax(Math.max(1, max));
        chart.addSeries("confusion", labels, reversed, cells);
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        return s;
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setPlotGridLinesVisible(true);
        // steps start at 1; an axis from 0 gets round tick labels (0, 100, 200, ...) instead of 1, 27, 53
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        return chart;
    }

    private static double[] toDoubles(List<Integer> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static double[] map(List<Double> values, DoubleUnaryOperator f) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(values.get(i));
        }
        return out;
    }

    /** Trailing moving average over {@code window} points (fewer at the start). */
    static double[] movingAverage(double[] y, int window) {
        double[] out = new double[y.length];
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += y[i];
            if (i >= window) {
                sum -= y[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    /** At most {@link #MAX_POINTS} points: consecutive points averaged in equal groups. */
    static double[][] thin(double[] x, double[] y) {
        int n = x.length;
        if (n <= MAX_POINTS) {
            return new double[][] {x, y};
        }
        int groups = MAX_POINTS;
        double[] tx = new double[groups];
        double[] ty = new double[groups];
        for (int g = 0; g < groups; g++) {
            int from = (int) ((long) g * n / groups);
            int to = (int) ((long) (g + 1) * n / groups);
            double sx = 0;
            double sy = 0;
            for (int i = from; i < to; i++) {
                sx += x[i];
                sy += y[i];
            }
            tx[g] = sx / (to - from);
            ty[g] = sy / (to - from);
        }
        return new double[][] {tx, ty};
    }
}
