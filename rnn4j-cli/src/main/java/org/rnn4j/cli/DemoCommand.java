package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.analysis.GradientFlow;
import org.rnn4j.analysis.StepNorms;
import org.rnn4j.cli.SyntheticModels.Architecture;
import org.rnn4j.cli.report.GradientFlowCharts;
import org.rnn4j.cli.report.GradientFlowCharts.Curve;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.data.synthetic.AddingProblem;
import org.rnn4j.data.synthetic.SyntheticTask;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.kernel.Activation;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.train.Batch;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.DivergenceException;
import org.rnn4j.train.Evaluator;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.Trainer;
import org.rnn4j.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j demo}: the vanishing-gradient lesson in one command, with no data to download. A tanh
 * RNN, an LSTM and a GRU, each one layer with the same size and training settings, learn the adding
 * problem ({@link AddingProblem}) at {@code T = 100}; each one's test MSE is printed against the 0.167
 * of predicting 1, and a report shows the learning curves and how far back in time the loss gradient
 * reaches as each model trains.
 *
 * <p>The defaults were tuned on this problem so that on a 2-core machine the whole demo takes one to
 * two minutes and, for every seed tried, the LSTM and the GRU solve it (test MSE below 0.01) while
 * the tanh RNN stays at the baseline: the gradient that would teach it to remember the first marked
 * number vanishes over the 50 to 100 steps in between. The LSTM sits on the baseline's plateau for
 * 750 to 1,500 steps before it breaks through (seeds 1 to 8), hence 3,000 steps; the measured
 * results are in {@code docs/vanishing-gradients.md}.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Trains a tanh RNN, an LSTM and a GRU on the adding problem (Arjovsky et al. 2016; no data needed)"
                    + " and prints each one's test MSE against the 0.167 of always predicting 1.",
            "Writes report.html with learning curves and gradient-flow heat maps into --out.",
        })
final class DemoCommand implements Callable<Integer> {

    /** Test MSE below this counts as solving the adding problem. */
    static final double SOLVED_MSE = 0.01;
    /** The baseline as printed and in the JSON line: 1/6 to three decimals. */
    static final double BASELINE_SHOWN = 0.167;
    /** The learning rate drops tenfold after this fraction of the steps. */
    static final double DECAY_AT = 0.75;
    /** Validation points (and gradient-flow rows) per run, besides the one before training. */
    private static final int EVALUATIONS = 20;
    /** Progress lines per model on standard error. */
    private static final int PROGRESS_LINES = 4;
    private static final int VALIDATION_BATCH = 128;
    private static final int VALIDATION_SEQUENCES = 2 * VALIDATION_BATCH;
    private static final int PROBE_SEQUENCES = 16;
    private static final int JACOBIAN_SEQUENCES = 8;
    private static final Architecture[] MODELS = {
        new Architecture(CellType.RNN, Activation.TANH),
        new Architecture(CellType.LSTM, Activation.TANH),
        new Architecture(CellType.GRU, Activation.TANH),
    };

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the weights, the training data and the test set.")
    long seed = 1;

