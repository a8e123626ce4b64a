package org.rnn4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.rnn4j.cli.report.GradientFlowCharts.Curve;

/** The charts draw whatever the numbers are: empty, zero, NaN, infinite, growing. */
class GradientFlowChartsTest {

    private static void draws(Chart<?, ?> chart) throws Exception {
        Headless.ensure();
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        assertTrue(png.length > 1000);
    }

    @Test
    void curvesWithNothingPositive() throws Exception {
        draws(GradientFlowCharts.logCurves("t", "lag", "norm", List.of()));
        draws(GradientFlowCharts.logCurves("t", "lag", "norm", List.of(new Curve("zeros", new double[] {0, 1},
                new double[] {0, Double.NaN}))));
        draws(GradientFlowCharts.clipping("t", new double[0], new double[0], new double[0], 1.0, new double[0],
                new double[0]));
    }

    /** Any number of steps, including those where x labels are thinned (XChart cannot draw an empty label). */
    @Test
    void clippingOverAnyNumberOfSteps() throws Exception {
        for (int n : new int[] {1, 2, 3, 7, 20, 40, 41, 45, 60, 99, 100, 333}) {
            double[] steps = new double[n];
            double[] before = new double[n];
            double[] after = new double[n];
            for (int i = 0; i < n; i++) {
                steps[i] = i + 1;
                before[i] = Math.pow(10, i % 7 - 2);
                after[i] = Math.min(1, before[i]);
            }
            draws(GradientFlowCharts.clipping("t", steps, before, after, 1.0, steps, before));
        }
    }

    /** Thinned x labels blank the positions between round ones; XChart's tick search must still end. */
    @Test
    void curvesOverAnyNumberOfPointsAndAnyXRange() {
        for (int n : new int[] {41, 45, 60, 99, 100, 101, 250, 333, 1000, 2999}) {
            for (double[] offsetAndStep : new double[][] {{0, 1}, {1, 1}, {0, 5}, {3, 7}, {0, 0.5}, {-20, 1}}) {
                double[] x = new double[n];
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = offsetAndStep[0] + offsetAndStep[1] * i;
                    y[i] = Math.pow(10, -i / 50.0);
                }
                assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> draws(GradientFlowCharts.logCurves("t", "lag", "norm",
                                List.of(new Curve("c", x, y, -1, false)))),
                        n + " points from " + x[0] + " by " + offsetAndStep[1]);
            }
        }
    }

    @Test
    void heatMapsOfOddValues() throws Exception {
        double[][] values = {{0, Double.NaN, Double.POSITIVE_INFINITY}, {1e-300, 1, 1e300}};
        draws(GradientFlowCharts.logHeatMap("t", "x", "y", List.of("a", "b"), new int[] {0, 1, 2}, values, true));
        draws(GradientFlowCharts.logHeatMap("t", "x", "y", List.of("a", "b"), new int[] {0, 1, 2}, values, false));
        draws(GradientFlowCharts.logHeatMap("t", "x", "y", List.of("a"), new int[] {0}, new double[][] {{0}}, false));
    }

    @Test
    void roundSteps() {
        assertEquals(1, GradientFlowCharts.roundStep(0.3));
        assertEquals(10, GradientFlowCharts.roundStep(9.9));
        assertEquals(20, GradientFlowCharts.roundStep(12));
        assertEquals(200, GradientFlowCharts.roundStep(200));
        assertEquals(500, GradientFlowCharts.roundStep(201));
    }
}
