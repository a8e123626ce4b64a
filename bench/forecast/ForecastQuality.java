import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.data.CsvTable;
import org.rnn4j.forecast.AutoForecaster;
import org.rnn4j.forecast.Backtest;
import org.rnn4j.forecast.ForecastMetrics;
import org.rnn4j.forecast.Intervals;
import org.rnn4j.forecast.NeuralForecaster;
import org.rnn4j.forecast.PanelData;
import org.rnn4j.forecast.RandomWalk;
import org.rnn4j.forecast.Series;

/**
 * The forecasting quality benchmark's Java side (run by bench/forecast/quality.sh): rnn4j's default
 * forecaster on every series of a directory written by series.R, scored on each series' hold-out (its
 * last h values, never seen by rnn4j) beside R's forecasts from the same file.
 *
 *   java -cp CLASSPATH bench/forecast/ForecastQuality.java DATA_DIR [--budget S] [--steps N] [--hidden N]
 *        [--only a,b] [--group visible|other|fresh] [--dump FILE.csv] [--panel]
 */
public class ForecastQuality {

    record Row(String name, String group, int n, int h, int season, String chosen, Map<String, Double> mase,
            Map<String, Double> backtest, double[] inside, int points, double[] backtestCoverage, double seconds) {
    }

    static final List<String> OURS = List.of("ets", "arima", "theta", "rnn", "comb", "stats", "snaive", "naive",
            "drift");
    static final List<String> R = List.of("snaive", "ets", "auto.arima", "thetaf");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double budget = 60;
        int steps = NeuralForecaster.Settings.defaults().steps();
        List<String> only = null;
        String group = null;
        Path dump = null;
        boolean panel = false;
        int hidden = NeuralForecaster.Settings.defaults().hiddenSize();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--budget" -> budget = Double.parseDouble(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--group" -> group = args[++i];
                case "--dump" -> dump = Path.of(args[++i]);
                case "--panel" -> panel = true;
                case "--hidden" -> hidden = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        NeuralForecaster.Settings ns = NeuralForecaster.Settings.defaults().withSteps(steps).withTimeBudget(budget)
                .withHiddenSize(hidden);
        AutoForecaster.Settings settings = AutoForecaster.Settings.defaults().withNeural(ns);
        List<String[]> manifest = csv(dir.resolve("manifest.csv"));
        Map<String, Map<String, double[]>> rForecasts = rForecasts(dir.resolve("r-forecasts.csv"));
        System.out.printf(Locale.ROOT, "settings: network %s, time budget %.0f s per series (half backtest, half"
                + " final), at most %d steps per network%n", ns, budget, steps);
        if (panel) {
            panel(dir, settings, budget, steps);
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (String[] m : manifest) {
            String name = m[0];
            if (only != null && !only.contains(name) || group != null && !group.equals(m[4])) {
                continue;
            }
            int season = Integer.parseInt(m[2]);
            int h = Integer.parseInt(m[3]);
            double[] all = values(dir.resolve(m[1]));
            double[] train = Arrays.copyOf(all, all.length - h);
            double[] test = Arrays.copyOfRange(all, all.length - h, all.length);
            long t0 = System.nanoTime();
            AutoForecaster.Result r = AutoForecaster.forecast(List.of(Series.of(name, train, season)), h, settings);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double scale = ForecastMetrics.scale(train, season > 1 ? season : 0);
            Map<String, Double> mase = new LinkedHashMap<>();
            mase.put("rnn4j", mase(test, r.point()[0], scale));
            for (String o : OURS) {
                mase.put(o, mase(test, r.members().get(o)[0], scale));
            }
            for (String rm : R) {
                mase.put("R " + rm, mase(test, rForecasts.get(name).get(rm), scale));
            }
            Map<String, Double> bt = new LinkedHashMap<>();
            for (String o : OURS) {
                bt.put(o, r.backtest().mase(o, 0));
            }
            // other rules on the same backtest, for the record (the default's rule is AutoForecaster's)
            mase.put("rule comb+fallback", mase(test, r.members().get(bt.get("snaive") < bt.get("comb") ? "snaive"
                    : "comb")[0], scale));
            double[] weighted = new double[h];
            double wsum = 0;
            for (String member : AutoForecaster.MEMBERS) {
                double w = 1 / bt.get(member);
                wsum += w;
                for (int j = 0; j < h; j++) {
                    weighted[j] += w * r.members().get(member)[0][j];
                }
            }
            for (int j = 0; j < h; j++) {
                weighted[j] /= wsum;
            }
            mase.put("rule inverse-mase", mase(test, weighted, scale));
            String best = "snaive";
            for (String o : List.of("comb", "ets", "arima", "theta", "rnn", "stats")) {
                if (bt.get(o) < bt.get(best)) {
                    best = o;
                }
            }
            mase.put("rule best", mase(test, r.members().get(best)[0], scale));
            Intervals.Bands bands = r.bands().get(0);
            double[] inside = new double[Intervals.LEVELS.length];
            for (int l = 0; l < inside.length; l++) {
                for (int j = 0; j < h; j++) {
                    if (test[j] >= bands.lower()[l][j] && test[j] <= bands.upper()[l][j]) {
                        inside[l]++;
                    }
                }
            }
            // two more combinations, for the record: the median of the four members, and their mean with snaive
            Map<String, double[]> extraFinal = new LinkedHashMap<>();
            Map<String, Double> extraBt = new LinkedHashMap<>();
            for (String kind : List.of("median", "comb5")) {
                java.util.function.Function<double[][], double[]> combine = parts -> {
                    double[] out = new double[parts[0].length];
                    for (int j = 0; j < out.length; j++) {
                        double[] v = new double[parts.length];
                        for (int i = 0; i < parts.length; i++) {
                            v[i] = parts[i][j];
                        }
                        Arrays.sort(v);
                        out[j] = kind.equals("median") ? (v[1] + v[2]) / 2 : Arrays.stream(v).average().orElseThrow();
                    }
                    return out;
                };
                List<String> names = kind.equals("median") ? AutoForecaster.MEMBERS
                        : List.of("ets", "arima", "theta", "rnn", "snaive");
                double[][] fin = names.stream().map(x -> r.members().get(x)[0]).toArray(double[][]::new);
                extraFinal.put(kind, combine.apply(fin));
                double[][] act = r.backtest().actual()[0];
                double sum = 0;
                int cnt = 0;
                for (int k = 0; k < act.length; k++) {
                    final int kk = k;
                    double[] f = combine.apply(names.stream().map(x -> r.backtest().forecasts(x)[0][kk])
                            .toArray(double[][]::new));
                    for (int j = 0; j < act[k].length; j++) {
                        sum += Math.abs(act[k][j] - f[j]) / r.backtest().scale()[0][k];
                        cnt++;
                    }
                }
                extraBt.put(kind, sum / cnt);
            }
            if (dump != null) {
                // one line per series for studying choice rules offline: hold-out and backtest MASE of every
                // candidate, the backtest's shape and the random-walk test
                int[] o = r.backtest().origins()[0];
                RandomWalk walk = RandomWalk.test(Series.of(name, train, season));
                StringBuilder d = new StringBuilder(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%d,%d,%s,%s", name,
                        m[4], train.length, h, season, r.backtest().horizon(), o.length, o.length > 1 ? o[1] - o[0] : 0,
                        walk.randomWalk() ? walk.method() : "", r.choices().get(0).method()));
                for (String c : OURS) {
                    d.append(String.format(Locale.ROOT, ",%.6f,%.6f", mase.get(c), bt.get(c)));
                }
                for (String rm : R) {
                    d.append(String.format(Locale.ROOT, ",%.6f", mase.get("R " + rm)));
                }
                for (String kind : extraBt.keySet()) {
                    d.append(String.format(Locale.ROOT, ",%.6f,%.6f", mase(test, extraFinal.get(kind), scale),
                            extraBt.get(kind)));
                }
                d.append(String.format(Locale.ROOT, ",%.6f%n", mase.get("rnn4j")));
                if (!Files.exists(dump)) {
                    StringBuilder head = new StringBuilder("name,group,n,h,m,bth,origins,step,walk,chosen");
                    for (String c : OURS) {
                        head.append(',').append(c).append(",bt_").append(c);
                    }
                    for (String rm : R) {
                        head.append(",R_").append(rm);
                    }
                    Files.writeString(dump, head.append(",median,bt_median,comb5,bt_comb5,rnn4j\n"));
                }
                Files.writeString(dump, d, java.nio.file.StandardOpenOption.APPEND);
            }
            Row row = new Row(name, m[4], train.length, h, season, r.choices().get(0).method(), mase, bt, inside, h,
                    r.coverage()[0], seconds);
            rows.add(row);
            System.out.printf(Locale.ROOT, "%-16s n=%4d h=%2d %-10s rnn4j %.3f | ets %.3f theta %.3f rnn %.3f comb %.3f"
                    + " snaive %.3f arima %.3f | R ets %.3f arima %.3f thetaf %.3f | bt comb %.3f ets %.3f rnn %.3f"
                    + " snaive %.3f | %.0fs%n", name, train.length, h, row.chosen, mase.get("rnn4j"), mase.get("ets"),
                    mase.get("theta"), mase.get("rnn"), mase.get("comb"), mase.get("snaive"), mase.get("arima"),
                    mase.get("R ets"),
                    mase.get("R auto.arima"), mase.get("R thetaf"), bt.get("comb"), bt.get("ets"), bt.get("rnn"),
                    bt.get("snaive"), seconds);
            System.out.println("    " + r.choices().get(0).reason());
        }
        System.out.println();
        System.out.println(table(rows));
    }

    /**
     * The panel check: the monthly panel trained as one global model against the same series one by one,
     * with the same training per series (the global networks get the steps and time of all the local ones).
     */
    static void panel(Path dir, AutoForecaster.Settings settings, double budget, int steps) throws IOException {
        int h = 18;
        List<Series> all = PanelData.read(CsvTable.read(dir.resolve("panel.csv")), "value", "series", 12, List.of());
        List<Series> train = new ArrayList<>();
        for (Series x : all) {
            train.add(x.head(x.length() - h));
        }
        int n = train.size();
        long t0 = System.nanoTime();
        AutoForecaster.Settings globalSettings = settings.withNeural(
                settings.neural().withSteps(steps * n).withTimeBudget(budget * n));
        AutoForecaster.Result global = AutoForecaster.forecast(train, h, globalSettings);
        double globalSeconds = (System.nanoTime() - t0) / 1e9;
        List<AutoForecaster.Result> local = new ArrayList<>();
        t0 = System.nanoTime();
        double localNeural = 0;
        for (Series x : train) {
            AutoForecaster.Result r = AutoForecaster.forecast(List.of(x), h, settings);
            local.add(r);
            localNeural += r.neuralSeconds();
        }
        double localSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "panel of %d monthly series (last 120 months each), hold-out %d%n", n, h);
        System.out.println("| series | n | rnn global | rnn per-series | rnn4j global | rnn4j per-series | chose (global / per-series) |");
        System.out.println("|---|---|---|---|---|---|---|");
        double[] sum = new double[4];
        for (int s = 0; s < n; s++) {
            double[] y = all.get(s).values();
            double[] test = Arrays.copyOfRange(y, y.length - h, y.length);
            double scale = ForecastMetrics.scale(train.get(s).values(), 12);
            double[] m = {mase(test, global.members().get("rnn")[s], scale),
                mase(test, local.get(s).members().get("rnn")[0], scale), mase(test, global.point()[s], scale),
                mase(test, local.get(s).point()[0], scale)};
            for (int i = 0; i < 4; i++) {
                sum[i] += m[i];
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %s / %s |%n", train.get(s).id(),
                    train.get(s).length(), m[0], m[1], m[2], m[3], global.choices().get(s).method(),
                    local.get(s).choices().get(0).method());
        }
        System.out.printf(Locale.ROOT, "| **mean** | | **%.3f** | **%.3f** | **%.3f** | **%.3f** | |%n", sum[0] / n,
                sum[1] / n, sum[2] / n, sum[3] / n);
        System.out.printf(Locale.ROOT, "network training: global %.1f s, per-series %.1f s in all; wall time global"
                + " %.0f s, per-series %.0f s%n", global.neuralSeconds(), localNeural, globalSeconds, localSeconds);
    }

    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        List<String> cols = new ArrayList<>(List.of("rnn4j", "ets", "arima", "theta", "rnn", "comb", "snaive"));
        for (String r : R) {
            cols.add("R " + r);
        }
        b.append("| series | n | h | m | rnn4j chose |");
        for (String c : cols) {
            b.append(' ').append(c.equals("rnn4j") || c.startsWith("R ") ? c : "rnn4j " + c).append(" |");
        }
        b.append(" 80% in | 95% in | backtest 80% | backtest 95% |\n|---|---|---|---|---|");
        b.append("---|".repeat(cols.size() + 4)).append('\n');
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s |", r.name, r.n, r.h, r.season, r.chosen));
            for (String c : cols) {
                b.append(String.format(Locale.ROOT, " %.3f |", r.mase.get(c)));
            }
            b.append(String.format(Locale.ROOT, " %d/%d | %d/%d | %.0f%% | %.0f%% |%n", (int) r.inside[0], r.points,
                    (int) r.inside[1], r.points, 100 * r.backtestCoverage[0], 100 * r.backtestCoverage[1]));
        }
        for (String group : List.of("visible", "other", "fresh", "all")) {
            List<Row> g = rows.stream().filter(r -> group.equals("all") || r.group.equals(group)).toList();
            if (g.isEmpty()) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "| **mean, %s (%d)** | | | | |", group, g.size()));
            for (String c : cols) {
                b.append(String.format(Locale.ROOT, " **%.3f** |", g.stream().mapToDouble(r -> r.mase.get(c)).average()
                        .orElse(Double.NaN)));
            }
            double in80 = 0;
            double in95 = 0;
            int pts = 0;
            for (Row r : g) {
                in80 += r.inside[0];
                in95 += r.inside[1];
                pts += r.points;
            }
            // the backtest's coverage (leave one origin out), as the summary reports it: the mean over the series
            b.append(String.format(Locale.ROOT, " %.1f%% | %.1f%% | %.1f%% | %.1f%% |%n", 100 * in80 / pts,
                    100 * in95 / pts, 100 * g.stream().mapToDouble(r -> r.backtestCoverage[0]).average().orElse(0),
                    100 * g.stream().mapToDouble(r -> r.backtestCoverage[1]).average().orElse(0)));
        }
        int worse = 0;
        StringBuilder which = new StringBuilder();
        for (Row r : rows) {
            if (r.mase.get("rnn4j") > 1.10 * r.mase.get("snaive")) {
                worse++;
                which.append(' ').append(r.name);
            }
        }
        b.append("\nseries where rnn4j's MASE is more than 10% above seasonal naive's: ").append(worse)
                .append(which).append('\n');
        b.append("hold-out mean MASE of other choice rules on the same backtests:");
        for (String rule : List.of("rule comb+fallback", "rule inverse-mase", "rule best")) {
            b.append(String.format(Locale.ROOT, " %s %.3f / %.3f", rule.substring(5), rows.stream()
                    .filter(r -> !r.group.equals("visible")).mapToDouble(r -> r.mase.get(rule)).average()
                    .orElse(Double.NaN), rows.stream().mapToDouble(r -> r.mase.get(rule)).average().orElse(Double.NaN)));
        }
        b.append(" (other / all)\n");
        b.append("backtest MASE means (training part only):");
        for (String o : OURS) {
            b.append(String.format(Locale.ROOT, " %s %.3f", o, rows.stream().mapToDouble(r -> r.backtest.get(o))
                    .average().orElse(Double.NaN)));
        }
        b.append('\n');
        return b.toString();
    }

    static double mase(double[] actual, double[] forecast, double scale) {
        return ForecastMetrics.of(actual, forecast, scale).mase();
    }

    static List<String[]> csv(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank()) {
                out.add(l.split(","));
            }
        }
        return out;
    }

    static double[] values(Path file) throws IOException {
        return csv(file).stream().mapToDouble(r -> Double.parseDouble(r[1])).toArray();
    }

    static Map<String, Map<String, double[]>> rForecasts(Path file) throws IOException {
        Map<String, Map<String, List<Double>>> tmp = new LinkedHashMap<>();
        for (String[] r : csv(file)) {
            tmp.computeIfAbsent(r[0], k -> new LinkedHashMap<>()).computeIfAbsent(r[1], k -> new ArrayList<>())
                    .add(Double.parseDouble(r[3]));
        }
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        tmp.forEach((name, methods) -> {
            Map<String, double[]> m = new LinkedHashMap<>();
            methods.forEach((k, v) -> m.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
            out.put(name, m);
        });
        return out;
    }
}
