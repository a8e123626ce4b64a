package org.rnn4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rnn4j.cli.report.Numbers;
import org.rnn4j.train.TrainingListener;
import org.rnn4j.train.TrainingLoop;

/**
 * Shows a training run's progress on standard error: step, share done, smoothed loss, the last
 * validation, throughput and ETA. On a terminal it is a progress bar (me.tongfei:progressbar); when
 * standard error is not a terminal (a log file, a pipe, a test) it is a line every
 * {@link #LOG_INTERVAL_SECONDS} seconds and at each validation; with {@code --quiet} it is nothing.
 * Never on standard output, which belongs to the results (and the {@code --json} line).
 *
 * <p>The share done is that of the limit closest to being reached: steps, epochs or time.
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
     * @param label     the unit's name ({@code bpc}, {@code mse}, {@code nats})
     * @param transform from the loss to the unit
     */
    record LossView(String label, DoubleUnaryOperator transform) {
        static final LossView BITS_PER_CHARACTER = new LossView("bpc", nats -> nats / Math.log(2));
        static final LossView NATS = new LossView("nats", x -> x);
        static final LossView MSE = new LossView("mse", x -> x);

        String format(double loss) {
            return String.format(Locale.ROOT, "%.4f %s", transform.applyAsDouble(loss), label);
        }
    }

    static final double LOG_INTERVAL_SECONDS = 10;
    private static final double SMOOTHING = 0.95;

    private final PrintWriter err;
    private final Mode mode;
    private final TrainingLoop.Limits limits;
    private final long stepsPerEpoch;
    private final String unit;
    private final LossView view;
    private ProgressBar bar;
    private int firstStep;
    private double smoothed = Double.NaN;
    private double lastValidation = Double.NaN;
    private double lastLogged = Double.NEGATIVE_INFINITY;
    private TrainingListener.StepEvent last;

    /**
     * @param err           standard error (log lines); the bar writes to {@code System.err} itself
     * @param stepsPerEpoch steps in one pass over the data, for an epoch limit; ≤ 0 when unknown
     * @param unit          what the throughput counts ({@code chars}, {@code windows}, {@code sequences})
     */
    TrainingProgress(PrintWriter err, Mode mode, TrainingLoop.Limits limits, long stepsPerEpoch, String unit,
            LossView view) {
        this.err = err;
        this.mode = mode;
        this.limits = limits;
        this.stepsPerEpoch = stepsPerEpoch;
        this.unit = unit;
        this.view = view;
    }

    @Override
    public void onStart(long plannedSteps, int firstStep) {
        this.firstStep = firstStep;
        if (mode == Mode.BAR) {
            bar = new ProgressBarBuilder()
                    .setTaskName("train")
                    .setInitialMax(barMax())
                    .setUnit(barUnit(), 1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                    .setUpdateIntervalMillis(500)
                    .hideEta()
                    .build();
            if (barCounts() == BarCount.STEPS) {
                bar.stepTo(firstStep - 1);
            }
        } else if (mode == Mode.LOG) {
            err.println("rnn4j: training from step " + firstStep + " until " + describeLimits());
            err.flush();
        }
    }

    /** What the bar counts: steps when only a step limit is set, seconds when only a time budget, else percent. */
    private enum BarCount {
        STEPS, SECONDS, PERCENT
    }

    private BarCount barCounts() {
        boolean steps = limits.maxSteps() > 0;
        boolean epochs = limits.maxEpochs() > 0;
        boolean time = limits.timeBudgetSeconds() > 0;
        if (steps && !epochs && !time) {
            return BarCount.STEPS;
        }
        if (time && !steps && !epochs) {
            return BarCount.SECONDS;
        }
        return BarCount.PERCENT;
    }

    private long barMax() {
        return switch (barCounts()) {
            case STEPS -> limits.maxSteps();
            case SECONDS -> (long) Math.ceil(limits.timeBudgetSeconds());
            case PERCENT -> 100;
        };
    }

    private String barUnit() {
        return switch (barCounts()) {
            case STEPS -> " steps";
            case SECONDS -> " s";
            case PERCENT -> "%";
        };
    }

    private long barValue(StepEvent event) {
        return switch (barCounts()) {
            case STEPS -> event.result().step();
            case SECONDS -> Math.min(barMax(), (long) event.elapsedSeconds());
            case PERCENT -> Math.round(100 * fractionDone(event));
        };
    }

    @Override
    public void onStep(StepEvent event) {
        last = event;
        double loss = event.result().loss();
        smoothed = Double.isNaN(smoothed) ? loss : SMOOTHING * smoothed + (1 - SMOOTHING) * loss;
        if (mode == Mode.BAR) {
            bar.stepTo(barValue(event));
            bar.setExtraMessage(status(event));
        } else if (mode == Mode.LOG && event.elapsedSeconds() - lastLogged >= LOG_INTERVAL_SECONDS) {
            log(event);
        }
    }

    @Override
    public void onValidation(int step, double loss) {
        lastValidation = loss;
        if (mode == Mode.LOG) {
            err.println("rnn4j: validation at step " + step + ": " + view.format(loss));
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
                bar.setExtraMessage(status(last));
            }
            if (last != null) {
                bar.stepTo(barValue(last));
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
        err.println("rnn4j: " + status(event) + String.format(Locale.ROOT, " | %3.0f%%", 100 * fractionDone(event)));
        err.flush();
    }

    /** step, loss, validation, throughput, ETA. */
    private String status(StepEvent event) {
        StringBuilder s = new StringBuilder();
        s.append("step ").append(event.result().step());
        s.append(" | loss ").append(view.format(smoothed));
        if (!Double.isNaN(lastValidation)) {
            s.append(" | val ").append(view.format(lastValidation));
        }
        s.append(" | ").append(Numbers.rate(event.positionsPerSecond())).append(' ').append(unit).append("/s");
        double f = fractionDone(event);
        if (f > 0 && f < 1) {
            s.append(" | ETA ").append(Numbers.clock(event.elapsedSeconds() * (1 - f) / f));
        }
        return s.toString();
    }

    /** The share of the run done: the largest over the limits that are set. */
    private double fractionDone(StepEvent event) {
        double f = 0;
        int step = event.result().step();
        int done = step - firstStep + 1;
        if (limits.maxSteps() > 0) {
            long total = limits.maxSteps() - firstStep + 1;
            f = Math.max(f, total <= 0 ? 1 : (double) done / total);
        }
        if (limits.maxEpochs() > 0 && stepsPerEpoch > 0) {
            f = Math.max(f, (double) done / (limits.maxEpochs() * stepsPerEpoch));
        }
        if (limits.timeBudgetSeconds() > 0) {
            f = Math.max(f, event.elapsedSeconds() / limits.timeBudgetSeconds());
        }
        return Math.min(1, f);
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
