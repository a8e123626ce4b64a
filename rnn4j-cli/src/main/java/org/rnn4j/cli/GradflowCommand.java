package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.rnn4j.InvalidInputException;
import org.rnn4j.analysis.ClippingTrace;
import org.rnn4j.analysis.GradientFlow;
import org.rnn4j.analysis.RecurrentWeights;
import org.rnn4j.analysis.StepNorms;
import org.rnn4j.cli.SyntheticModels.Architecture;
import org.rnn4j.cli.report.GradientFlowCharts;
import org.rnn4j.cli.report.GradientFlowCharts.Curve;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.data.TextFiles;
import org.rnn4j.data.synthetic.AddingProblem;
import org.rnn4j.data.synthetic.CopyTask;
import org.rnn4j.data.synthetic.SyntheticTask;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.kernel.Activation;
import org.rnn4j.lm.LanguageModel;
import org.rnn4j.model.ModelConfig;
import org.rnn4j.model.OutputMode;
import org.rnn4j.model.SequenceModel;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.train.Batch;
import org.rnn4j.train.BatchSource;
import org.rnn4j.train.InitConfig;
import org.rnn4j.train.LossKind;
import org.rnn4j.train.OptimizerSpec;
import org.rnn4j.train.TokenStreams;
import org.rnn4j.util.Rng;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rnn4j gradflow}: how far gradients reach back in time in a model, on one batch. For each layer
 * (and direction) and time step {@code t}: the Jacobian-product norm {@code ‖∂h_T/∂h_t‖_F} relative to
 * its value at lag 0 ({@code √S}), the loss gradient {@code ‖∂L/∂h_t‖}, and the memory horizon (the
 * lag at which the first falls below 1e-3), as a table on standard output and as heat maps and
 * curves in {@code report.html}; see {@link GradientFlow} for the exact definitions.
 *
 * <p>The model is a fresh configuration ({@code --cell}, {@code --compare} for five side by side) or
 * a model directory; the input a synthetic task or, for a language model, a text. With large
 * recurrent weights ({@code --explode}) a short training run with and without global-norm clipping
 * shows what clipping does.
 */
@Command(name = "gradflow",
        mixinStandardHelpOptions = true,
        modelTransformer = GradflowCommand.OptionalModel.class,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Measures how gradients flow back through time: per layer and step, the Jacobian-product norm"
                    + " ||dh_T/dh_t|| (relative to lag 0) and the loss gradient ||dL/dh_t||, and each layer's"
                    + " memory horizon (the lag where the first falls below 1e-3).",
            "Prints a table and writes report.html with heat maps and curves into --out.",
            "",
            "  gradflow --compare                 five cells side by side",
            "  gradflow --cell lstm --layers 2    one fresh configuration",
            "  gradflow --model DIR --text FILE   a trained language model on a text",
            "  gradflow --compare --explode       large W_hh, and clipping at work",
        })
final class GradflowCommand implements Callable<Integer> {

