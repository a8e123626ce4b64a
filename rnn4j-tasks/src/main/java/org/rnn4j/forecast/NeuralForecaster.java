package org.rnn4j.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnn4j.InvalidInputException;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.TaskTraining;
import org.rnn4j.train.Batch;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.DataCursor;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.Trainer;
import org.rnn4j.util.Rng;

/**
 * A recurrent network that forecasts all {@code H} steps at once (many-to-one, {@code H} outputs) from
 * windows normalized per series by exponential smoothing ({@link SeriesScaling}, after Smyl's ES-RNN),
 * trained on the windows of every series it is given: one global model for a panel, forecasting each
 * series on its own scale. Known-future covariates are read as further input columns; with covariates
 * the window runs on for {@code H} future steps whose value column is 0, a flag column 1 and the
 * covariate columns their known future values, so that the network sees what will be true when it
 * forecasts.
 *
 * <p>Several networks with different seeds are trained and their outputs averaged (an ensemble, as in
 * ES-RNN), which steadies a model learned from a few hundred windows. The head starts at zero, so an
 * untrained network forecasts the smoothed level with its season.
 *
 * <p>Legend: {@code W} window, {@code H} horizon, {@code F} input features per step ({@code 1}, or
 * {@code 2 + C} with {@code C} covariates), {@code T} steps read ({@code W}, or {@code W + H}).
 */
public final class NeuralForecaster implements ForecastMethod {

    /**
     * @param cell              the recurrent cell
     * @param hiddenSize        units of its one layer
     * @param window            W, or 0 = {@code max(2m, H, 8)} with season {@code m}
     * @param steps             optimizer steps per network
     * @param batchSize         windows per step
     * @param learningRate      Adam's peak rate (warm-up and cosine decay)
     * @param ensemble          networks averaged
     * @param seed              the first network's seed; network {@code e} uses {@code seed + e}
     * @param timeBudgetSeconds training time of all networks together, 0 = no limit (the steps are)
     */
    public record Settings(CellType cell, int hiddenSize, int window, int steps, int batchSize, double learningRate,
            int ensemble, long seed, double timeBudgetSeconds) {

        public Settings {
            if (hiddenSize < 1 || window < 0 || steps < 0 || batchSize < 1 || ensemble < 1
                    || !(learningRate > 0) || !(timeBudgetSeconds >= 0)) {
                throw new IllegalArgumentException("invalid neural forecaster settings: hidden " + hiddenSize
                        + ", window " + window + ", steps " + steps + ", batch " + batchSize + ", ensemble " + ensemble
                        + ", learning rate " + learningRate + ", time budget " + timeBudgetSeconds);
            }
        }

        /**
         * A GRU of 32 units, 300 steps of 32 windows at 3e-3, an ensemble of 3, seed 1, no time limit
         * (more steps fitted the backtests of the benchmark's short series worse, fewer no better).
         */
        public static Settings defaults() {
            return new Settings(CellType.GRU, 32, 0, 300, 32, 3e-3, 3, 1, 0);
        }

        public Settings withSteps(int value) {
            return new Settings(cell, hiddenSize, window, value, batchSize, learningRate, ensemble, seed,
                    timeBudgetSeconds);
        }

        public Settings withEnsemble(int value) {
            return new Settings(cell, hiddenSize, window, steps, batchSize, learningRate, value, seed,
                    timeBudgetSeconds);
        }

        public Settings withSeed(long value) {
            return new Settings(cell, hiddenSize, window, steps, batchSize, learningRate, ensemble, value,
                    timeBudgetSeconds);
        }

        public Settings withTimeBudget(double seconds) {
            return new Settings(cell, hiddenSize, window, steps, batchSize, learningRate, ensemble, seed, seconds);
        }

        public Settings withHiddenSize(int value) {
            return new Settings(cell, value, window, steps, batchSize, learningRate, ensemble, seed,
                    timeBudgetSeconds);
        }

        public Settings withCell(CellType value) {
            return new Settings(value, hiddenSize, window, steps, batchSize, learningRate, ensemble, seed,
                    timeBudgetSeconds);
        }

        public Settings withBatchSize(int value) {
            return new Settings(cell, hiddenSize, window, steps, value, learningRate, ensemble, seed,
                    timeBudgetSeconds);
        }

        public Settings withLearningRate(double value) {
            return new Settings(cell, hiddenSize, window, steps, batchSize, value, ensemble, seed,
                    timeBudgetSeconds);
        }

        public Settings withWindow(int value) {
            return new Settings(cell, hiddenSize, value, steps, batchSize, learningRate, ensemble, seed,
                    timeBudgetSeconds);
        }
    }

