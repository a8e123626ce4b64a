package org.rnn4j.classify;

import java.util.Locale;
import org.rnn4j.data.LabelledSequences;
import org.rnn4j.model.OutputMode;

/** Where a classifier's head reads the recurrent outputs ({@link OutputMode}), or the task's choice. */
public enum ClassifierHead {
    /**
     * {@link #ALL_STEPS} for token sequences that all have one length (aligned sites such as DNA
     * windows, where a position-wise linear model is the baseline to beat), {@link #MAX} otherwise.
     */
    AUTO(null),
    /** Each unit's maximum over the valid steps. */
    MAX(OutputMode.MAX_OVER_TIME),
    /** The final states. */
    LAST(OutputMode.LAST_STEP),
    /** Every step's output side by side: sequences of one fixed length only. */
    ALL_STEPS(OutputMode.ALL_STEPS);

    private final OutputMode mode;

    ClassifierHead(OutputMode mode) {
        this.mode = mode;
    }

    /** {@code auto}, {@code max}, {@code last} or {@code all-steps}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@link #id()}'s name back, case-insensitive. */
    public static ClassifierHead parse(String s) {
        for (ClassifierHead h : values()) {
            if (h.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return h;
            }
        }
        throw new IllegalArgumentException("the head must be auto, max, last or all-steps, got '" + s + "'");
    }

    /**
     * The output mode for training on {@code parts} (null parts are skipped).
     *
     * @throws IllegalArgumentException for {@link #ALL_STEPS} on sequences of different lengths
     */
    public OutputMode mode(LabelledSequences... parts) {
        return mode(parts[0].tokens() != null, fixedLength(parts));
    }

    /**
     * {@link #mode(LabelledSequences...)} from what it looks at: whether the sequences are tokens and their
     * one length (0 when they differ, negative when there are none).
     */
    public OutputMode mode(boolean tokens, int length) {
        if (this == AUTO) {
            return tokens && length > 0 ? OutputMode.ALL_STEPS : OutputMode.MAX_OVER_TIME;
        }
        if (this == ALL_STEPS && length <= 0) {
            throw new IllegalArgumentException("the all-steps head needs sequences of one length; these have "
                    + (length == 0 ? "several" : "none"));
        }
        return mode;
    }

    /** The one length of every sequence of {@code parts}, or 0 when they differ. */
    public static int fixedLength(LabelledSequences... parts) {
        int length = -1;
        for (LabelledSequences p : parts) {
            for (int i = 0; p != null && i < p.size(); i++) {
                if (length < 0) {
                    length = p.length(i);
                } else if (p.length(i) != length) {
                    return 0;
                }
            }
        }
        return Math.max(length, 0);
    }
}
