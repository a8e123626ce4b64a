package org.rnn4j.model;

/** Where the head of a {@link SequenceModel} reads the recurrent stack. */
public enum OutputMode {
    /** Many-to-many: the head is applied at every step (language models, sequence labelling). */
    EVERY_STEP,
    /**
     * Many-to-one: the head reads each sequence's final state of the top layer, that is the state
     * after its last valid step (forward) concatenated with the state after step 0 (backward).
     */
    LAST_STEP
}
