package org.rnn4j.forecast;

/**
 * Point-forecast errors over a horizon (Hyndman and Koehler 2006, "Another look at measures of forecast
 * accuracy"). With actual values {@code y_h}, forecasts {@code f_h}, {@code h = 1..H}:
 * <pre>
 *   rmse  = sqrt(mean((y_h − f_h)²))
 *   mae   = mean(|y_h − f_h|)
 *   mase  = mae / scale,  scale = mean_{t=m..n−1} |x_t − x_{t−m}|  over the n training values x,
 *           m = season (or 1 without a season): the in-sample MAE of the seasonal-naive forecast
 *   smape = mean(200 · |y_h − f_h| / (|y_h| + |f_h|))   in percent, a term with y_h = f_h = 0 counting 0
 * </pre>
 * MASE below 1 means the forecast errs less, on average, than the one-season-back forecast did
 * within the training data. It is NaN when the scale is 0 or undefined (a constant or too short
 * training series).
 */
public record ForecastMetrics(double rmse, double mae, double mase, double smape) {

    /** The errors of {@code forecast} against {@code actual}, MASE scaled by {@code scale}. */
    public static ForecastMetrics of(double[] actual, double[] forecast, double scale) {
        if (actual.length != forecast.length || actual.length == 0) {
            throw new IllegalArgumentException("need as many forecasts as actual values (at least one), got "
                    + forecast.length + " and " + actual.length);
        }
        double se = 0;
        double ae = 0;
        double sm = 0;
        for (int h = 0; h < actual.length; h++) {
            double e = actual[h] - forecast[h];
            se += e * e;
            ae += Math.abs(e);
            double denominator = Math.abs(actual[h]) + Math.abs(forecast[h]);
            sm += denominator == 0 ? 0 : 200 * Math.abs(e) / denominator;
        }
        int n = actual.length;
        double mae = ae / n;
        return new ForecastMetrics(Math.sqrt(se / n), mae, scale > 0 ? mae / scale : Double.NaN, sm / n);
    }

    /**
     * The MASE scale of a training series: the mean absolute difference at lag {@code season} (or 1 when
     * {@code season} is 0); NaN when the series has no more than that many values.
     */
    public static double scale(double[] train, int season) {
        int m = season > 0 ? season : 1;
        if (train.length <= m) {
            return Double.NaN;
        }
        double s = 0;
        for (int t = m; t < train.length; t++) {
            s += Math.abs(train[t] - train[t - m]);
        }
        return s / (train.length - m);
    }

    /** The mean of each measure over several targets (a target's NaN MASE makes the mean NaN). */
    public static ForecastMetrics mean(java.util.List<ForecastMetrics> each) {
        double r = 0;
        double a = 0;
        double m = 0;
        double s = 0;
        for (ForecastMetrics x : each) {
            r += x.rmse;
            a += x.mae;
            m += x.mase;
            s += x.smape;
        }
        int n = each.size();
        return new ForecastMetrics(r / n, a / n, m / n, s / n);
    }
}
