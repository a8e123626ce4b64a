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
import java.util.function.DoubleSupplier;
import org.rnn4j.analysis.GradientFlow;
import org.rnn4j.analysis.StepNorms;
import org.rnn4j.cli.SyntheticModels.Architecture;
import org.rnn4j.cli.report.Numbers;
import org.rnn4j.cli.report.AddingProblemReport;
import org.rnn4j.cli.report.AddingProblemRun;
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
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingLoop;
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
 * <p>The defaults are chosen so that the LSTM and the GRU solve the problem (test MSE below 0.01)
 * while the tanh RNN stays at the baseline: the gradient that would teach it to remember the first
 * marked number vanishes over the 50 to 100 steps in between. The step count leaves the LSTM time to
 * leave the baseline's plateau; the measurements behind the defaults are in
 * {@code docs/vanishing-gradients.md}.
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

    @Option(names = "--seed", paramLabel = "S", description = "Seeds the weights, the training data and the test set.")
    long seed = 1;

    @Option(names = "--seq-len", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Sequence length T of the adding problem (at least 2).")
    int lengthT = 100;

    /** The name of earlier versions, kept so that their command lines still run. */
    @Option(names = {"--T", "-T"}, hidden = true, paramLabel = "N", converter = OptionValues.PositiveInt.class)
    void legacySeqLen(int value) {
        lengthT = value;
    }

    @Option(names = "--steps", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Training steps per model.")
    int steps = 3000;

    @Option(names = "--time-budget", paramLabel = "DURATION", converter = OptionValues.Duration.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "Wall time for all three models (90s, 5m, ...): each stops after a third of it even"
                    + " before --steps. Results then depend on the machine's speed. Default: no limit.")
    Double timeBudget;

    @Option(names = "--hidden", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Hidden size of each model.")
    int hidden = 64;

    @Option(names = "--batch", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Sequences per training step.")
    int batch = 32;

    @Option(names = "--lr", paramLabel = "RATE", converter = OptionValues.PositiveDouble.class,
            description = "Adam's learning rate; divided by 10 after 75%% of the steps.")
    double learningRate = 0.02;

    @Option(names = "--clip-norm", paramLabel = "X", converter = OptionValues.PositiveDouble.class,
            description = "Clip the global L2 gradient norm to X.")
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

    @Override
    public Integer call() throws IOException {
        threads.apply();
        if (lengthT < 2) {
            throw new ParameterException(spec.commandLine(), "--seq-len must be at least 2 (one marker in each half)");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Seeds seeds = Seeds.of(seed);
        int decayStep = (int) Math.ceil(DECAY_AT * steps);
        stdout.printf(Locale.ROOT, "rnn4j demo: the adding problem (Arjovsky et al. 2016), T=%d: remember two marked"
                + " numbers among %d and output their sum.%n", lengthT, lengthT);
        stdout.printf(Locale.ROOT, "Always predicting 1 scores MSE %s (the baseline); test MSE below %s counts as"
                + " solved.%n", BASELINE_SHOWN, AddingProblemRun.SOLVED_MSE);
        stdout.printf(Locale.ROOT, "Each model: 1 layer, hidden %d, Adam lr %s (x0.1 from step %d), batch %d, clip"
                + " norm %s, %d steps%s; seed %d, %d test sequences.%n", hidden,
                Numbers.number(learningRate), decayStep + 1, batch, Numbers.number(clipNorm), steps,
                timeBudget == null ? "" : " or " + Numbers.number(timeBudget / MODELS.length) + " s", seed,
                testSequences());
        stdout.flush();

        long start = System.nanoTime();
        List<AddingProblemRun> runs = new ArrayList<>();
        for (Architecture arch : MODELS) {
            runs.add(train(arch, seeds, decayStep, stderr));
        }
        double total = (System.nanoTime() - start) / 1e9;

        stdout.println();
        stdout.printf(Locale.ROOT, "  %-11s %9s  %-34s %6s %8s%n", "model", "test MSE", "vs baseline " + BASELINE_SHOWN,
                "steps", "time");
        for (AddingProblemRun r : runs) {
            stdout.printf(Locale.ROOT, "  %-11s %9s  %-34s %6d %7.1fs%n", r.display(), Numbers.mse(r.testMse()),
                    r.verdict(), r.steps(), r.seconds());
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

    private AddingProblemRun train(Architecture arch, Seeds seeds, int decayStep, PrintWriter progress)
            throws IOException {
        long start = System.nanoTime();
        InitConfig init = InitConfig.pytorch().withForgetBias(1.0);
        SequenceModel model = SyntheticModels.fresh(SyntheticTask.ADDING, arch, hidden, 1, init, 1.0, seeds.init());
        GradientFlow flow = new GradientFlow(model);
        Batch probe = new AddingProblem(lengthT, PROBE_SEQUENCES, seeds.probe()).next();
        Batch jacobianBatch = new AddingProblem(lengthT, JACOBIAN_SEQUENCES, seeds.probe()).next();
        double[] jacobianInitial = relative(flow.jacobianNorms(jacobianBatch).byLag(0, 0));

        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(learningRate, decayStep, 0.1);
        Trainer trainer = new Trainer(model, OptimizerSpec.adam(learningRate)
                .create(model.parameters()), schedule, ClipConfig.norm(clipNorm), LossKind.MSE,
                new Rng(seeds.init() + 1));
        Evaluator evaluator = new Evaluator();
        // the same fixed sequences at every validation
        DoubleSupplier validation = () -> evaluator.meanLoss(model,
                new AddingProblem(lengthT, VALIDATION_BATCH, seeds.validation()),
                VALIDATION_SEQUENCES / VALIDATION_BATCH, LossKind.MSE);
        int every = Math.max(1, steps / EVALUATIONS);
        Curves curves = new Curves(arch, flow, probe, every, progress, start);
        curves.onValidation(0, validation.getAsDouble());
        TrainingLoop loop = new TrainingLoop(trainer, new AddingProblem(lengthT, batch, seeds.train()))
                .listener(curves).validation(every, validation);
        int divergedAt = 0;
        try {
            loop.run(new TrainingLoop.Limits(steps, 0, timeShare(start)));
        } catch (DivergenceException e) {
            divergedAt = e.step();
            // the loop validates at its end only when it ends normally: the curves end at the last good step
            if (curves.lastStep > 0 && curves.lastValidatedStep() != curves.lastStep) {
                curves.onValidation(curves.lastStep, validation.getAsDouble());
            }
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
        String display = arch.cell() == CellType.RNN ? "rnn (" + arch.activation().id() + ")" : arch.cell().id();
        return new AddingProblemRun(arch.cell().id(), display, arch.label(), test, curves.lastStep, seconds,
                divergedAt, curves.outOfTime, curves.evalSteps, curves.validationMse, curves.gradientRows,
                jacobianInitial, jacobianTrained);
    }

    /**
     * What is left of one model's share of {@code --time-budget} (which counts its setup too), for the
     * loop's limit; 0 = no time limit.
     */
    private double timeShare(long start) {
        if (timeBudget == null) {
            return 0;
        }
        double left = timeBudget / MODELS.length - (System.nanoTime() - start) / 1e9;
        return Math.max(left, Double.MIN_VALUE);
    }

    /**
     * Records one model's training: the validation MSE and the loss gradient by time step at every
     * validation (step 0 included), and a progress line on standard error {@link #PROGRESS_LINES}
     * times; a progress line at a validation step shows that validation.
     */
    private final class Curves implements TrainingListener {
        private final Architecture arch;
        private final GradientFlow flow;
        private final Batch probe;
        private final int validateEvery;
        private final int progressEvery;
        private final PrintWriter progress;
        private final long start;
        final List<Integer> evalSteps = new ArrayList<>();
        final List<Double> validationMse = new ArrayList<>();
        final List<double[]> gradientRows = new ArrayList<>();
        int lastStep;
        boolean outOfTime;
        private double recentLoss;
        private int recent;

        Curves(Architecture arch, GradientFlow flow, Batch probe, int validateEvery, PrintWriter progress,
                long start) {
            this.arch = arch;
            this.flow = flow;
            this.probe = probe;
            this.validateEvery = validateEvery;
            this.progressEvery = Math.max(1, steps / PROGRESS_LINES);
            this.progress = progress;
            this.start = start;
        }

        int lastValidatedStep() {
            return evalSteps.get(evalSteps.size() - 1);
        }

        @Override
        public void onStep(StepEvent event) {
            lastStep = event.result().step();
            recentLoss += event.result().loss();
            recent++;
            if (isProgressStep(lastStep) && !isValidationStep(lastStep)) {
                printProgress(lastStep);
            }
        }

        @Override
        public void onValidation(int step, double loss) {
            validationMse.add(loss);
            evalSteps.add(step);
            StepNorms g = flow.lossGradients(probe, LossKind.MSE).norms();
            double last = g.at(0, 0, lengthT - 1);
            double[] row = new double[lengthT];
            for (int t = 0; t < lengthT; t++) {
                row[t] = g.at(0, 0, t) / last;
            }
            gradientRows.add(row);
            if (isProgressStep(step) && isValidationStep(step)) {
                printProgress(step);
            }
        }

        @Override
        public void onFinish(int lastStep, String reason) {
            outOfTime = reason.equals("time budget");
        }

        /** The steps the loop validates at: every {@code validateEvery}, and the last of {@code --steps}. */
        private boolean isValidationStep(int step) {
            return step > 0 && (step % validateEvery == 0 || step == steps);
        }

        private boolean isProgressStep(int step) {
            return step > 0 && (step % progressEvery == 0 || step == steps);
        }

        private void printProgress(int step) {
            progress.printf(Locale.ROOT, "  %-4s step %5d/%d  training loss %.4f  validation MSE %.4f  %5.1fs%n",
                    arch.cell().id(), step, steps, recentLoss / recent, validationMse.get(validationMse.size() - 1),
                    (System.nanoTime() - start) / 1e9);
            progress.flush();
            recentLoss = 0;
            recent = 0;
        }
    }

    private static double[] relative(double[] byLag) {
        double ref = byLag[0];
        for (int k = 0; k < byLag.length; k++) {
            byLag[k] /= ref;
        }
        return byLag;
    }

    // ---- report -----------------------------------------------------------------------------------

    /** The report with the Settings table of this demo. */
    private void writeReport(List<AddingProblemRun> runs, int decayStep, double total) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", "rnn4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        settings.put("models", "1 layer, hidden " + hidden + "; PyTorch initialization, LSTM forget-gate bias 1.0");
        settings.put("training", String.format(Locale.ROOT, "Adam, learning rate %s (x0.1 from step %d), batch %d,"
                + " global-norm clipping at %s, up to %d steps%s", Numbers.number(learningRate),
                decayStep + 1, batch, Numbers.number(clipNorm), steps, timeBudget == null
                        ? ""
                        : String.format(Locale.ROOT, " or %.0f s per model", timeBudget / MODELS.length)));
        settings.put("data", "fresh training batches every step; " + VALIDATION_SEQUENCES + " validation and "
                + testSequences() + " test sequences, all from seed " + seed);
        settings.put("kernels", Main.kernels().name());
        settings.put("wall time", String.format(Locale.ROOT, "%.1f s", total));
        new AddingProblemReport(lengthT, VALIDATION_SEQUENCES, PROBE_SEQUENCES).write(out, runs, settings);
    }

    // ---- JSON -------------------------------------------------------------------------------------

    /** Exactly {@code {"task":"adding","T":..,"baseline_mse":0.167,"results":{"rnn":{"test_mse":..},..}}}. */
    private JsonResult jsonLine(List<AddingProblemRun> runs) {
        JsonResult result = new JsonResult();
        result.put("task", "adding");
        result.put("T", lengthT);
        result.put("baseline_mse", BASELINE_SHOWN);
        ObjectNode results = result.object("results");
        for (AddingProblemRun r : runs) {
            JsonResult.number(results.putObject(r.key()), "test_mse", r.testMse());
        }
        return result;
    }

    /** results.json: the JSON line's fields and, per model, the run's details. */
    private JsonResult details(List<AddingProblemRun> runs, JsonResult line, double total) {
        JsonResult d = new JsonResult();
        d.root().setAll(line.root().deepCopy());
        d.put("baseline_mse_exact", AddingProblem.BASELINE_MSE);
        d.put("solved_below", AddingProblemRun.SOLVED_MSE);
        d.put("seed", seed);
        d.put("seconds", total);
        ObjectNode results = (ObjectNode) d.root().get("results");
        for (AddingProblemRun r : runs) {
            ObjectNode o = (ObjectNode) results.get(r.key());
            o.put("cell", r.label());
            o.put("steps", r.steps());
            o.put("seconds", r.seconds());
            o.put("diverged_at", r.divergedAt());
            o.put("out_of_time", r.outOfTime());
            o.put("memory_horizon_initial", r.horizonInitial());
            o.put("memory_horizon_trained", r.horizonTrained());
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
