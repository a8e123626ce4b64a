package org.rnn4j.forecast;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A way of forecasting: from each series' history, its next {@code H} values. A local method treats
 * each series on its own; a global one ({@link NeuralForecaster}) learns from all the series it is
 * given together and still forecasts each on its own scale.
 *
 * <p>Legend: {@code S} series, {@code K} origins, {@code H} horizon.
 */
public interface ForecastMethod {

    /** A short name for tables ({@code ets}, {@code theta}, {@code rnn}). */
    String name();

    /** [S][H]: the next {@code horizon} values of each series, learned from the series as given. */
    double[][] forecast(List<Series> series, int horizon);

    /**
     * [S][K][H]: forecasts from several origins, {@code origins[s][k]} values of series {@code s} being
     * the history. Nothing after an origin may be used for the forecast from it. The default refits at
     * every origin; a global learned model instead learns once from the history before the earliest
     * origin of each series and forecasts from every origin with that one model.
     */
    default double[][][] forecastFrom(List<Series> series, int[][] origins, int horizon) {
        double[][][] out = new double[series.size()][][];
        for (int s = 0; s < series.size(); s++) {
            out[s] = new double[origins[s].length][];
            for (int k = 0; k < origins[s].length; k++) {
                out[s][k] = forecast(List.of(series.get(s).head(origins[s][k])), horizon)[0];
            }
        }
        return out;
    }

    /** {@code m}'s forecasts from one origin, each series' end: {@link #forecast} of a method that implements {@link #forecastFrom}. */
    static double[][] fromEnds(ForecastMethod m, List<Series> series, int horizon) {
        int[][] origins = new int[series.size()][];
        for (int s = 0; s < series.size(); s++) {
            origins[s] = new int[] {series.get(s).length()};
        }
        double[][][] f = m.forecastFrom(series, origins, horizon);
        double[][] out = new double[series.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = f[s][0];
        }
        return out;
    }

    /** A method that forecasts each series on its own with {@code f(series, horizon)}. */
    static ForecastMethod local(String name, BiFunction<Series, Integer, double[]> f) {
        return new ForecastMethod() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double[][] forecast(List<Series> series, int horizon) {
                double[][] out = new double[series.size()][];
                for (int s = 0; s < series.size(); s++) {
                    out[s] = f.apply(series.get(s), horizon);
                }
                return out;
            }
        };
    }

    /** Repeats the last value. */
    static ForecastMethod naive() {
        return local("naive", (s, h) -> Baselines.naive(s.values(), h));
    }

    /** Repeats the value one season before (the naive forecast without a season). */
    static ForecastMethod seasonalNaive() {
        return local("snaive", (s, h) -> Baselines.seasonalNaive(s.values(), s.season(), h));
    }

    /** The last value plus the mean change so far, per step (random walk with drift). */
    static ForecastMethod drift() {
        return local("drift", (s, h) -> Baselines.drift(s.values(), h));
    }

    /**
     * Automatic exponential smoothing ({@link Ets#auto}); covariates enter as a regression with
     * differenced errors ({@link CovariateAdjustment}).
     */
    static ForecastMethod ets() {
        return local("ets", CovariateAdjustment.around((s, h) -> Ets.auto(s.values(), s.season()).forecast(h)));
    }

    /**
     * Automatic seasonal ARIMA ({@link Arima#auto}); the naive forecast for a series too short for it.
     * Covariates as for {@link #ets()}.
     */
    static ForecastMethod arima() {
        return local("arima", CovariateAdjustment.around((s, h) -> {
            Arima.Fit f = Arima.auto(s.values(), s.season());
            return f == null ? Baselines.naive(s.values(), h) : f.forecast(h);
        }));
    }

    /** The Theta method ({@link Theta}); covariates as for {@link #ets()}. */
    static ForecastMethod theta() {
        return local("theta", CovariateAdjustment.around((s, h) -> Theta.forecast(s.values(), s.season(), h)));
    }
}
