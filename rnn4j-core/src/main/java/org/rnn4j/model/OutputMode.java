package org.rnn4j.model;

/** Where the head of a {@link SequenceModel} reads the recurrent stack. */
public enum OutputMode {
    /** Many-to-many: the head is applied at every step (language models, sequence labelling). */
    EVERY_STEP,
    /**
     * Many-to-one: the head reads each sequence's final state of the top layer, that is the state
     * after its last valid step (forward) concatenated with the state after step 0 (backward).
     */
    LAST_STEP,
    /**
     * Many-to-one: the head reads, for every unit of the top layer's output (both directions side by
     * side), its maximum over the sequence's valid steps ({@code max_t y[t, b, j]} over {@code t < length_b}; a
     * sequence of length 0 reads zeros). A pattern anywhere in the sequence counts as much as one at its
     * end, which the final state alone has to carry over every later step (Collobert et al. 2011's max
     * over time; BiLSTM-max, Conneau et al. 2017).
     */
    MAX_OVER_TIME,
    /**
     * Many-to-one for sequences of one fixed length {@code T} ({@link ModelConfig#positions()}): the head
     * reads the top layer's outputs at every step side by side, {@code [y[0, b], ..., y[T-1, b]]}, so each
     * position has weights of its own. Where a pattern sits decides, as in DNA sites aligned on a
     * junction; the recurrent outputs give each position its context in both directions.
     */
    ALL_STEPS;

    /** Whether the head reads one row per sequence (many-to-one). */
    public boolean perSequence() {
        return this != EVERY_STEP;
    }
}
