package org.rnn4j.cli;

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
import org.rnn4j.cli.report.ClippingStudy;
import org.rnn4j.cli.report.GradientFlowMeasurement;
import org.rnn4j.cli.report.GradientFlowReport;
import org.rnn4j.cli.report.Numbers;
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

    @Option(names = "--hidden", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Fresh model: hidden size.")
    int hidden = 32;

    @Option(names = "--layers", paramLabel = "N", converter = OptionValues.PositiveInt.class,
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

    @Option(names = "--seq-len", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Sequence length T: adding has T steps, copy T+20 (T-1 blanks between symbols and recall);"
                    + " with --text, characters per sequence.")
    int lengthT = 100;

    /** The name of earlier versions, kept so that their command lines still run. */
    @Option(names = {"--T", "-T"}, hidden = true, paramLabel = "N", converter = OptionValues.PositiveInt.class)
    void legacySeqLen(int value) {
        lengthT = value;
    }

    @Option(names = "--text", paramLabel = "FILE", showDefaultValue = Help.Visibility.NEVER,
            description = "With --model of a language model: read --batch pieces of --seq-len characters of this text."
                    + " Default: none (the adding or copy input).")
    Path text;

    @Option(names = "--batch", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Sequences in the batch measured (norms are averaged over them, see the report).")
    int batch = 8;

    @Option(names = "--clip-steps", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            showDefaultValue = Help.Visibility.NEVER,
            description = "Train each model N steps with and without global-norm clipping and compare the gradient"
                    + " norms. Default: 20 with --explode, else 0 (no study).")
    Integer clipSteps;

    @Option(names = "--clip-norm", paramLabel = "X", converter = OptionValues.PositiveDouble.class,
            description = "The clipping study's threshold on the global L2 gradient norm.")
    double clipNorm = 1.0;

    @Option(names = "--lr", paramLabel = "RATE", converter = OptionValues.PositiveDouble.class,
            description = "The clipping study's learning rate (plain SGD, so that a step is proportional to the"
                    + " gradient).")
    double learningRate = 0.1;

    @Option(names = "--seed", paramLabel = "S", description = "Seeds the fresh models' weights and the input.")
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
                    scale != 1.0 ? ", W_hh x" + Numbers.number(scale) : "");
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
                    anyLstm && !Double.isNaN(forgetBias) ? ", LSTM forget bias " + Numbers.number(forgetBias) : "",
                    orthogonal || explode ? ", orthogonal W_hh" : "", scale != 1.0 ? " x" + Numbers.number(scale) : "");
        }

        Batch measuredBatch = input.source().get().next();
        List<GradientFlowMeasurement> measured = new ArrayList<>();
        for (Subject s : subjects) {
            GradientFlow flow = new GradientFlow(s.factory().get());
            StepNorms jacobian = flow.jacobianNorms(measuredBatch);
            GradientFlow.LossGradients lg = flow.lossGradients(measuredBatch, input.lossKind());
            measured.add(new GradientFlowMeasurement(s.label(), jacobian, lg.norms(), lg.loss()));
        }

        stdout.println("gradflow: " + setup);
        stdout.println("input: " + input.description() + ", seed " + seed);
        stdout.println();
        GradflowResults.norms(stdout, "||dh_T/dh_t||_F / sqrt(S), each layer's own final state h_T (1 at lag 0):",
                measured, true);
        stdout.println();
        GradflowResults.norms(stdout, "||dL/dh_t||, Frobenius norm over the batch of the gradient of the mean loss:",
                measured, false);
        stdout.println();
        GradflowResults.horizons(stdout, measured);

        List<ClippingStudy> studies = new ArrayList<>();
        if (studySteps > 0) {
            stdout.println();
            GradflowResults.clippingHeader(stdout, studySteps, learningRate, clipNorm);
            for (Subject s : subjects) {
                ClippingStudy st = study(s, input, studySteps);
                studies.add(st);
                GradflowResults.clippingRow(stdout, st);
            }
        }

        Files.createDirectories(out);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("command", "rnn4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        settings.put("kernels", Main.kernels().name());
        new GradientFlowReport(setup, input.description(), seed, learningRate, clipNorm).write(out, measured, studies,
                settings);
        stdout.println();
        stdout.println("report: " + out.resolve(TrainingReport.FILE));
        if (json.requested()) {
            GradflowResults.json(input.description(), measured, studies, scale, clipNorm).print(stdout);
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
            throw new ParameterException(spec.commandLine(), "--seq-len must be at least 2 for the adding problem");
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

    // ---- the clipping study ---------------------------------------------------------------------

    private ClippingStudy study(Subject s, Input input, int steps) {
        OptimizerSpec sgd = OptimizerSpec.sgd(learningRate);
        // both runs start from the same weights and read the same batches
        ClippingTrace with = ClippingTrace.record(s.factory().get(), input.source().get(), input.lossKind(), sgd,
                clipNorm, steps, new Rng(seed));
        ClippingTrace without = ClippingTrace.record(s.factory().get(), input.source().get(), input.lossKind(), sgd,
                Double.POSITIVE_INFINITY, steps, new Rng(seed));
        return new ClippingStudy(s.label(), with, without);
    }

    // ---- formatting -----------------------------------------------------------------------------

    private static String label(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "model" : name.toString();
    }

    private static String describe(RecurrentConfig rc) {
        return rc.cell() == CellType.RNN ? "rnn-" + rc.activation().id() : rc.cell().id();
    }
}