    /**
     * Where the gradient of a batch of training windows is computed: on this machine (none given), or by
     * workers that each hold some of the series, for a data-parallel fit.
     */
    public interface GradientEngine {
        /**
         * Opens the windows of one fit's training series (the ensemble's networks all train on them).
         *
         * @param series the fit's training series, in the order the picks index them
         */
        Session open(List<Series> series, int window, int horizon, int covariates);

        /** The windows of one fit; closed when its networks are trained. */
        interface Session extends AutoCloseable {
            /**
             * The mean loss of the windows ending at value {@code ends[b]} of series {@code series[b]} under
             * {@code net}'s current weights, with its gradient in {@code net}'s parameters' gradients.
             *
             * @param step the optimizer step about to be taken, from 1
             */
            double gradient(SequenceModel net, int[] series, int[] ends, int step);

            @Override
            void close();
        }
    }

    private final Settings settings;
    private final String name;
    private final GradientEngine engine;
    private double lastTrainingSeconds;
    private int lastSteps;
    private Fitted lastFitted;

    public NeuralForecaster(Settings settings) {
        this(settings, "rnn");
    }

    public NeuralForecaster(Settings settings, String name) {
        this(settings, name, null);
    }

    private NeuralForecaster(Settings settings, String name, GradientEngine engine) {
        this.settings = settings;
        this.name = name;
        this.engine = engine;
    }

    /** This forecaster with its networks' gradients computed by {@code engine} (null: on this machine). */
    public NeuralForecaster withEngine(GradientEngine engine) {
        return new NeuralForecaster(settings, name, engine);
    }

    @Override
    public String name() {
        return name;
    }

    public Settings settings() {
        return settings;
    }

    /** Seconds the last {@link #forecast} or {@link #forecastFrom} spent training. */
    public double lastTrainingSeconds() {
        return lastTrainingSeconds;
    }

    /** Optimizer steps of the last training, summed over the ensemble. */
    public int lastSteps() {
        return lastSteps;
    }

    @Override
    public double[][] forecast(List<Series> series, int horizon) {
        return ForecastMethod.fromEnds(this, series, horizon);
    }