    /** {@code --model} is one of two inputs here, so it is optional. */
    static final class OptionalModel implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return OptionEdits.edit(spec, "--model", option -> option.required(false));
        }
    }

    /** Lags printed in the table (those below T), and always the last one, T-1. */
    private static final int[] TABLE_LAGS = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    ModelOption model;

    @Option(names = "--compare",
            description = "Study five fresh models side by side: RNN with sigmoid, tanh and ReLU, LSTM, GRU.")
    boolean compare;

    @Option(names = "--cell", paramLabel = "CELL", converter = OptionValues.Cell.class, defaultValue = "rnn",
            description = "Fresh model: rnn, lstm or gru.")
    CellType cell;

    @Option(names = "--activation", paramLabel = "FN", converter = OptionValues.Nonlinearity.class,
            defaultValue = "tanh", description = "Fresh RNN: tanh, relu or sigmoid.")
    Activation activation;

    @Option(names = "--hidden", paramLabel = "H", converter = OptionValues.PositiveInt.class,
            description = "Fresh model: hidden size.")
    int hidden = 32;

    @Option(names = "--layers", paramLabel = "L", converter = OptionValues.PositiveInt.class,
            description = "Fresh model: stacked layers.")
    int layers = 1;

    @Option(names = "--forget-bias", paramLabel = "B", converter = SyntheticModels.ForgetBias.class,
            description = "Fresh LSTM: the forget-gate bias (Gers et al. 2000), or 'none' for PyTorch's random one.")
    double forgetBias = 1.0;

    @Option(names = "--orthogonal", description = "Fresh model: orthogonal recurrent matrices (Saxe et al. 2014).")
    boolean orthogonal;

    @Option(names = "--recurrent-scale", paramLabel = "X", converter = OptionValues.PositiveDouble.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "Multiply every recurrent matrix W_hh by X. Default: 1, or 3 with --explode.")
    Double recurrentScale;

    @Option(names = "--explode",
            description = "The exploding regime: orthogonal W_hh times 3 (fresh models; times 3 for --model), and a"
                    + " clipping study of --clip-steps steps.")
    boolean explode;

    @Option(names = "--task", paramLabel = "TASK", converter = SyntheticModels.Task.class, defaultValue = "adding",
            description = "The input: adding or copy (Arjovsky et al. 2016).")
    SyntheticTask task;

    @Option(names = {"--T", "-T"}, paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Sequence length: adding has T steps, copy T+20 (T-1 blanks between symbols and recall);"
                    + " with --text, characters per sequence.")
    int lengthT = 100;

    @Option(names = "--text", paramLabel = "FILE", showDefaultValue = Help.Visibility.NEVER,
            description = "With --model of a language model: read --batch pieces of --T characters of this text.")
    Path text;

    @Option(names = "--batch", paramLabel = "B", converter = OptionValues.PositiveInt.class,
            description = "Sequences in the batch measured (norms are averaged over them, see the report).")
    int batch = 8;

    @Option(names = "--clip-steps", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "Train each model N steps with and without global-norm clipping and compare the gradient"
                    + " norms. Default: 20 with --explode, else 0 (no study).")
    Integer clipSteps;

    @Option(names = "--clip-norm", paramLabel = "C", converter = OptionValues.PositiveDouble.class,
            description = "The clipping study's threshold on the global L2 gradient norm.")
    double clipNorm = 1.0;

    @Option(names = "--lr", paramLabel = "RATE", converter = OptionValues.PositiveDouble.class,
            description = "The clipping study's learning rate (plain SGD, so that a step is proportional to the"
                    + " gradient).")
    double learningRate = 0.1;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the fresh models' weights and the input.")
    long seed = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Where report.html and its plots go.")
    Path out = Path.of("runs", "gradflow");

    @Mixin
    Threads threads;

    @Mixin
    JsonOption json;

    /** A model under study: its name in tables, and a way to make a fresh copy (the clipping study trains copies). */
    private record Subject(String label, Supplier<SequenceModel> factory) {
    }

    /** What was measured for one subject. */
    private record Measured(Subject subject, StepNorms jacobian, StepNorms lossGradient, double loss) {
    }

    /** The input: a stream of batches (the first is measured; the clipping study trains on the rest), and its loss. */
    private record Input(String description, Supplier<BatchSource> source, LossKind lossKind) {
    }

    @Override
    public Integer call() throws IOException {
        threads.apply();
        checkCombinations();
        double scale = recurrentScale != null ? recurrentScale : explode ? 3.0 : 1.0;
        int studySteps = clipSteps != null ? clipSteps : explode ? 20 : 0;
        PrintWriter stdout = spec.commandLine().getOut();

        List<Subject> subjects = new ArrayList<>();
        Input input;
        String setup;
        if (model.dir() != null) {
            ModelDirectory.Contents first = model.load();
            input = modelInput(first);
            subjects.add(new Subject(label(model.dir()), () -> {
                SequenceModel m = loadModel().model();
                if (scale != 1.0) {
                    RecurrentWeights.scale(m, scale);
                }
                return m;
            }));
            RecurrentConfig rc = first.model().config().rnn();
            setup = String.format(Locale.ROOT, "%s: %s, hidden %d, %d layer%s%s%s", model.dir(), describe(rc),
                    rc.hiddenSize(),
                    rc.numLayers(), rc.numLayers() == 1 ? "" : "s", rc.bidirectional() ? ", bidirectional" : "",
                    scale != 1.0 ? ", W_hh x" + number(scale) : "");
        } else {
            input = taskInput();
            InitConfig init = InitConfig.pytorch().withOrthogonalRecurrent(orthogonal || explode)
                    .withForgetBias(forgetBias);
            List<Architecture> archs = compare
                    ? Arrays.asList(SyntheticModels.COMPARED)
                    : List.of(new Architecture(cell, activation));
            for (Architecture a : archs) {
                subjects.add(new Subject(a.label(),
                        () -> SyntheticModels.fresh(task, a, hidden, layers, init, scale, seed)));
            }
            boolean anyLstm = archs.stream().anyMatch(a -> a.cell() == CellType.LSTM);
            setup = String.format(Locale.ROOT, "fresh %s, hidden %d, %d layer%s, PyTorch init%s%s%s",
                    compare ? "models" : archs.get(0).label(), hidden, layers, layers == 1 ? "" : "s",
                    anyLstm && !Double.isNaN(forgetBias) ? ", LSTM forget bias " + number(forgetBias) : "",
                    orthogonal || explode ? ", orthogonal W_hh" : "", scale != 1.0 ? " x" + number(scale) : "");
        }

        Batch measuredBatch = input.source().get().next();
        List<Measured> measured = new ArrayList<>();
        for (Subject s : subjects) {
            SequenceModel m = s.factory().get();
            GradientFlow flow = new GradientFlow(m);
            StepNorms jacobian = flow.jacobianNorms(measuredBatch);
            GradientFlow.LossGradients lg = flow.lossGradients(measuredBatch, input.lossKind());
            measured.add(new Measured(s, jacobian, lg.norms(), lg.loss()));
        }

        stdout.println("gradflow: " + setup);
        stdout.println("input: " + input.description() + ", seed " + seed);
        stdout.println();
        printTable(stdout, "||dh_T/dh_t||_F / sqrt(S), each layer's own final state h_T (1 at lag 0):", measured, true);
        stdout.println();
        printTable(stdout, "||dL/dh_t||, Frobenius norm over the batch of the gradient of the mean loss:", measured,
                false);
        stdout.println();
        stdout.printf(Locale.ROOT, "memory horizon (lag where ||dh_T/dh_t|| < %s of its value at lag 0):%n",
                number(StepNorms.HORIZON_FRACTION));
        for (Measured m : measured) {
            List<String> parts = new ArrayList<>();
            for (Row row : rows(m)) {
                parts.add(row.name(false) + " " + row.horizon());
            }
            stdout.println("  " + m.subject().label() + ": " + String.join(", ", parts));
        }

        List<Study> studies = new ArrayList<>();
        if (studySteps > 0) {
            stdout.println();
            stdout.printf(Locale.ROOT, "clipping study: %d steps of SGD (lr %s) from the same start, with global-norm"
                    + " clipping at %s and without:%n", studySteps, number(learningRate), number(clipNorm));
            stdout.printf(Locale.ROOT, "  %-12s %8s %26s %11s %10s   %s%n", "model", "clipped",
                    "norm before (median / max)",
                    "after (max)", "last loss", "without clipping");
            for (Subject s : subjects) {
                Study st = study(s, input, studySteps);
                studies.add(st);
                ClippingTrace c = st.clipped();
                String clippedRun = c.steps().isEmpty()
                        ? String.format(Locale.ROOT, "%-58s", diverged(c))
                        : String.format(Locale.ROOT, "%8s %26s %11s %10s", count(c) + "/" + c.steps().size(),
                                sci(median(c)) + " / " + sci(c.maxNormBefore()), sci(c.maxNormAfter()), lastLoss(c));
                stdout.printf(Locale.ROOT, "  %-12s %s   %s%n", s.label(), clippedRun,
                        unclippedOutcome(st.unclipped()));
            }
        }

        Files.createDirectories(out);
        writeReport(setup, input, measured, studies);
        stdout.println();
        stdout.println("report: " + out.resolve(TrainingReport.FILE));
        if (json.requested()) {
            json(input, measured, studies, scale).print(stdout);
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    private void checkCombinations() {
        if (model.dir() != null) {
            List<String> fresh = new ArrayList<>();
            for (String name : List.of("--compare", "--cell", "--activation", "--hidden", "--layers", "--forget-bias",
                    "--orthogonal")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                    fresh.add(name);
                }
            }
            if (!fresh.isEmpty()) {
                throw new ParameterException(spec.commandLine(), String.join(", ", fresh)
                        + " describe a fresh model and cannot be used with --model");
            }
        } else if (text != null) {
            throw new ParameterException(spec.commandLine(), "--text needs --model DIR of a language model"
                    + " (fresh models read --task)");
        }
        if (compare && spec.commandLine().getParseResult().hasMatchedOption("--cell")) {
            throw new ParameterException(spec.commandLine(), "--compare studies every cell; leave out --cell");
        }
        if (text != null && spec.commandLine().getParseResult().hasMatchedOption("--task")) {
            throw new ParameterException(spec.commandLine(), "give either --task or --text as the input, not both");
        }
        if (text != null) {
            ModelDirs.requireFile(spec.commandLine(), "--text", text);
        }
    }

    private ModelDirectory.Contents loadModel() {
        try {
            return model.load();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Input taskInput() {
        long dataSeed = new Rng(seed).split().nextLong();
        String what = task == SyntheticTask.ADDING
                ? String.format(Locale.ROOT, "adding problem, T=%d, %d sequences", lengthT, batch)
                : String.format(Locale.ROOT, "copy task, T=%d (%d steps), %d sequences", lengthT,
                        CopyTask.sequenceLength(lengthT), batch);
        if (task == SyntheticTask.ADDING && lengthT < 2) {
            throw new ParameterException(spec.commandLine(), "--T must be at least 2 for the adding problem");
        }
        return new Input(what, () -> task.source(lengthT, batch, dataSeed), task.lossKind());
    }

    /** The input for a loaded model: its text, or a synthetic task whose shape it fits. */
    private Input modelInput(ModelDirectory.Contents contents) throws IOException {
        ModelConfig mc = contents.model().config();
        if (text != null) {
            LanguageModel lm = LanguageModel.fromContents(contents, model.source());
            int[] ids = lm.vocabulary().encode(TextFiles.readUtf8(text)).ids();
            if (ids.length < batch + 1) {
                throw new InvalidInputException(text + " has " + ids.length + " characters of the model's vocabulary,"
                        + " too few for " + batch + " sequences (lower --batch)");
            }
            int steps = Math.min(lengthT, (ids.length - 1) / batch);
            return new Input(String.format(Locale.ROOT, "%s, %d pieces of %d characters", text, batch, steps),
                    () -> new TokenStreams(ids, batch, steps), LossKind.CROSS_ENTROPY);
        }
        boolean fits = task == SyntheticTask.ADDING
                ? !mc.tokenInput() && mc.rnn().inputSize() == AddingProblem.FEATURES
                        && mc.outputSize() == AddingProblem.OUTPUTS && mc.output() == OutputMode.LAST_STEP
                : mc.tokenInput() && mc.vocabSize() == CopyTask.ALPHABET && mc.outputSize() == CopyTask.ALPHABET
                        && mc.output() == OutputMode.EVERY_STEP;
        if (!fits) {
            String needs = task == SyntheticTask.ADDING
                    ? "dense input of 2 features and one output after the last step"
                    : "tokens of a 10-letter alphabet and 10 classes at every step";
            throw new InvalidInputException(model.dir() + " reads " + (mc.tokenInput()
                    ? mc.vocabSize() + " token ids"
                    : mc.rnn().inputSize() + " features") + " and has " + mc.outputSize() + " output"
                    + (mc.outputSize() == 1 ? "" : "s") + " " + (mc.output() == OutputMode.LAST_STEP
                            ? "after the last step"
                            : "at every step")
                    + "; --task " + task.id() + " needs " + needs
                    + " — for a language model give --text FILE");
        }
        return taskInput();
    }

    // ---- the table ------------------------------------------------------------------------------

    /** One layer and direction of a measured subject: a column of the table, a row of a heat map. */
    private record Row(Measured measured, int layer, int direction) {

        /** {@code L0}, {@code L1 bwd}, ..., after the subject's label when several subjects are shown. */
        String name(boolean withSubject) {
            String name = "L" + layer
                    + (measured.jacobian().directions() == 2 ? (direction == 0 ? " fwd" : " bwd") : "");
            return withSubject ? measured.subject().label() + " " + name : name;
        }

        /** ‖∂h_T/∂h_t‖ by lag, relative to lag 0. */
        double[] relativeJacobianByLag() {
            double[] values = measured.jacobian().byLag(layer, direction);
            double ref = values[0];
            for (int k = 0; k < values.length; k++) {
                values[k] /= ref;
            }
            return values;
        }

        double[] lossGradientByLag() {
            return measured.lossGradient().byLag(layer, direction);
        }

        String horizon() {
            int h = measured.jacobian().horizon(layer, direction);
            return h < 0 ? "> " + (measured.jacobian().steps() - 1) : Integer.toString(h);
        }
    }

    private static List<Row> rows(Measured m) {
        List<Row> rows = new ArrayList<>();
        for (int layer = 0; layer < m.jacobian().layers(); layer++) {
            for (int dir = 0; dir < m.jacobian().directions(); dir++) {
                rows.add(new Row(m, layer, dir));
            }
        }
        return rows;
    }

    private void printTable(PrintWriter out, String title, List<Measured> measured, boolean jacobian) {
        out.println(title);
        boolean withSubject = measured.size() > 1;
        List<String> names = new ArrayList<>();
        List<double[]> byLag = new ArrayList<>();
        for (Measured m : measured) {
            for (Row row : rows(m)) {
                names.add(row.name(withSubject));
                byLag.add(jacobian ? row.relativeJacobianByLag() : row.lossGradientByLag());
            }
        }
        int steps = measured.get(0).jacobian().steps();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %5s", "lag"));
        int[] widths = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            widths[i] = Math.max(9, names.get(i).length());
            header.append("  ").append(String.format(Locale.ROOT, "%" + widths[i] + "s", names.get(i)));
        }
        out.println(header);
        for (int lag : tableLags(steps)) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %5d", lag));
            for (int i = 0; i < names.size(); i++) {
                line.append("  ").append(String.format(Locale.ROOT, "%" + widths[i] + "s", sci(byLag.get(i)[lag])));
            }
            out.println(line);
        }
    }

    private static List<Integer> tableLags(int steps) {
        List<Integer> lags = new ArrayList<>();
        for (int lag : TABLE_LAGS) {
            if (lag < steps - 1) {
                lags.add(lag);
            }
        }
        lags.add(steps - 1);
        return lags;
    }

    // ---- the clipping study ---------------------------------------------------------------------

    private record Study(String label, ClippingTrace clipped, ClippingTrace unclipped) {
    }

    private Study study(Subject s, Input input, int steps) {
        OptimizerSpec sgd = new OptimizerSpec("sgd", learningRate, 0, Double.NaN);
        // both runs start from the same weights and read the same batches
        ClippingTrace with = ClippingTrace.record(s.factory().get(), input.source().get(), input.lossKind(), sgd,
                clipNorm, steps, new Rng(seed));
        ClippingTrace without = ClippingTrace.record(s.factory().get(), input.source().get(), input.lossKind(), sgd,
                Double.POSITIVE_INFINITY, steps, new Rng(seed));
        return new Study(s.label(), with, without);
    }

    private static long count(ClippingTrace t) {
        return t.steps().stream().filter(ClippingTrace.Step::clipped).count();
    }

    private static double median(ClippingTrace t) {
        double[] v = t.steps().stream().mapToDouble(ClippingTrace.Step::normBefore).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private static String diverged(ClippingTrace t) {
        return "diverged at step " + t.divergedAt() + " (a loss, gradient or weight not finite)";
    }

    private static String lastLoss(ClippingTrace t) {
        List<ClippingTrace.Step> steps = t.steps();
        return steps.isEmpty() ? "-" : sci(steps.get(steps.size() - 1).loss());
    }

    /** The run without clipping: its largest norm and last loss, or where it diverged. */
    private static String unclippedOutcome(ClippingTrace u) {
        String summary = u.steps().isEmpty() ? "" : "max norm " + sci(u.maxNormBefore()) + ", last loss " + lastLoss(u);
        if (u.divergedAt() > 0) {
            return (summary.isEmpty() ? "" : summary + "; ") + diverged(u);
        }
        return summary;
    }

    // ---- report and JSON ------------------------------------------------------------------------

    private void writeReport(String setup, Input input, List<Measured> measured, List<Study> studies)
            throws IOException {
        int steps = measured.get(0).jacobian().steps();
        int[] columns = new int[steps];
        for (int t = 0; t < steps; t++) {
            columns[t] = t;
        }
        boolean withSubject = measured.size() > 1;
        List<String> rowLabels = new ArrayList<>();
        List<double[]> jacobianRows = new ArrayList<>();
        List<double[]> lossRows = new ArrayList<>();
        List<Curve> jacobianCurves = new ArrayList<>();
        List<Curve> lossCurves = new ArrayList<>();
        List<List<String>> horizonRows = new ArrayList<>();
        for (Measured m : measured) {
            for (Row row : rows(m)) {
                String name = row.name(withSubject);
                double[] jl = row.relativeJacobianByLag();
                double[] gl = row.lossGradientByLag();
                // heat-map rows run in time order, t = 0 .. T-1
                double[] j = new double[steps];
                double[] g = new double[steps];
                for (int t = 0; t < steps; t++) {
                    int lag = m.jacobian().lag(row.direction(), t);
                    j[t] = jl[lag];
                    g[t] = gl[lag];
                }
                rowLabels.add(name);
                jacobianRows.add(j);
                lossRows.add(g);
                jacobianCurves.add(new Curve(name, GradientFlowCharts.lags(steps), jl));
                lossCurves.add(new Curve(name, GradientFlowCharts.lags(steps), gl));
                horizonRows.add(List.of(name, row.horizon(), sci(jl[Math.min(10, steps - 1)]),
                        sci(jl[Math.min(50, steps - 1)]), sci(jl[steps - 1])));
            }
        }
        TrainingReport report = new TrainingReport("Gradient flow through time");
        report.paragraph(setup + ". Input: " + input.description() + ", seed " + seed + ".");
        report.paragraph("For every layer and time step t: the Jacobian-product norm ||dh_T/dh_t||_F of the layer's own"
                + " final state h_T with respect to its state after step t, computed exactly by one backward pass per"
                + " unit of h_T and averaged over the batch's sequences, shown relative to its value at lag 0 (sqrt(S));"
                + " and the norm of the loss gradient dL/dh_t as backpropagation through time delivers it (Frobenius"
                + " over the batch, L the batch's mean loss). The memory horizon is the lag T-1-t (t for a backward"
                + " direction) at which the Jacobian norm first falls below " + number(StepNorms.HORIZON_FRACTION)
                + " of its value at lag 0. See docs/vanishing-gradients.md for the equations.");
        report.heading("Memory horizon");
        report.grid(List.of("layer", "horizon (steps)", "relative norm at lag 10", "at lag 50", "at lag T-1"),
                horizonRows);
        report.heading("Jacobian products");
        report.chart("jacobian-heatmap.png", "log10 ||dh_T/dh_t|| / sqrt(S) per time step (columns) and layer (rows):"
                + " white = 1, blue = vanishing, red = exploding",
                GradientFlowCharts.logHeatMap("||dh_T/dh_t|| relative to lag 0 (colour: log10)", "time step t", "",
                        rowLabels, columns, jacobianRows.toArray(new double[0][]), true));
        report.chart("jacobian-curves.png", "The same against the lag T-1-t",
                GradientFlowCharts.logCurves("||dh_T/dh_t|| relative to lag 0", "lag T-1-t", "relative norm",
                        jacobianCurves));
        report.heading("Loss gradients");
        report.chart("loss-gradient-heatmap.png", "log10 ||dL/dh_t|| per time step and layer",
                GradientFlowCharts.logHeatMap("||dL/dh_t|| (colour: log10)", "time step t", "", rowLabels, columns,
                        lossRows.toArray(new double[0][]), false));
        report.chart("loss-gradient-curves.png", "||dL/dh_t|| against the lag T-1-t",
                GradientFlowCharts.logCurves("||dL/dh_t||", "lag T-1-t", "||dL/dh_t||", lossCurves));
        if (!studies.isEmpty()) {
            report.heading("Gradient clipping in the exploding regime");
            report.paragraph(String.format(Locale.ROOT, "%d steps of plain SGD (learning rate %s) from the same"
                    + " weights on the same batches, once with the global L2 gradient norm clipped to %s"
                    + " (PyTorch's clip_grad_norm_) and once without.", studies.get(0).clipped().steps().size(),
                    number(learningRate), number(clipNorm)));
            List<List<String>> rows = new ArrayList<>();
            for (Study st : studies) {
                ClippingTrace c = st.clipped();
                rows.add(List.of(st.label(), count(c) + "/" + c.steps().size(), sci(median(c)), sci(c.maxNormBefore()),
                        sci(c.maxNormAfter()), c.divergedAt() > 0 ? diverged(c) : lastLoss(c),
                        unclippedOutcome(st.unclipped())));
            }
            report.grid(List.of("model", "steps clipped", "median norm before", "max norm before", "max norm after",
                    "last loss", "without clipping"), rows);
            for (Study st : studies) {
                List<ClippingTrace.Step> c = st.clipped().steps();
                List<ClippingTrace.Step> u = st.unclipped().steps();
                if (c.isEmpty() && u.isEmpty()) {
                    continue;  // diverged at the first step either way: nothing to draw
                }
                report.chart("clipping-" + st.label() + ".png", st.label() + ": the gradient norm per step",
                        GradientFlowCharts.clipping(st.label() + ": global gradient norm",
                                c.stream().mapToDouble(ClippingTrace.Step::step).toArray(),
                                c.stream().mapToDouble(ClippingTrace.Step::normBefore).toArray(),
                                c.stream().mapToDouble(ClippingTrace.Step::normAfter).toArray(), clipNorm,
                                u.stream().mapToDouble(ClippingTrace.Step::step).toArray(),
                                u.stream().mapToDouble(ClippingTrace.Step::normBefore).toArray()));
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", "rnn4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        settings.put("kernels", Main.kernels().name());
        report.heading("Settings");
        report.table(settings);
        report.write(out);
    }

    private JsonResult json(Input input, List<Measured> measured, List<Study> studies, double scale) {
        JsonResult result = new JsonResult();
        result.put("input", input.description());
        result.put("T", measured.get(0).jacobian().steps());
        result.put("recurrent_scale", scale);
        result.put("horizon_fraction", StepNorms.HORIZON_FRACTION);
        ArrayNode models = result.array("models");
        for (Measured m : measured) {
            ObjectNode o = models.addObject();
            o.put("name", m.subject().label());
            JsonResult.number(o, "loss", m.loss());
            ArrayNode ls = o.putArray("layers");
            for (Row row : rows(m)) {
                ObjectNode l = ls.addObject();
                l.put("layer", row.layer());
                l.put("direction", row.direction());
                int h = m.jacobian().horizon(row.layer(), row.direction());
                if (h < 0) {
                    l.putNull("horizon");
                } else {
                    l.put("horizon", h);
                }
                ArrayNode ja = l.putArray("jacobian_by_lag");
                for (double v : row.relativeJacobianByLag()) {
                    JsonResult.number(ja, v);
                }
                ArrayNode ga = l.putArray("loss_gradient_by_lag");
                for (double v : row.lossGradientByLag()) {
                    JsonResult.number(ga, v);
                }
            }
            for (Study st : studies) {
                if (st.label().equals(m.subject().label())) {
                    ObjectNode c = o.putObject("clipping");
                    c.put("steps", st.clipped().steps().size());
                    c.put("clip_norm", clipNorm);
                    c.put("clip_rate", st.clipped().clipRate());
                    JsonResult.number(c, "max_norm_before", st.clipped().maxNormBefore());
                    JsonResult.number(c, "max_norm_after", st.clipped().maxNormAfter());
                    c.put("unclipped_diverged_at", st.unclipped().divergedAt());
                    JsonResult.number(c, "unclipped_max_norm", st.unclipped().maxNormBefore());
                }
            }
        }
        return result;
    }

    // ---- formatting -----------------------------------------------------------------------------

    private static String label(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "model" : name.toString();
    }

    private static String describe(RecurrentConfig rc) {
        return rc.cell() == CellType.RNN ? "rnn-" + rc.activation().id() : rc.cell().id();
    }

    static String sci(double v) {
        if (v == 0) {
            return "0";
        }
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2e", v) : Double.toString(v);
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
