package org.rnn4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Central-difference gradient checks: {@code (L(x+ε) - L(x-ε)) / 2ε} against the analytic gradient,
 * with the loss summed in double by the caller. The forward passes run in float32, so ε is kept
 * large enough (1e-2 by default) that float32 rounding of the loss does not dominate, and the
 * tolerance below covers both that rounding and the O(ε²) truncation error. A wrong gate order,
 * a missing term or a sign error gives errors of order 1 and fails by a wide margin.
 */
public final class GradCheck {

    /** Allowed |numeric - analytic| = ABS + REL·max(|numeric|, |analytic|). */
    public static final double ABS = 2e-3;
    public static final double REL = 1e-2;
    public static final double EPS = 1e-2;

    private GradCheck() {
    }

    /**
     * Checks up to {@code maxElements} randomly chosen elements of {@code x} (all if fewer).
     *
     * @param what      a name for messages
     * @param x         the values perturbed in place (restored afterwards)
     * @param analytic  dL/dx as computed by the backward pass (read before this call changes anything)
     * @param loss      runs the forward pass and returns the scalar loss, summed in double
     */
    public static void check(String what, float[] x, float[] analytic, DoubleSupplier loss, int maxElements,
            long seed) {
        check(what, x, analytic, loss, maxElements, seed, EPS);
    }

    /**
     * As above with another step. Piecewise-linear functions (ReLU) need a small step so that the
     * two evaluations rarely straddle a kink, where no derivative exists to compare with.
     */
    public static void check(String what, float[] x, float[] analytic, DoubleSupplier loss, int maxElements, long seed,
            double eps) {
        final double EPS = eps;
        float[] expected = analytic.clone();
        Random rnd = new Random(seed);
        int n = x.length;
        int count = Math.min(n, maxElements);
        for (int c = 0; c < count; c++) {
            int i = n <= maxElements ? c : rnd.nextInt(n);
            double numeric = centralDifference(x, i, EPS, loss);
            double a = expected[i];
            double allowed = ABS + REL * Math.max(Math.abs(numeric), Math.abs(a));
            if (!(Math.abs(numeric - a) <= allowed)) {
                fail(what + "[" + i + "]: analytic " + a + " vs numeric " + numeric + " (allowed error " + allowed
                        + ")");
            }
        }
        loss.getAsDouble();
    }

    /**
     * {@code (f(x+ε) - f(x-ε)) / step} in element {@code i} of {@code x}, which is restored; the step
     * is the distance between the two float32 values actually evaluated, not {@code 2ε}.
     */
    public static double centralDifference(float[] x, int i, double eps, DoubleSupplier f) {
        float keep = x[i];
        x[i] = (float) (keep + eps);
        double plus = f.getAsDouble();
        x[i] = (float) (keep - eps);
        double minus = f.getAsDouble();
        x[i] = keep;
        return (plus - minus) / ((double) (float) (keep + eps) - (double) (float) (keep - eps));
    }

    /** Checks a parameter's gradient (its {@code grad()}, read now), marking every perturbation as a change. */
    public static void check(String what, org.rnn4j.nn.Parameter p, DoubleSupplier loss, int maxElements, long seed,
            double eps) {
        DoubleSupplier marked = () -> {
            p.markChanged();
            return loss.getAsDouble();
        };
        check(what, p.value(), p.grad().clone(), marked, maxElements, seed, eps);
        p.markChanged();
    }

    public static void check(String what, org.rnn4j.nn.Parameter p, DoubleSupplier loss, int maxElements, long seed) {
        check(what, p, loss, maxElements, seed, EPS);
    }

    /** Fills with uniform values in [-scale, scale). */
    public static float[] random(Random rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    /** Σ a[i]·w[i] in double. */
    public static double dot(float[] a, float[] w, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[i] * w[i];
        }
        return s;
    }
}
