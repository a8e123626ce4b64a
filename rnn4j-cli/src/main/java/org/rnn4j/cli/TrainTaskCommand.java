package org.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.rnn4j.InvalidInputException;
import org.rnn4j.cli.report.Numbers;
import org.rnn4j.cli.report.ReportSections;
import org.rnn4j.cli.report.TrainingHistory;
import org.rnn4j.cli.report.TrainingReport;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.ModelDirectory;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.task.HyperParameters;
import org.rnn4j.task.RunOptions;
import org.rnn4j.task.TrainingSummary;
import org.rnn4j.train.ClipConfig;
import org.rnn4j.train.DivergenceException;
import org.rnn4j.train.TrainingListener;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code train lm}, {@code train forecast} and {@code train classify} share: the data and the
 * model directory, resuming, the settings, progress, and the end of a run ({@code metrics.json},
 * {@code report.html}, the {@code --json} line). A subcommand adds its own options and trains.
 *
 * <p>Settings come, in order of precedence, from the options given, from the checkpoint being resumed
 * ({@code --resume}), and from the task's defaults (the library's {@code defaultHyperParameters()}),
 * which are chosen to train a good model without tuning.
 */
abstract class TrainTaskCommand implements Callable<Integer>, HelpLayout.ComputedDefaults {

    @Spec
    CommandSpec spec;

    @Mixin
    UsageStyle usageStyle;

    @Mixin
    DataOption data;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The model directory to create.")
    Path out;

    private final String task;
    private LiveView liveView;
    private final int defaultValidateEvery;
    /** The signal handlers of the run under way, null outside {@link #call}. */
    private InterruptSignals signals;
    /** The step of the last checkpoint written by this command, -1 before the first. */
    private volatile int lastCheckpoint = -1;
    private final Supplier<HyperParameters> taskDefaults;

    /**
     * @param task                 the task's name, as in the model directory and the JSON line
     * @param defaultValidateEvery steps between validations without {@code --validate-every}; 0 = the
     *                             task's own interval
     * @param taskDefaults         the task's settings before the resumed run's and the options
     */
    TrainTaskCommand(String task, int defaultValidateEvery, Supplier<HyperParameters> taskDefaults) {
        this.task = task;
        this.defaultValidateEvery = defaultValidateEvery;
        this.taskDefaults = taskDefaults;
    }

    /**
     * One training run, as decided before it starts.
     *
     * @param resumed the checkpoint continued, or null
     * @param dir     the model directory written
     */
    record Run(HyperParameters hp, ModelDirectory.Contents resumed, Path dir, TrainingHistory history) {
    }

    /**
     * The options after the task's own. Each subcommand declares this mixin after its own options, so
     * that its help lists what is particular to the task first.
     */
    abstract TrainCommonOptions common();

    /** The task's settings beyond the hyper-parameters, for the help: {@code ", chunks of 64"}, or empty. */
    String taskDefaultsDescription() {
        return "";
    }

    /**
     * The task's own options' defaults for the help, by option name, beside those of the settings
     * ({@link #helpDefaults}); empty when the annotations say them.
     */
    Map<String, String> taskHelpDefaults() {
        return Map.of();
    }

    /** Usage errors in the task's own options that the annotations cannot express. */
    void checkTaskOptions() {
    }

    /** Applies the task's own options to the settings (after the common ones). */
    HyperParameters applyTaskOptions(HyperParameters hp) {
        return hp;
    }

    /** Reads the data, trains, prints and reports; returns the exit code ({@link #finish}). */
    abstract int train(Run run) throws IOException;

