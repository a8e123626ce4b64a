package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.cli.report.Numbers;

/**
 * One line of training progress laid out for a width: the fields in a fixed order (step, bar, share
 * done, loss, validation, throughput, ETA), each figure with its unit. When the line does not fit, the
 * bar narrows and then goes, the fields take their short forms, and then the least useful fields are
 * left out (throughput first, then validation, the share done and the ETA), so that a 40-column
 * terminal still shows the step and the loss with its unit, and no line is ever wider than asked.
 */
final class StatusLine {

    /** The narrowest bar worth drawing, brackets included. */
    static final int MIN_BAR = 12;
    /** The widest bar drawn, brackets included: beyond it the line only gets emptier. */
    static final int MAX_BAR = 42;

    /**
     * What the line shows.
     *
     * @param step           the last step done
     * @param maxSteps       the step limit, or 0 without one
     * @param fractionDone   the share of the run done in [0, 1], NaN when unknown
     * @param loss           the smoothed training loss in the unit, NaN before the first step
     * @param validation     the last validation loss in the unit, NaN before the first validation
     * @param throughput     positions per second
     * @param etaSeconds     the time left, NaN while it is not yet meaningful
     */
    record Status(long step, long maxSteps, double fractionDone, double loss, double validation, double throughput,
            double etaSeconds) {
    }

    /**
     * How the figures are labelled.
     *
     * @param unit            the loss's unit in full ({@code bits/char}, {@code nats}, {@code MSE})
     * @param shortUnit       its short form ({@code bpc})
     * @param validationLabel what the validation figure is ({@code val}, or {@code val (16k-char slice)}
     *                        when only a part of the validation data is scored during training)
     * @param shortValidation its short form
     * @param throughputUnit  what the throughput counts ({@code chars})
     */
    record Labels(String unit, String shortUnit, String validationLabel, String shortValidation,
            String throughputUnit) {
    }

    private StatusLine() {
    }

    /** The fields in display order; a lower rank is left out later when the line is too wide. */
    private enum Field {
        STEP(0), BAR(6), PERCENT(3), LOSS(1), VALIDATION(4), THROUGHPUT(5), ETA(2);

        final int rank;

        Field(int rank) {
            this.rank = rank;
        }
    }

    /**
     * The line for {@code width} columns; with {@code bar}, a progress bar when the share done is known
     * and there is room.
     */
    static String render(Status s, Labels labels, int width, boolean bar) {
        List<Field> shown = new ArrayList<>(List.of(Field.values()));
        if (!bar || Double.isNaN(s.fractionDone())) {
            shown.remove(Field.BAR);
        }
        if (Double.isNaN(s.fractionDone())) {
            shown.remove(Field.PERCENT);
        }
        if (Double.isNaN(s.loss())) {
            shown.remove(Field.LOSS);
        }
        if (Double.isNaN(s.validation())) {
            shown.remove(Field.VALIDATION);
        }
        if (!(s.throughput() > 0)) {
            shown.remove(Field.THROUGHPUT);
        }
        if (Double.isNaN(s.etaSeconds())) {
            shown.remove(Field.ETA);
        }
        List<Field> withoutBar = new ArrayList<>(shown);
        withoutBar.remove(Field.BAR);
        // full forms with the bar, without it, short forms with the bar, then fields left out one by one
        for (List<Field> fields : List.of(shown, withoutBar)) {
            String line = join(s, labels, fields, false, width);
            if (line != null) {
                return line;
            }
        }
        String withBar = join(s, labels, shown, true, width);
        if (withBar != null) {
            return withBar;
        }
        while (!withoutBar.isEmpty()) {
            String line = join(s, labels, withoutBar, true, width);
            if (line != null) {
                return line;
            }
            withoutBar.remove(leastUseful(withoutBar));
        }
        String line = text(s, labels, Field.STEP, true);
        return line.length() <= width ? line : line.substring(0, Math.max(0, width));
    }

    /** The fields joined, the bar taking what is left; null when they do not fit. */
    private static String join(Status s, Labels labels, List<Field> fields, boolean compact, int width) {
        String sep = compact ? " " : " | ";
        int fixed = 0;
        int count = 0;
        for (Field f : fields) {
            if (f != Field.BAR) {
                fixed += text(s, labels, f, compact).length();
            }
            count++;
        }
        fixed += sep.length() * (count - 1);
        int barWidth = 0;
        if (fields.contains(Field.BAR)) {
            barWidth = Math.min(MAX_BAR, width - fixed);
            if (barWidth < MIN_BAR) {
                return null;
            }
        }
        if (fixed + barWidth > width) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        for (Field f : fields) {
            if (line.length() > 0) {
                // the bar sits between the step and the share done with single spaces
                line.append(f == Field.BAR || f == Field.PERCENT && fields.contains(Field.BAR) ? " " : sep);
            }
            line.append(f == Field.BAR ? bar(s.fractionDone(), barWidth) : text(s, labels, f, compact));
        }
        return line.toString();
    }

    private static Field leastUseful(List<Field> fields) {
        Field worst = fields.get(0);
        for (Field f : fields) {
            if (f.rank > worst.rank) {
                worst = f;
            }
        }
        return worst;
    }

    private static String text(Status s, Labels labels, Field f, boolean compact) {
        String unit = compact ? labels.shortUnit() : labels.unit();
        return switch (f) {
            case STEP -> (compact ? "" : "step ") + s.step() + (s.maxSteps() > 0 ? "/" + s.maxSteps() : "");
            case BAR -> "";
            case PERCENT -> String.format(Locale.ROOT, "%.0f%%", 100 * s.fractionDone());
            case LOSS -> "loss " + loss(s.loss()) + " " + unit;
            case VALIDATION -> (compact ? labels.shortValidation() : labels.validationLabel()) + " "
                    + loss(s.validation()) + " " + unit;
            case THROUGHPUT -> Numbers.rate(s.throughput()) + " " + labels.throughputUnit() + "/s";
            case ETA -> "ETA " + Numbers.clock(s.etaSeconds());
        };
    }

    private static String loss(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.4f", v);
    }

    /** {@code [=====>    ]} of {@code width} columns, brackets included. */
    static String bar(double fraction, int width) {
        int inner = width - 2;
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * inner);
        StringBuilder b = new StringBuilder(width).append('[');
        for (int i = 0; i < inner; i++) {
            b.append(i < filled - 1 || i == inner - 1 && filled == inner ? '=' : i == filled - 1 ? '>' : ' ');
        }
        return b.append(']').toString();
    }
}