    @Option(names = {"--T", "-T"}, paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Sequence length of the adding problem (at least 2).")
    int lengthT = 100;

    @Option(names = "--steps", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Training steps per model.")
    int steps = 3000;

    @Option(names = "--time-budget", paramLabel = "DURATION", converter = OptionValues.Duration.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "Wall time for all three models (90s, 5m, ...): each stops after a third of it even"
                    + " before --steps. Results then depend on the machine's speed. Default: no limit.")
    Double timeBudget;

    @Option(names = "--hidden", paramLabel = "H", converter = OptionValues.PositiveInt.class,
            description = "Hidden size of each model.")
    int hidden = 64;

    @Option(names = "--batch", paramLabel = "B", converter = OptionValues.PositiveInt.class,
            description = "Sequences per training step.")
    int batch = 32;

    @Option(names = "--lr", paramLabel = "RATE", converter = OptionValues.PositiveDouble.class,
            description = "Adam's learning rate; divided by 10 after 75% of the steps.")
    double learningRate = 0.02;

    @Option(names = "--clip-norm", paramLabel = "C", converter = OptionValues.PositiveDouble.class,
            description = "Clip the global L2 gradient norm to C.")
    double clipNorm = 1.0;

    @Option(names = "--test-size", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Test sequences (fresh, never trained on).")
    int testSize = 2000;

    @Option(names = "--out", paramLabel = "DIR", description = "Where report.html, its plots and results.json go.")
    Path out = Path.of("runs", "demo");

    @Mixin
    Threads threads;

    @Mixin
    JsonOption json;

    /** The seeds of one demo, all drawn from {@code --seed}; the three models share data and test set. */
    private record Seeds(long init, long train, long validation, long test, long probe) {
        static Seeds of(long seed) {
            Rng rng = new Rng(seed);
            return new Seeds(rng.nextLong(), rng.nextLong(), rng.nextLong(), rng.nextLong(), rng.nextLong());
        }
    }

    /** What training one model gave. */
    private record Run(Architecture arch, double testMse, int stepsDone, double seconds, int divergedAt,
            boolean outOfTime, List<Integer> evalSteps, List<Double> validationMse,
            List<double[]> gradientRows, double[] jacobianInitial, double[] jacobianTrained) {

        /** {@code rnn}, {@code lstm}, {@code gru}: the keys of the JSON line. */
        String key() {
            return arch.cell().id();
        }

        String display() {
            return arch.cell() == CellType.RNN ? "rnn (" + arch.activation().id() + ")" : arch.cell().id();
        }
    }

    @Override
    public Integer call() throws IOException {
        threads.apply();
        if (lengthT < 2) {
            throw new ParameterException(spec.commandLine(), "--T must be at least 2 (one marker in each half)");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Seeds seeds = Seeds.of(seed);
        int decayStep = (int) Math.ceil(DECAY_AT * steps);
        stdout.printf(Locale.ROOT, "rnn4j demo: the adding problem (Arjovsky et al. 2016), T=%d: remember two marked"
                + " numbers among %d and output their sum.%n", lengthT, lengthT);
        stdout.printf(Locale.ROOT, "Always predicting 1 scores MSE %s (the baseline); test MSE below %s counts as"
                + " solved.%n", BASELINE_SHOWN, SOLVED_MSE);
        stdout.printf(Locale.ROOT, "Each model: 1 layer, hidden %d, Adam lr %s (x0.1 from step %d), batch %d, clip"
                + " norm %s, %d steps%s; seed %d, %d test sequences.%n", hidden,
                GradflowCommand.number(learningRate), decayStep + 1, batch, GradflowCommand.number(clipNorm), steps,
                timeBudget == null ? "" : " or " + GradflowCommand.number(timeBudget / MODELS.length) + " s", seed,
                testSequences());
        stdout.flush();

        long start = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        for (Architecture arch : MODELS) {
            runs.add(train(arch, seeds, decayStep, stderr));
        }
        double total = (System.nanoTime() - start) / 1e9;

        stdout.println();
        stdout.printf(Locale.ROOT, "  %-11s %9s  %-34s %6s %8s%n", "model", "test MSE", "vs baseline " + BASELINE_SHOWN,
                "steps", "time");
        for (Run r : runs) {
            stdout.printf(Locale.ROOT, "  %-11s %9s  %-34s %6d %7.1fs%n", r.display(), mse(r.testMse()), verdict(r),
                    r.stepsDone(), r.seconds());
        }
        Files.createDirectories(out);
        writeReport(runs, decayStep, total);
        JsonResult line = jsonLine(runs);
        AtomicFiles.writeString(out.resolve("results.json"), details(runs, line, total).root().toPrettyString() + "\n");
        stdout.println();
        stdout.printf(Locale.ROOT, "report: %s (%.0f s in all)%n", out.resolve(TrainingReport.FILE), total);
        if (json.requested()) {
            line.print(stdout);
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    private int testBatch() {
        return Math.min(100, testSize);
    }

    private int testSequences() {
        int b = testBatch();
        return (testSize + b - 1) / b * b;
    }

    private Run train(Architecture arch, Seeds seeds, int decayStep, PrintWriter progress) {
        long start = System.nanoTime();
        double share = timeBudget == null ? Double.POSITIVE_INFINITY : timeBudget / MODELS.length;
        InitConfig init = InitConfig.pytorch().withForgetBias(1.0);
        SequenceModel model = SyntheticModels.fresh(SyntheticTask.ADDING, arch, hidden, 1, init, 1.0, seeds.init());
        GradientFlow flow = new GradientFlow(model);
        Batch probe = new AddingProblem(lengthT, PROBE_SEQUENCES, seeds.probe()).next();
        Batch jacobianBatch = new AddingProblem(lengthT, JACOBIAN_SEQUENCES, seeds.probe()).next();
        double[] jacobianInitial = relative(flow.jacobianNorms(jacobianBatch).byLag(0, 0));

        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(learningRate, decayStep, 0.1);
        Trainer trainer = new Trainer(model, new OptimizerSpec("adam", learningRate, 0, Double.NaN)
                .create(model.parameters()), schedule, ClipConfig.norm(clipNorm), LossKind.MSE,
                new Rng(seeds.init() + 1));
        AddingProblem data = new AddingProblem(lengthT, batch, seeds.train());
        Evaluator evaluator = new Evaluator();
        List<Integer> evalSteps = new ArrayList<>();
        List<Double> validation = new ArrayList<>();
        List<double[]> gradientRows = new ArrayList<>();
        int every = Math.max(1, steps / EVALUATIONS);
        evaluate(model, flow, evaluator, probe, seeds, 0, evalSteps, validation, gradientRows);
        int done = 0;
        int divergedAt = 0;
        boolean outOfTime = false;
        double recentLoss = 0;
        int recent = 0;
        for (int s = 1; s <= steps; s++) {
            if ((System.nanoTime() - start) / 1e9 > share) {
                outOfTime = true;
                break;
            }
            try {
                recentLoss += trainer.step(data.next()).loss();
                recent++;
            } catch (DivergenceException e) {
                divergedAt = e.step();
                break;
            }
            done = s;
            if (s % every == 0 || s == steps) {
                evaluate(model, flow, evaluator, probe, seeds, s, evalSteps, validation, gradientRows);
            }
            if (s % Math.max(1, steps / PROGRESS_LINES) == 0 || s == steps) {
                progress.printf(Locale.ROOT, "  %-4s step %5d/%d  training loss %.4f  validation MSE %.4f  %5.1fs%n",
                        arch.cell().id(), s, steps, recentLoss / recent, validation.get(validation.size() - 1),
                        (System.nanoTime() - start) / 1e9);
                progress.flush();
                recentLoss = 0;
                recent = 0;
            }
        }
        if (done > 0 && evalSteps.get(evalSteps.size() - 1) != done) {
            evaluate(model, flow, evaluator, probe, seeds, done, evalSteps, validation, gradientRows);
        }
        double test = divergedAt > 0
                ? Double.NaN
                : evaluator.meanLoss(model,
                        new AddingProblem(lengthT, testBatch(), seeds.test()), testSequences() / testBatch(),
                        LossKind.MSE);
        double[] jacobianTrained = divergedAt > 0
                ? new double[lengthT]
                : relative(flow.jacobianNorms(jacobianBatch).byLag(0, 0));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Run(arch, test, done, seconds, divergedAt, outOfTime, evalSteps, validation, gradientRows,
                jacobianInitial, jacobianTrained);
    }

    /** Validation MSE and the loss gradient by time step (relative to the last step) at training step {@code step}. */
    private void evaluate(SequenceModel model, GradientFlow flow, Evaluator evaluator, Batch probe, Seeds seeds,
            int step,
            List<Integer> evalSteps, List<Double> validation, List<double[]> gradientRows) {
        validation.add(evaluator.meanLoss(model, new AddingProblem(lengthT, VALIDATION_BATCH, seeds.validation()),
                VALIDATION_SEQUENCES / VALIDATION_BATCH, LossKind.MSE));
        evalSteps.add(step);
        StepNorms g = flow.lossGradients(probe, LossKind.MSE).norms();
        double last = g.at(0, 0, lengthT - 1);
        double[] row = new double[lengthT];
        for (int t = 0; t < lengthT; t++) {
            row[t] = g.at(0, 0, t) / last;
        }
        gradientRows.add(row);
    }

    private static double[] relative(double[] byLag) {
        double ref = byLag[0];
        for (int k = 0; k < byLag.length; k++) {
            byLag[k] /= ref;
        }
        return byLag;
    }

    private static String verdict(Run r) {
        if (r.divergedAt() > 0) {
            return "diverged at step " + r.divergedAt();
        }
        double m = r.testMse();
        String v;
        if (m < SOLVED_MSE) {
            v = "solved";
        } else if (m < 0.9 * AddingProblem.BASELINE_MSE) {
            v = "below the baseline, not solved";
        } else if (m <= 1.1 * AddingProblem.BASELINE_MSE) {
            v = "at the baseline: not learned";
        } else {
            v = "above the baseline: not learned";
        }
        return r.outOfTime() ? v + " (time budget)" : v;
    }

    /** Four decimals, or three significant digits below 0.001 (a solved GRU reaches 1e-5). */
    private static String mse(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, v < 1e-3 ? "%.2e" : "%.4f", v);
    }

    // ---- report -----------------------------------------------------------------------------------

    private void writeReport(List<Run> runs, int decayStep, double total) throws IOException {
        TrainingReport report = new TrainingReport("rnn4j demo: the adding problem at T=" + lengthT);
        report.paragraph("Each sequence has " + lengthT + " steps of two numbers: a value drawn uniformly from [0, 1)"
                + " and a marker that is 1 at exactly two steps, one in each half of the sequence. After the last"
                + " step the model must output the sum of the two marked values (Arjovsky, Shah and Bengio 2016,"
                + " after Hochreiter and Schmidhuber 1997). Always answering 1 scores a mean squared error of 1/6 ="
                + " 0.167; to do better a model must carry the first marked value across 50 to " + lengthT
                + " steps. Test MSE below " + SOLVED_MSE + " counts as solved.");
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs) {
            int h0 = StepNorms.horizon(r.jacobianInitial(), StepNorms.HORIZON_FRACTION);
            int h1 = r.divergedAt() > 0 ? -2 : StepNorms.horizon(r.jacobianTrained(), StepNorms.HORIZON_FRACTION);
            rows.add(List.of(r.display(), mse(r.testMse()), verdict(r), Integer.toString(r.stepsDone()),
                    String.format(Locale.ROOT, "%.1f", r.seconds()), horizon(h0), horizon(h1)));
        }
        report.heading("Results");
        report.grid(List.of("model", "test MSE", "vs baseline 0.167", "steps", "seconds",
                "memory horizon before training", "after training"), rows);
        report.paragraph("Memory horizon: the lag T-1-t at which ||dh_T/dh_t||, the Jacobian product that carries a"
                + " signal from step t to the end, falls below 1e-3 of its value at lag 0 ('> " + (lengthT - 1)
                + "': never within the sequence). See docs/vanishing-gradients.md.");

        report.heading("Learning curves");
        List<Curve> curves = new ArrayList<>();
        for (Run r : runs) {
            curves.add(new Curve(r.display(), toDoubles(r.evalSteps()),
                    r.validationMse().stream().mapToDouble(Double::doubleValue).toArray()));
        }
        report.chart("learning-curves.png", "Validation MSE (" + VALIDATION_SEQUENCES + " fixed sequences) during"
                + " training; dashed: the baseline 0.167",
                GradientFlowCharts.learningCurves("Adding problem, T=" + lengthT + ": validation MSE",
                        "validation MSE", curves, AddingProblem.BASELINE_MSE, "baseline (predict 1)"));

        report.heading("How far back the gradient reaches");
        report.paragraph("Each row is one point of training (step 0 at the top); each column a time step t of a fixed"
                + " batch of " + PROBE_SEQUENCES + " sequences. Colour: log10 of ||dL/dh_t|| relative to the last step"
                + " (white: as large as at the end; blue: vanished). The first marked value sits in the first half:"
                + " a model learns the task only once gradient reaches there.");
        int[] columns = new int[lengthT];
        for (int t = 0; t < lengthT; t++) {
            columns[t] = t;
        }
        for (Run r : runs) {
            List<String> labels = new ArrayList<>();
            for (int s : r.evalSteps()) {
                labels.add("step " + s);
            }
            report.chart("gradflow-" + r.key() + ".png", r.display() + ": ||dL/dh_t|| / ||dL/dh_T-1|| during training",
                    GradientFlowCharts.logHeatMap(
                            r.display() + ": ||dL/dh_t|| relative to the last step (colour: log10)",
                            "time step t", "", labels, columns, r.gradientRows().toArray(new double[0][]), true));
        }
        List<Curve> jacobians = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            jacobians.add(new Curve(r.display() + ", before training", GradientFlowCharts.lags(lengthT),
                    r.jacobianInitial(), i, true));
            if (r.divergedAt() == 0) {
                jacobians.add(new Curve(r.display() + ", trained", GradientFlowCharts.lags(lengthT),
                        r.jacobianTrained(), i, false));
            }
        }
        report.chart("jacobian.png", "||dh_T/dh_t|| / sqrt(H) against the lag, before (dashed) and after training",
                GradientFlowCharts.logCurves("||dh_T/dh_t|| relative to lag 0", "lag T-1-t", "relative norm",
                        jacobians));

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", "rnn4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        settings.put("models", "1 layer, hidden " + hidden + "; PyTorch initialization, LSTM forget-gate bias 1.0");
        settings.put("training", String.format(Locale.ROOT, "Adam, learning rate %s (x0.1 from step %d), batch %d,"
                + " global-norm clipping at %s, up to %d steps%s", GradflowCommand.number(learningRate),
                decayStep + 1, batch, GradflowCommand.number(clipNorm), steps, timeBudget == null
                        ? ""
                        : String.format(Locale.ROOT, " or %.0f s per model", timeBudget / MODELS.length)));
        settings.put("data", "fresh training batches every step; " + VALIDATION_SEQUENCES + " validation and "
                + testSequences() + " test sequences, all from seed " + seed);
        settings.put("kernels", Main.kernels().name());
        settings.put("wall time", String.format(Locale.ROOT, "%.1f s", total));
        report.heading("Settings");
        report.table(settings);
        report.write(out);
    }

    /** A horizon for the table: the lag, "> T-1" as a number when never reached, "-" after divergence (-2). */
    private String horizon(int h) {
        return h == -2 ? "-" : h < 0 ? "> " + (lengthT - 1) : Integer.toString(h);
    }

    private static double[] toDoubles(List<Integer> v) {
        return v.stream().mapToDouble(Integer::doubleValue).toArray();
    }

    // ---- JSON -------------------------------------------------------------------------------------

    /** Exactly {@code {"task":"adding","T":..,"baseline_mse":0.167,"results":{"rnn":{"test_mse":..},..}}}. */
    private JsonResult jsonLine(List<Run> runs) {
        JsonResult result = new JsonResult();
        result.put("task", "adding");
        result.put("T", lengthT);
        result.put("baseline_mse", BASELINE_SHOWN);
        ObjectNode results = result.object("results");
        for (Run r : runs) {
            JsonResult.number(results.putObject(r.key()), "test_mse", r.testMse());
        }
        return result;
    }

    /** results.json: the JSON line's fields and, per model, the run's details. */
    private JsonResult details(List<Run> runs, JsonResult line, double total) {
        JsonResult d = new JsonResult();
        d.root().setAll(line.root().deepCopy());
        d.put("baseline_mse_exact", AddingProblem.BASELINE_MSE);
        d.put("solved_below", SOLVED_MSE);
        d.put("seed", seed);
        d.put("seconds", total);
        ObjectNode results = (ObjectNode) d.root().get("results");
        for (Run r : runs) {
            ObjectNode o = (ObjectNode) results.get(r.key());
            o.put("cell", r.arch().label());
            o.put("steps", r.stepsDone());
            o.put("seconds", r.seconds());
            o.put("diverged_at", r.divergedAt());
            o.put("out_of_time", r.outOfTime());
            int h0 = StepNorms.horizon(r.jacobianInitial(), StepNorms.HORIZON_FRACTION);
            int h1 = StepNorms.horizon(r.jacobianTrained(), StepNorms.HORIZON_FRACTION);
            o.put("memory_horizon_initial", h0);
            o.put("memory_horizon_trained", h1);
            ArrayNode curve = o.putArray("validation");
            for (int i = 0; i < r.evalSteps().size(); i++) {
                ArrayNode point = curve.addArray();
                point.add(r.evalSteps().get(i));
                JsonResult.number(point, r.validationMse().get(i));
            }
        }
        return d;
    }
}