    @Override
    public final Integer call() throws IOException {
        TrainCommonOptions c = common();
        c.threads.apply();
        checkOptions();
        checkTaskOptions();
        Path resume = c.training.resume;
        ModelDirectory.Contents resumed = null;
        if (resume != null) {
            resumed = ModelDirs.load(spec.commandLine(), "--resume", resume);
            ModelDirs.requireTask(resumed, resume, "train --task " + task, task);
            if (resumed.training() == null) {
                throw new InvalidInputException("cannot resume from " + resume
                        + ": it holds weights only, no training state");
            }
        }
        Path dir = out != null ? out : resume;
        ModelDirs.checkOutputDirectory(spec.commandLine(), dir, c.training.resume, c.training.overwrite);
        data.existing();
        TrainingHistory history = resumed != null
                ? TrainingHistory.resumed(resume, resumed.training().step())
                : new TrainingHistory();
        Run run = new Run(hyperParameters(resumed), resumed, dir, history);
        liveView = c.ui != null ? startLiveView(c.ui, dir) : null;
        try (InterruptCleanup cleanup = InterruptCleanup.install();
                InterruptSignals s = InterruptSignals.install(System.err)) {
            signals = s;
            int code = train(run);
            return s.exitCode() != 0 ? interrupted(s, dir) : code;
        } catch (DivergenceException e) {
            throw new InvalidInputException(e.getMessage(), e);
        } finally {
            signals = null;
            if (liveView != null) {
                liveView.close();
            }
        }
    }

    /** {@code --ui}: the live view, announced on standard error. */
    private LiveView startLiveView(int port, Path dir) throws IOException {
        LiveView view;
        try {
            view = LiveView.start(port, task + " training: " + dir);
        } catch (java.net.BindException e) {
            throw new BadArgumentException(spec.commandLine(), "--ui: cannot serve on 127.0.0.1:" + port + " ("
                    + e.getMessage() + "); give another port, or none for a free one");
        }
        spec.commandLine().getErr().println("rnn4j: live view at " + view.url() + " until the run ends");
        spec.commandLine().getErr().flush();
        return view;
    }

    /** The one line of a run stopped by a signal: where its checkpoint is and how to go on; the signal's code. */
    private int interrupted(InterruptSignals s, Path dir) {
        PrintWriter err = spec.commandLine().getErr();
        String resumeLine = "rnn4j train " + task + " --data " + data.file + " --resume " + dir;
        err.println("rnn4j: interrupted by " + s.signalName() + (lastCheckpoint >= 0
                ? " at step " + lastCheckpoint + "; checkpoint saved in " + dir + "; continue with: " + resumeLine
                : "; nothing was saved"));
        err.flush();
        return s.exitCode();
    }

