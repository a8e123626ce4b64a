package org.rnn4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.rnn4j.cli.report.Numbers;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingLoop;

/**
 * Shows a training run's progress on standard error: step, share done, smoothed loss, the last
 * validation, throughput and ETA, each figure with its unit, laid out by {@link StatusLine}. On a
 * terminal it is a line redrawn in place (me.tongfei:progressbar keeps it at the terminal's width);
 * when standard error is not a terminal (a log file, a pipe, a test) it is a line every
 * {@link #LOG_INTERVAL_SECONDS} seconds and at each validation; with {@code --quiet} it is nothing.
 * Never on standard output, which belongs to the results (and the {@code --json} line).
 *
 * <p>The share done is that of the limit closest to being reached: steps, epochs or time. The ETA is
 * shown only once {@link #ETA_MIN_STEPS} steps and {@link #ETA_MIN_SECONDS} seconds have passed after
 * the first step, whose start-up (loading, JIT compilation) says nothing about the rest.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {

    /** How progress is shown. */
    enum Mode {
        BAR, LOG, QUIET;

        /** A bar on a terminal, log lines otherwise, nothing when quiet. */
        static Mode choose(boolean quiet) {
            if (quiet) {
                return QUIET;
            }
            return System.console() != null ? BAR : LOG;
        }
    }

    /**
     * How a loss in the training's units is shown.
     *
     * @param unit      the unit's name ({@code bits/char}, {@code nats}, {@code MSE})
     * @param shortUnit its short form for narrow terminals ({@code bpc})
     * @param transform from the loss to the unit
     */
    record LossView(String unit, String shortUnit, DoubleUnaryOperator transform) {
        static final LossView BITS_PER_CHARACTER = new LossView("bits/char", "bpc", nats -> nats / Math.log(2));
        static final LossView NATS = new LossView("nats", "nats", x -> x);
        static final LossView MSE = new LossView("MSE", "MSE", x -> x);

        String format(double loss) {
            return String.format(Locale.ROOT, "%.4f %s", transform.applyAsDouble(loss), unit);
        }
    }

    static final double LOG_INTERVAL_SECONDS = 10;
    /** Steps after the first before an ETA is shown. */
    static final int ETA_MIN_STEPS = 5;
    /** Seconds after the first step before an ETA is shown. */
    static final double ETA_MIN_SECONDS = 2;
    /** Log lines are not cut: a log viewer wraps or scrolls. */
    private static final int LOG_WIDTH = 1000;
    private static final double SMOOTHING = 0.95;

    private final PrintWriter err;
    private final Mode mode;
    private final TrainingLoop.Limits limits;
    private final long stepsPerEpoch;
    private final LossView view;
    private final StatusLine.Labels labels;
    private ProgressBar bar;
    private int firstStep;
    private double smoothed = Double.NaN;
    private double lastValidation = Double.NaN;
    private double lastLogged = Double.NEGATIVE_INFINITY;
    private double firstStepSeconds = Double.NaN;
    private double firstStepFraction;
    private TrainingListener.StepEvent last;
    private volatile StatusLine.Status status;

    /**
     * @param err             standard error (log lines); the bar writes to {@code System.err} itself
     * @param stepsPerEpoch   steps in one pass over the data, for an epoch limit; ≤ 0 when unknown
     * @param unit            what the throughput counts ({@code chars}, {@code windows}, {@code sequences})
     * @param validationLabel what the validation during training scores, e.g. {@code val} or
     *                        {@code val (16k-char slice)}
     */
    TrainingProgress(PrintWriter err, Mode mode, TrainingLoop.Limits limits, long stepsPerEpoch, String unit,
            LossView view, String validationLabel) {
        this.err = err;
        this.mode = mode;
        this.limits = limits;
        this.stepsPerEpoch = stepsPerEpoch;
        this.view = view;
        String shortValidation = validationLabel.equals("val") ? "val" : "val~";
        this.labels = new StatusLine.Labels(view.unit(), view.shortUnit(), validationLabel, shortValidation, unit);
    }

    @Override
    public void onStart(long plannedSteps, int firstStep) {
        this.firstStep = firstStep;
        if (mode == Mode.BAR) {
            bar = new ProgressBarBuilder()
                    .setTaskName("train")
                    .setInitialMax(100)
                    .setRenderer((state, width) -> render(width))
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                    .setUpdateIntervalMillis(500)
                    .build();
        } else if (mode == Mode.LOG) {
            err.println("rnn4j: training from step " + firstStep + " until " + describeLimits());
            err.flush();
        }
    }

    /**
     * The bar's line for the terminal's width, padded to it: the line is redrawn in place, and a
     * shorter line must cover the end of the longer one before it.
     */
    private String render(int width) {
        StatusLine.Status s = status;
        String line = s == null ? "train: starting" : StatusLine.render(s, labels, width, true);
        return line + " ".repeat(Math.max(0, width - line.length()));
    }

    @Override
    public void onStep(StepEvent event) {
        last = event;
        double loss = event.result().loss();
        smoothed = Double.isNaN(smoothed) ? loss : SMOOTHING * smoothed + (1 - SMOOTHING) * loss;
        status = status(event);
        if (mode == Mode.BAR) {
            bar.stepTo(Math.round(100 * fractionOrZero(event)));
        } else if (mode == Mode.LOG && event.elapsedSeconds() - lastLogged >= LOG_INTERVAL_SECONDS) {
            log(event);
        }
    }

    @Override
    public void onValidation(int step, double loss) {
        lastValidation = loss;
        if (mode == Mode.LOG) {
            err.println("rnn4j: " + labels.validationLabel() + " at step " + step + ": " + view.format(loss));
            err.flush();
        }
    }

    @Override
    public void onCheckpoint(int step, Path dir) {
        if (mode == Mode.LOG) {
            err.println("rnn4j: checkpoint at step " + step + " in " + dir);
            err.flush();
        }
    }

    @Override
    public void onFinish(int lastStep, String reason) {
        if (bar != null) {
            if (last != null) {
                status = status(last);
                bar.stepTo(Math.round(100 * fractionOrZero(last)));
            }
            bar.close();
            bar = null;
        }
        if (mode != Mode.QUIET) {
            String elapsed = last == null ? "" : " in " + Numbers.clock(last.elapsedSeconds());
            err.println("rnn4j: stopped at step " + lastStep + " (" + reason + " reached)" + elapsed);
            err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private void log(StepEvent event) {
        lastLogged = event.elapsedSeconds();
        err.println("rnn4j: " + StatusLine.render(status(event), labels, LOG_WIDTH, false));
        err.flush();
    }

    /** What the line shows after {@code event}. */
    StatusLine.Status status(StepEvent event) {
        double f = fractionDone(event);
        if (Double.isNaN(firstStepSeconds)) {
            firstStepSeconds = event.elapsedSeconds();
            firstStepFraction = Double.isNaN(f) ? 0 : f;
        }
        return new StatusLine.Status(event.result().step(), limits.maxSteps(), f,
                view.transform().applyAsDouble(smoothed), Double.isNaN(lastValidation)
                        ? Double.NaN
                        : view.transform().applyAsDouble(lastValidation),
                event.positionsPerSecond(), eta(event, f));
    }

    /**
     * The time left, from the pace since the first step; NaN until enough of the run has passed for
     * the pace to mean something, and at the end.
     */
    private double eta(StepEvent event, double f) {
        int after = event.result().step() - firstStep;
        double since = event.elapsedSeconds() - firstStepSeconds;
        if (Double.isNaN(f) || f >= 1 || after < ETA_MIN_STEPS || since < ETA_MIN_SECONDS
                || f <= firstStepFraction) {
            return Double.NaN;
        }
        double eta = since * (1 - f) / (f - firstStepFraction);
        if (limits.timeBudgetSeconds() > 0) {
            eta = Math.min(eta, limits.timeBudgetSeconds() - event.elapsedSeconds());
        }
        return Math.max(0, eta);
    }

    private double fractionOrZero(StepEvent event) {
        double f = fractionDone(event);
        return Double.isNaN(f) ? 0 : f;
    }

    /** The share of the run done: the largest over the limits that are set; NaN without a limit. */
    private double fractionDone(StepEvent event) {
        double f = Double.NaN;
        int step = event.result().step();
        int done = step - firstStep + 1;
        if (limits.maxSteps() > 0) {
            long total = limits.maxSteps() - firstStep + 1;
            f = max(f, total <= 0 ? 1 : (double) done / total);
        }
        if (limits.maxEpochs() > 0 && stepsPerEpoch > 0) {
            f = max(f, (double) done / (limits.maxEpochs() * stepsPerEpoch));
        }
        if (limits.timeBudgetSeconds() > 0) {
            f = max(f, event.elapsedSeconds() / limits.timeBudgetSeconds());
        }
        return Double.isNaN(f) ? f : Math.min(1, f);
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Math.max(a, b);
    }
    private String describeLimits() {
        StringBuilder s = new StringBuilder();
        if (limits.maxSteps() > 0) {
            s.append("step ").append(limits.maxSteps());
        }
        if (limits.maxEpochs() > 0) {
            s.append(s.length() > 0 ? " or " : "").append(limits.maxEpochs())
                    .append(limits.maxEpochs() == 1 ? " epoch" : " epochs");
        }
        if (limits.timeBudgetSeconds() > 0) {
            s.append(s.length() > 0 ? " or " : "").append(Numbers.clock(limits.timeBudgetSeconds()))
                    .append(" of training");
        }
        return s + (s.indexOf(" or ") >= 0 ? ", whichever comes first" : "");
    }
}
