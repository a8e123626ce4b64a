package org.rnn4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import org.rnn4j.forecast.AutoForecastModel;
import org.rnn4j.forecast.ForecastModel;
import org.rnn4j.forecast.Intervals;
import org.rnn4j.forecast.Series;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.KernelProvider;

/** One partition's forecaster of one series at a time, whichever kind of forecasting model it is. */
interface SeriesForecaster {

    /**
     * @param history [n][K] the series in time order, targets in the model's order
     * @return [horizon][K + 2L] the forecast of each target, then each level's lower and upper bound (none
     *         for a network forecaster)
     */
    double[][] forecast(String id, double[][] history, int horizon);

    /** What is broadcast: enough to build a partition's forecaster. */
    interface Source extends Serializable {
        SeriesForecaster forecaster();
    }

    /** A network forecaster ({@link ForecastModel}): its network and transform. */
    record NetworkSource(BroadcastModel model) implements Source {
        private static final long serialVersionUID = 1L;

        @Override
        public SeriesForecaster forecaster() {
            ForecastModel m = ForecastModel.fromContents(model.contents(), "the broadcast model");
            return (id, history, horizon) -> m.forecast(history, horizon);
        }
    }

    /** An automatic forecaster ({@link AutoForecastModel}): its whole directory, members included. */
    record AutoSource(DirectoryBytes directory, int season) implements Source {
        private static final long serialVersionUID = 1L;

        @Override
        public SeriesForecaster forecaster() {
            AutoForecastModel m = directory.load(dir -> {
                try {
                    return AutoForecastModel.load(dir, ModelDirectory.load(dir, KernelProvider.get()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return (id, history, horizon) -> {
                double[] values = new double[history.length];
                for (int t = 0; t < values.length; t++) {
                    values[t] = history[t][0];
                }
                Intervals.Bands b = m.forecast(List.of(Series.of(id, values, season)), horizon).get(0);
                int levels = b.lower().length;
                double[][] out = new double[horizon][1 + 2 * levels];
                for (int h = 0; h < horizon; h++) {
                    out[h][0] = b.point()[h];
                    for (int l = 0; l < levels; l++) {
                        out[h][1 + 2 * l] = b.lower()[l][h];
                        out[h][2 + 2 * l] = b.upper()[l][h];
                    }
                }
                return out;
            };
        }
    }
}