    private void checkOptions() {
        TrainingOptions t = common().training;
        if (out == null && t.resume == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'"
                    + " (or --resume DIR to continue a run in place)");
        }
        if (t.clipNorm != null && t.clipValue != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--clip-norm and --clip-value cannot be combined; give one");
        }
    }

    /** Options given, else the resumed run's settings, else the task's defaults. */
    private HyperParameters hyperParameters(ModelDirectory.Contents resumed) {
        HyperParameters hp = resumed != null
                ? SavedHyperParameters.read(resumed.task(),
                        common().training.resume.resolve(ModelDirectory.MANIFEST).toString())
                : taskDefaults.get();
        try {
            return common().training.applyTo(applyTaskOptions(common().architecture.applyTo(hp)));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------ for the tasks

    /** The task's name: {@code lm}, {@code forecast} or {@code classify}. */
    final String task() {
        return task;
    }

    /** The data file (checked to exist before {@link #train} is called). */
    final Path dataFile() {
        return data.file;
    }

    /** The checkpoint being continued, or null. */
    final Path resumeDir() {
        return common().training.resume;
    }

    /** {@code --val-fraction}, or null. */
    final Double valFraction() {
        return common().training.valFraction;
    }

    final PrintWriter stdout() {
        return spec.commandLine().getOut();
    }

    /**
     * Progress on standard error.
     *
     * @param stepsPerEpoch steps in one pass over the data, for an epoch limit; ≤ 0 when unknown
     * @param unit          what the throughput counts
     */
    final TrainingProgress progress(Run run, long stepsPerEpoch, String unit, TrainingProgress.LossView view) {
        return progress(run, stepsPerEpoch, unit, view, "val");
    }

    /**
     * Progress whose validation scores only a part of the validation data.
     *
     * @param validationLabel what the validation during training is, e.g. {@code val (16k-char slice)}
     */
    final TrainingProgress progress(Run run, long stepsPerEpoch, String unit, TrainingProgress.LossView view,
            String validationLabel) {
        if (liveView != null) {
            ClipConfig clip = run.hp().clip();
            liveView.labels(view, unit, clip.mode() == ClipConfig.Mode.NORM ? clip.threshold() : Double.NaN,
                    validationLabel);
        }
        return new TrainingProgress(spec.commandLine().getErr(), TrainingProgress.Mode.choose(common().quiet),
                run.hp().limits(), stepsPerEpoch, unit, view, validationLabel);
    }

    /** Listeners, checkpoints, validation and resume for the library's training run. */
    final RunOptions runOptions(Run run, TrainingProgress progress) {
        TrainingOptions t = common().training;
        RunOptions options = RunOptions.none().withListener(progress).withListener(run.history());
        if (liveView != null) {
            options = options.withListener(liveView);
        }
        options = options
                .withCheckpoints(run.dir(), t.checkpointEvery, t.checkpointSeconds)
                .withValidateEvery(t.validateEvery != null ? t.validateEvery : defaultValidateEvery)
                .withOnDivergence(t.onDivergence);
        InterruptSignals s = signals;
        if (s != null) {
            options = options.withStop(s.stopSignal()).withListener(new TrainingListener() {
                @Override
                public void onStep(StepEvent event) {
                    s.runStarted();
                }

                @Override
                public void onCheckpoint(int step, Path written) {
                    lastCheckpoint = step;
                }
            });
        }
        return t.resume != null ? options.withResume(t.resume) : options;
    }

    /** A report that opens with the run and its settings. */
    final TrainingReport report(String title, Run run, TrainingSummary s) {
        return ReportSections.start(title, new ReportSections.Run(task, data.file, run.dir(), resumeDir(),
                Main.kernels().name(), VersionProvider.rnn4jVersion()), s, run.hp());
    }

    /** Writes metrics.json and the report into the model directory, then prints the JSON line. */
    final int finish(Run run, TrainingReport report, JsonResult json) throws IOException {
        AtomicFiles.writeString(run.dir().resolve(MetricsJson.FILE), json.root().toPrettyString() + "\n");
        run.history().save(run.dir());
        PrintWriter o = stdout();
        InterruptSignals s = signals;
        // an interrupted run ends as soon as its checkpoint and metrics are saved: the plots take seconds
        if (!common().noReport && (s == null || s.exitCode() == 0)) {
            report.write(run.dir());
            o.println("  report: " + run.dir().resolve(TrainingReport.FILE));
        }
        if (common().json.requested()) {
            json.print(o);
        }
        o.flush();
        return ExitCodes.OK;
    }

    // ------------------------------------------------------------------------------------------ help

    /**
     * Each setting option's default, as the task's library defines it: the options themselves are null
     * when not given, so that a resumed run keeps its own settings.
     */
    @Override
    public final Map<String, String> helpDefaults() {
        Map<String, String> d = settingDefaults(taskDefaults.get(), defaultValidateEvery);
        d.putAll(taskHelpDefaults());
        return d;
    }

    /** The help's defaults of the settings options ({@code --hidden} → {@code 256}) for the defaults {@code hp}. */
    static Map<String, String> settingDefaults(HyperParameters hp, int defaultValidateEvery) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("--out", "none; with --resume, the resumed directory");
        d.put("--cell", hp.cell().id());
        d.put("--activation", hp.activation().id() + (hp.cell() == CellType.RNN ? "" : " (used by rnn cells only)"));
        d.put("--layers", Integer.toString(hp.layers()));
        d.put("--hidden", Integer.toString(hp.hiddenSize()));
        d.put("--dropout", Double.toString(hp.dropout()));
        d.put("--batch", Integer.toString(hp.batchSize()));
        d.put("--optimizer", hp.optimizer().name());
        d.put("--lr", Double.toString(hp.optimizer().learningRate()));
        d.put("--weight-decay", Double.toString(hp.optimizer().effectiveWeightDecay()));
        d.put("--clip-norm",
                hp.clip().mode() == ClipConfig.Mode.NORM ? Double.toString(hp.clip().threshold()) : "none");
        d.put("--clip-value", hp.clip().mode() == ClipConfig.Mode.VALUE
                ? Double.toString(hp.clip().threshold())
                : "none");
        d.put("--steps", hp.maxSteps() > 0 ? Long.toString(hp.maxSteps()) : "no limit");
        d.put("--epochs", hp.maxEpochs() > 0 ? Long.toString(hp.maxEpochs()) : "no limit");
        d.put("--time-budget", hp.timeBudgetSeconds() > 0 ? Numbers.clock(hp.timeBudgetSeconds()) : "no limit");
        d.put("--validate-every", defaultValidateEvery > 0
                ? Integer.toString(defaultValidateEvery)
                : "the task's own interval");
        d.put("--patience", Integer.toString(hp.patience()));
        d.put("--seed", Long.toString(hp.seed()));
        d.put("--resume", "none (a new run)");
        return d;
    }

    /** One line of the task's default settings, for its help. */
    final String describeDefaults() {
        HyperParameters hp = taskDefaults.get();
        StringBuilder s = new StringBuilder();
        s.append(hp.bidirectional() ? "bidirectional " : "").append(hp.cell().id()).append(' ').append(hp.layers())
                .append('x').append(hp.hiddenSize());
        s.append(", batch ").append(hp.batchSize());
        s.append(", ").append(hp.optimizer().name()).append(' ').append(hp.optimizer().learningRate());
        if (hp.optimizer().effectiveWeightDecay() > 0) {
            s.append(" (weight decay ").append(hp.optimizer().effectiveWeightDecay()).append(')');
        }
        if (hp.clip().mode() != ClipConfig.Mode.NONE) {
            s.append(", clip ").append(hp.clip().mode().name().toLowerCase(Locale.ROOT).replace('_', '-')).append(' ')
                    .append(hp.clip().threshold());
        }
        if (hp.dropout() > 0) {
            s.append(", dropout ").append(hp.dropout());
        }
        s.append(", seed ").append(hp.seed()).append(", ");
        List<String> limits = new ArrayList<>();
        if (hp.maxSteps() > 0) {
            limits.add(hp.maxSteps() + " steps");
        }
        if (hp.maxEpochs() > 0) {
            limits.add(hp.maxEpochs() + " epochs");
        }
        if (hp.timeBudgetSeconds() > 0) {
            limits.add(Numbers.clock(hp.timeBudgetSeconds()) + " of training");
        }
        s.append(String.join(" or ", limits));
        s.append(taskDefaultsDescription());
        if (defaultValidateEvery > 0) {
            s.append(", validate every ").append(defaultValidateEvery).append(" steps");
        }
        if (hp.patience() > 0) {
            s.append(", early stopping after ").append(hp.patience())
                    .append(" validations without improvement (the best weights kept)");
        }
        return s.toString();
    }

    /**
     * Adds the task's defaults, as its library defines them, to the description of the subcommand's
     * help. Built with the command rather than in the annotation because they are computed.
     */
    static final class DefaultsInHelp implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            TrainTaskCommand command = (TrainTaskCommand) spec.userObject();
            List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
            lines.add("");
            lines.add("The settings not given are the task's defaults, chosen to train a good model without tuning:");
            // description lines are format strings
            lines.add("  " + command.describeDefaults().replace("%", "%%"));
            spec.usageMessage().description(lines.toArray(new String[0]));
            return spec;
        }
    }
}
