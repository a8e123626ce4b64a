package org.rnn4j.cli.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of gradient flow through time, drawn with XChart: norms against the lag on a logarithmic
 * axis, heat maps of {@code log10} norms over time steps and layers (or training steps), the gradient
 * norm before and after clipping, and learning curves of several models against a baseline.
 *
 * <p>Norms span tens of decades, so every chart shows {@code log10} of them on a linear axis (whose
 * ticks stay readable, unlike a logarithmic axis with a label per decade). {@code log10} of 0 or of a
 * non-finite value does not exist: such points are left out of a line (a norm that underflowed to 0
 * in float simply ends the line), and drawn in a heat map with the lowest colour.
 */
public final class GradientFlowCharts {

    /** A heat map spans at most this many decades; values beyond share the extreme colour. */
    public static final double MAX_DECADES = 16;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 440;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };
    /** log10 of a norm: white (smallest) to dark blue (largest). */
    private static final Color[] SEQUENTIAL = {
        new Color(0xf7fbff), new Color(0x9ecae1), new Color(0x4292c6), new Color(0x08306b),
    };
    /** log10 of a ratio: dark blue (vanishing) through white (1) to dark red (exploding). */
    private static final Color[] DIVERGING = {
        new Color(0x08306b), new Color(0x4292c6), new Color(0xf7f7f7), new Color(0xef6548), new Color(0x7f0000),
    };

    /**
     * One line: {@code y} against {@code x}, same length.
     *
     * @param colour index into the palette, or -1 for the next colour in turn
     * @param dashed whether the line is dashed (e.g. a "before" to a solid "after" of the same colour)
     */
    public record Curve(String name, double[] x, double[] y, int colour, boolean dashed) {
        public Curve {
            if (x.length != y.length) {
                throw new IllegalArgumentException("curve " + name + ": " + x.length + " x values but " + y.length
                        + " y values");
            }
        }

        /** A solid line in the next colour. */
        public Curve(String name, double[] x, double[] y) {
            this(name, x, y, -1, false);
        }
    }

    private GradientFlowCharts() {
    }

    /** The lags {@code 0..n-1} as x values. */
    public static double[] lags(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    /**
     * Lines of {@code log10(y)}, e.g. {@code ‖∂h_T/∂h_t‖} against the lag {@code T-t} for several
     * cells. Non-positive and non-finite points are left out.
     *
     * @param yTitle what {@code y} is; the axis is titled {@code log10 yTitle}
     */
    public static XYChart logCurves(String title, String xTitle, String yTitle, List<Curve> curves) {
        XYChart chart = xy(title, xTitle, "log10 " + yTitle);
        chart.getStyler().setYAxisDecimalPattern("0.#");
        double maxX = 0;
        int points = 0;
        for (Curve c : curves) {
            points = Math.max(points, c.x().length);
            for (double v : c.x()) {
                maxX = Math.max(maxX, Math.abs(v));
            }
        }
        if (points > 40) {
            // XChart's labels of many equally spaced x values run together: blank (not empty) all but round ones
            double labelStep = roundStep(maxX / 10);
            chart.getStyler()
                    .setxAxisTickLabelsFormattingFunction(v -> Math.abs(v / labelStep - Math.rint(v / labelStep)) < 1e-9
                            ? String.format(java.util.Locale.ROOT, "%.0f", v)
                            : " ");
        }
        int i = 0;
        boolean any = false;
        for (Curve c : curves) {
            double[][] p = positive(c.x(), c.y());
            if (p[0].length == 0) {
                i++;
                continue;
            }
            XYSeries s = chart.addSeries(c.name(), p[0], p[1]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(PALETTE[(c.colour() >= 0 ? c.colour() : i) % PALETTE.length]);
            if (c.dashed()) {
                s.setLineStyle(SeriesLines.DASH_DASH);
            }
            i++;
            any = true;
        }
        if (!any) {
            // an empty chart cannot be drawn: show one invisible point
            XYSeries s = chart.addSeries("(no positive values)", new double[] {0}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * A heat map of {@code log10(values)}: one row per {@code rowLabels} entry (the first drawn at the
     * top), one column per {@code columns} entry. Non-positive or non-finite values and values more than
     * {@link #MAX_DECADES} decades away are drawn with the extreme colour.
     *
     * @param values   [rows][columns]
     * @param relative whether the values are ratios to a reference (a norm over its value at lag 0):
     *                 then the colours are centred on 1 ({@code log10 = 0}, white), blue below (vanishing)
     *                 and red above (exploding); otherwise they run from white (smallest) to dark blue
     */
    public static HeatMapChart logHeatMap(String title, String xTitle, String yTitle, List<String> rowLabels,
            int[] columns, double[][] values, boolean relative) {
        int rows = rowLabels.size();
        if (values.length != rows) {
            throw new IllegalArgumentException(rows + " row labels but " + values.length + " rows of values");
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : values) {
            if (row.length != columns.length) {
                throw new IllegalArgumentException(columns.length + " columns but a row of " + row.length + " values");
            }
            for (double v : row) {
                if (v > 0 && Double.isFinite(v)) {
                    max = Math.max(max, Math.log10(v));
                    min = Math.min(min, Math.log10(v));
                }
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            max = 0;
            min = -1;
        }
        if (relative) {
            double reach = Math.ceil(Math.min(MAX_DECADES, Math.max(1, Math.max(Math.abs(min), Math.abs(max)))));
            min = -reach;
            max = reach;
        } else {
            min = Math.max(min, max - MAX_DECADES);
            if (max - min < 1e-9) {
                min = max - 1;
            }
        }
        int height = Math.max(260, Math.min(700, 160 + 28 * rows));
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        HeatMapStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setShowValue(false);
        styler.setDrawBorder(false);
        styler.setRangeColors(relative ? DIVERGING : SEQUENTIAL);
        styler.setMin(min).setMax(max);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setHeatMapValueDecimalPattern("0.#");
        styler.setHeatMapDecimalValueFormatter(v -> String.format(java.util.Locale.ROOT, "%.1f", v));
        styler.setXAxisLabelRotation(0);
        // category axes label every column: keep about 20 labels, blank the others
        int every = Math.max(1, (int) Math.ceil(columns.length / 20.0));
        List<String> xLabels = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            xLabels.add(c % every == 0 || c == columns.length - 1 ? Integer.toString(columns[c]) : blank(c));
        }
        List<String> yLabels = new ArrayList<>();
        for (int r = rows - 1; r >= 0; r--) {
            yLabels.add(rowLabels.get(r));  // the y axis runs bottom-up
        }
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.length; c++) {
                double v = values[r][c];
                double shown = v > 0 && Double.isFinite(v) ? Math.min(max, Math.max(min, Math.log10(v))) : min;
                cells.add(new Number[] {c, rows - 1 - r, shown});
            }
        }
        chart.addSeries("log10", xLabels, yLabels, cells);
        return chart;
    }

    /** Distinct invisible labels, because a category axis needs distinct categories. */
    private static String blank(int c) {
        return "\u200b".repeat(c + 1);
    }

    /**
     * The global gradient norm per training step: before clipping, after clipping, the threshold, and
     * (optionally) the same run without clipping, as {@code log10}.
     *
     * @param unclippedNorms norms of the run without clipping, or null
     */
    public static XYChart clipping(String title, double[] steps, double[] before, double[] after, double threshold,
            double[] unclippedSteps, double[] unclippedNorms) {
        List<Curve> curves = new ArrayList<>();
        curves.add(new Curve("norm before clipping", steps, before));
        curves.add(new Curve("norm after clipping", steps, after));
        if (unclippedNorms != null) {
            curves.add(new Curve("norm, run without clipping", unclippedSteps, unclippedNorms));
        }
        XYChart chart = logCurves(title, "training step", "global L2 gradient norm", curves);
        if (steps.length > 0 && threshold > 0 && Double.isFinite(threshold)) {
            double level = Math.log10(threshold);
            XYSeries t = chart.addSeries("clip threshold", new double[] {steps[0], steps[steps.length - 1]},
                    new double[] {level, level});
            t.setMarker(SeriesMarkers.NONE);
            t.setLineColor(Color.BLACK);
            t.setLineStyle(SeriesLines.DASH_DASH);
        }
        return chart;
    }

    /**
     * Learning curves of several models ({@code log10} of a loss against the training step) with a
     * horizontal baseline.
     */
    public static XYChart learningCurves(String title, String yTitle, List<Curve> curves, double baseline,
            String baselineName) {
        XYChart chart = logCurves(title, "training step", yTitle, curves);
        double last = 1;
        for (Curve c : curves) {
            if (c.x().length > 0) {
                last = Math.max(last, c.x()[c.x().length - 1]);
            }
        }
        double level = Math.log10(baseline);
        XYSeries b = chart.addSeries(baselineName, new double[] {0, last}, new double[] {level, level});
        b.setMarker(SeriesMarkers.NONE);
        b.setLineColor(Color.BLACK);
        b.setLineStyle(SeriesLines.DASH_DASH);
        return chart;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v} (and at least 1). */
    static double roundStep(double v) {
        if (!(v > 1)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * power >= v) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** The points with a positive finite {@code y}, as {@code (x, log10 y)}. */
    private static double[][] positive(double[] x, double[] y) {
        int n = 0;
        for (double v : y) {
            if (v > 0 && Double.isFinite(v)) {
                n++;
            }
        }
        double[] px = new double[n];
        double[] py = new double[n];
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 0 && Double.isFinite(y[i])) {
                px[k] = x[i];
                py[k] = Math.log10(y[i]);
                k++;
            }
        }
        return new double[][] {px, py};
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setXAxisMaxLabelCount(12);
        return chart;
    }
}
