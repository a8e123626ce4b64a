package org.rnn4j.cli.report;

import java.util.Locale;

/**
 * How the command line writes numbers for people: progress lines, result tables, reports. One place,
 * so that a quantity reads the same wherever it is shown. Machine-readable output (the {@code --json}
 * line, CSV) writes full precision instead.
 */
public final class Numbers {

    private Numbers() {
    }

    /** A duration as {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    public static String clock(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A throughput: {@code 980}, {@code 25.6k} from 10,000 on, {@code -} when not finite. */
    public static String rate(double perSecond) {
        if (!Double.isFinite(perSecond)) {
            return "-";
        }
        if (perSecond >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1000);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    /** A setting as it would be typed: {@code 3}, {@code 0.02}, {@code 1.00000e-05}; six significant digits at most. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A norm spanning many decades: {@code 1.23e-04}, {@code 0}, or {@code Infinity} / {@code NaN} as such. */
    public static String sci(double v) {
        if (v == 0) {
            return "0";
        }
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : Double.toString(v);
    }

    /** A mean squared error: four decimals, or three significant digits below 0.001 (a solved task reaches 1e-5). */
    public static String mse(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, v < 1e-3 ? "%.2e" : "%.4f", v);
    }

    /** A result in a table: five significant digits. */
    public static String significant(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