    /**
     * Splits each series' origins into {@link #BACKTEST_BLOCKS} consecutive blocks and learns one model
     * per block from each series' values before the block's first origin, so that the networks of
     * the later origins have learned from nearly as much data as the final one will.
     */
    @Override
    public double[][][] forecastFrom(List<Series> series, int[][] origins, int horizon) {
        int blocks = 1;
        for (int s = 0; s < series.size(); s++) {
            Series x = series.get(s);
            int last = 0;
            for (int k = 0; k < origins[s].length; k++) {
                last = Math.max(last, origins[s][k]);
                if (k > 0 && origins[s][k] < origins[s][k - 1]) {
                    throw new IllegalArgumentException("origins must increase, got " + java.util.Arrays.toString(
                            origins[s]));
                }
            }
            if (last + horizon > x.length()) {
                x.requireFuture(last + horizon - x.length());
            }
            blocks = Math.max(blocks, Math.min(BACKTEST_BLOCKS, origins[s].length));
        }
        double[][][] out = new double[series.size()][][];
        for (int s = 0; s < series.size(); s++) {
            out[s] = new double[origins[s].length][];
        }
        double seconds = 0;
        int steps = 0;
        for (int g = 0; g < blocks; g++) {
            List<Series> train = new ArrayList<>();
            List<Series> full = new ArrayList<>();
            List<int[]> at = new ArrayList<>();
            List<int[]> index = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                int k = origins[s].length;
                List<Integer> mine = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    if ((long) i * blocks / k == g) {
                        mine.add(i);
                    }
                }
                if (mine.isEmpty()) {
                    continue;
                }
                int[] o = new int[mine.size()];
                int[] idx = new int[mine.size()];
                for (int i = 0; i < o.length; i++) {
                    idx[i] = mine.get(i);
                    o[i] = origins[s][idx[i]];
                }
                train.add(series.get(s).head(o[0]));
                full.add(series.get(s));
                at.add(o);
                index.add(concat(s, idx));
            }
            if (train.isEmpty()) {
                continue;
            }
            Fitted model = fit(train, horizon, settings.timeBudgetSeconds() / blocks);
            seconds += lastTrainingSeconds;
            steps += lastSteps;
            double[][][] f = model.forecastFrom(full, at.toArray(new int[0][]));
            for (int i = 0; i < full.size(); i++) {
                int[] ix = index.get(i);
                for (int j = 0; j < f[i].length; j++) {
                    out[ix[0]][ix[j + 1]] = f[i][j];
                }
            }
        }
        lastTrainingSeconds = seconds;
        lastSteps = steps;
        return out;
    }

    /** Networks trained per block of backtest origins. */
    static final int BACKTEST_BLOCKS = 4;

    private static int[] concat(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** The networks of the last {@link #forecast} (trained on all the values given), or null. */
    Fitted lastFitted() {
        return lastFitted;
    }

    /** The trained networks with the scalings of the series they learned from. */
    static final class Fitted {
        final List<SequenceModel> networks;
        final List<SeriesScaling> scalings;
        final int window;
        final int horizon;
        final int covariates;

        Fitted(List<SequenceModel> networks, List<SeriesScaling> scalings, int window, int horizon, int covariates) {
            this.networks = networks;
            this.scalings = scalings;
            this.window = window;
            this.horizon = horizon;
            this.covariates = covariates;
        }

        /** The same networks with each series' scaling fitted on {@code series} (a saved model on new data). */
        Fitted rescaled(List<Series> series) {
            List<SeriesScaling> fresh = new ArrayList<>();
            for (Series x : series) {
                fresh.add(SeriesScaling.fit(x));
            }
            return new Fitted(networks, fresh, window, horizon, covariates);
        }

        /** [S][K][H] from the given origins; series {@code s} is scaled as the training series {@code s}. */
        double[][][] forecastFrom(List<Series> series, int[][] origins) {
            int total = 0;
            for (int[] o : origins) {
                total += o.length;
            }
            Windows w = new Windows(series, scalings, window, horizon, covariates);
            int steps = w.steps();
            int f = w.features();
            float[] x = new float[steps * total * f];
            double[] level = new double[total];
            int b = 0;
            for (int s = 0; s < series.size(); s++) {
                for (int o : origins[s]) {
                    level[b] = w.fill(s, o - 1, x, b, total, null);
                    b++;
                }
            }
            double[] sum = new double[total * horizon];
            for (SequenceModel net : networks) {
                net.inferenceOnly();
                float[] out = net.forwardDense(x, steps, total, null, null);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += out[i];
                }
            }
            double[][][] result = new double[series.size()][][];
            b = 0;
            for (int s = 0; s < series.size(); s++) {
                result[s] = new double[origins[s].length][horizon];
                for (int k = 0; k < origins[s].length; k++) {
                    int o = origins[s][k];
                    for (int h = 0; h < horizon; h++) {
                        double mean = sum[b * horizon + h] / networks.size();
                        result[s][k][h] = scalings.get(s).value(mean, level[b], o + h);
                    }
                    b++;
                }
            }
            return result;
        }
    }

    /** Fits the scalings and trains the ensemble on every window of {@code train} within {@code budget} seconds (0 = none). */
    Fitted fit(List<Series> train, int horizon, double budget) {
        int covariates = train.get(0).covariateCount();
        int maxSeason = 1;
        for (Series x : train) {
            if (x.covariateCount() != covariates) {
                throw new InvalidInputException("every series of a panel needs the same covariates; '" + x.id()
                        + "' has " + x.covariateNames() + ", '" + train.get(0).id() + "' "
                        + train.get(0).covariateNames());
            }
            maxSeason = Math.max(maxSeason, x.season());
        }
        int window = settings.window() > 0 ? settings.window() : Math.max(Math.max(2 * maxSeason, horizon), 8);
        List<SeriesScaling> scalings = new ArrayList<>();
        for (Series x : train) {
            scalings.add(SeriesScaling.fit(x));
        }
        Windows windows = new Windows(train, scalings, window, horizon, covariates);
        List<SequenceModel> networks = new ArrayList<>();
        long started = System.nanoTime();
        lastSteps = 0;
        try (GradientEngine.Session session = engine == null || windows.count() == 0 || settings.steps() == 0
                ? null
                : engine.open(train, window, horizon, covariates)) {
            for (int e = 0; e < settings.ensemble(); e++) {
                networks.add(train(windows, session, settings.seed() + e, started, e, budget));
            }
        }
        lastTrainingSeconds = (System.nanoTime() - started) / 1e9;
        lastFitted = new Fitted(networks, scalings, window, horizon, covariates);
        return lastFitted;
    }

    private SequenceModel train(Windows windows, GradientEngine.Session session, long seed, long started, int member,
            double budget) {
        HyperParameters hp = HyperParameters.builder(settings.cell(), OptimizerSpec.adam(settings.learningRate()))
                .hiddenSize(settings.hiddenSize()).layers(1).batchSize(settings.batchSize()).clip(ClipConfig.norm(1))
                .maxSteps(Math.max(1, settings.steps())).seed(seed).build();
        TaskTraining.Streams streams = TaskTraining.streams(seed);
        SequenceModel net = TaskTraining.newModel(hp, 0, windows.features(), windows.horizon, OutputMode.LAST_STEP,
                streams.init());
        // a zero head forecasts the smoothed level: training starts from exponential smoothing
        for (Parameter p : net.decoder().parameters()) {
            p.set(new float[p.size()]);
        }
        if (windows.count() == 0 || settings.steps() == 0) {
            return net;
        }
        LearningRateSchedule schedule = TaskTraining.schedule(hp);
        Trainer trainer = new Trainer(net, hp.optimizer().create(net.parameters()), schedule, hp.clip(), LossKind.MSE,
                streams.dropout());
        Windows.Draws source = windows.batches(settings.batchSize(), streams.data());
        // member e stops when e + 1 shares of the budget are spent
        for (int step = 0; step < settings.steps(); step++) {
            if (budget > 0) {
                double spent = (System.nanoTime() - started) / 1e9;
                double share = budget * (member + 1) / settings.ensemble();
                if (spent > share) {
                    break;
                }
            }
            if (session == null) {
                trainer.step(source.next());
            } else {
                int[][] picks = source.nextPicks();
                double loss = session.gradient(net, picks[0], picks[1], step + 1);
                trainer.applyGradient(loss, picks[0].length);
            }
            lastSteps++;
        }
        return net;
    }

    /** The windows of a set of series, with their scalings. */
    public static final class Windows {
        private final List<Series> series;
        private final List<SeriesScaling> scalings;
        private final int window;
        final int horizon;
        private final int covariates;
        private final List<double[]> deseasonalized = new ArrayList<>();
        private final int[] firstAnchor;   // [S]
        private final int[] anchors;       // [S] training windows per series
        private final long count;

        Windows(List<Series> series, List<SeriesScaling> scalings, int window, int horizon, int covariates) {
            this.series = series;
            this.scalings = scalings;
            this.window = window;
            this.horizon = horizon;
            this.covariates = covariates;
            this.firstAnchor = new int[series.size()];
            this.anchors = new int[series.size()];
            long c = 0;
            for (int s = 0; s < series.size(); s++) {
                Series x = series.get(s);
                deseasonalized.add(scalings.get(s).deseasonalized(x.values(), x.length()));
                // a window may start before the series (read as zeros) once a few values are known
                firstAnchor[s] = Math.min(window - 1, Math.max(2, x.season()) - 1);
                anchors[s] = Math.max(0, x.length() - horizon - firstAnchor[s]);
                c += anchors[s];
            }
            this.count = c;
        }

        /**
         * The windows of {@code series} as a fit of a window {@code window} and horizon {@code horizon}
         * reads them, each series scaled by its own {@link SeriesScaling#fit}: what a worker holding some of
         * a fit's series builds its share of a batch from.
         */
        public static Windows of(List<Series> series, int window, int horizon, int covariates) {
            List<SeriesScaling> scalings = new ArrayList<>();
            for (Series x : series) {
                scalings.add(SeriesScaling.fit(x));
            }
            return new Windows(series, scalings, window, horizon, covariates);
        }

        long count() {
            return count;
        }

        int steps() {
            return covariates > 0 ? window + horizon : window;
        }

        int features() {
            return covariates > 0 ? 2 + covariates : 1;
        }

        /**
         * Writes the window ending at value {@code t} of series {@code s} into column {@code b} of the
         * time-major {@code x} [T, B, F] and, when {@code y} is given, its targets into {@code y[b·H..]};
         * returns the level {@code l_t}.
         */
        double fill(int s, int t, float[] x, int b, int batch, float[] y) {
            Series ser = series.get(s);
            SeriesScaling sc = scalings.get(s);
            double[] d = deseasonalized.get(s);   // pointwise in y: reading d_i for i <= t uses nothing after t
            double level = sc.level(d, t + 1);
            double sigma = sc.sigma();
            int f = features();
            for (int i = 0; i < window; i++) {
                int idx = t - window + 1 + i;
                int at = (i * batch + b) * f;
                x[at] = idx < 0 ? 0f : clamp((d[idx] - level) / sigma);
                if (covariates > 0) {
                    x[at + 1] = 0f;
                    for (int j = 0; j < covariates; j++) {
                        x[at + 2 + j] = idx < 0 ? 0f : (float) sc.covariate(ser.covariates()[idx][j], j);
                    }
                }
            }
            if (covariates > 0) {
                for (int h = 0; h < horizon; h++) {
                    int at = ((window + h) * batch + b) * f;
                    int idx = t + 1 + h;
                    x[at] = 0f;
                    x[at + 1] = 1f;
                    for (int j = 0; j < covariates; j++) {
                        x[at + 2 + j] = (float) sc.covariate(ser.covariates()[idx][j], j);
                    }
                }
            }
            if (y != null) {
                for (int h = 0; h < horizon; h++) {
                    y[b * horizon + h] = clamp((d[t + 1 + h] - level) / sigma);
                }
            }
            return level;
        }

        private static float clamp(double v) {
            return (float) Math.max(-20, Math.min(20, v));
        }

        /** Uniformly drawn training windows. */
        Draws batches(int batch, Rng rng) {
            return new Draws(batch, rng);
        }

        /** The windows {@code ends[b]} of series {@code series[b]} as one batch of inputs and targets. */
        public Batch batch(int[] series, int[] ends) {
            int batch = series.length;
            float[] x = new float[steps() * batch * features()];
            float[] y = new float[batch * horizon];
            for (int b = 0; b < batch; b++) {
                fill(series[b], ends[b], x, b, batch, y);
            }
            return Batch.features(steps(), batch, x).valueTargets(y);
        }

        /** Batches of windows drawn uniformly from all of them; the picks alone for a data-parallel step. */
        final class Draws implements BatchSource {
            private final int batch;
            private final Rng rng;
            private final long[] cumulative = new long[series.size()];
            private final float[] x;
            private final float[] y;
            private long drawn;

            Draws(int batch, Rng rng) {
                this.batch = batch;
                this.rng = rng;
                long c = 0;
                for (int s = 0; s < series.size(); s++) {
                    c += anchors[s];
                    cumulative[s] = c;
                }
                x = new float[steps() * batch * features()];
                y = new float[batch * horizon];
            }

            /** {series[B], ends[B]}: the next batch's windows, each series and the value it ends at. */
            int[][] nextPicks() {
                int[] s = new int[batch];
                int[] t = new int[batch];
                for (int b = 0; b < batch; b++) {
                    long pick = (long) (rng.nextDouble() * count);
                    int at = 0;
                    while (cumulative[at] <= pick) {
                        at++;
                    }
                    long within = pick - (at == 0 ? 0 : cumulative[at - 1]);
                    s[b] = at;
                    t[b] = firstAnchor[at] + (int) within;
                }
                drawn++;
                return new int[][] {s, t};
            }

            @Override
            public Batch next() {
                int[][] picks = nextPicks();
                for (int b = 0; b < batch; b++) {
                    fill(picks[0][b], picks[1][b], x, b, batch, y);
                }
                return Batch.features(steps(), batch, x).valueTargets(y);
            }

            @Override
            public long epoch() {
                return drawn * batch / Math.max(1, count);
            }

            @Override
            public Map<String, Long> cursor() {
                return DataCursor.of("drawn", drawn, "rng", rng.state());
            }

            @Override
            public void restore(Map<String, Long> cursor) {
                DataCursor.Reader r = DataCursor.read(cursor, "is not a forecast-window cursor (keys drawn, rng)");
                long d = r.count("drawn");
                rng.setState(r.value("rng"));
                drawn = d;
            }
        }
    }
}
