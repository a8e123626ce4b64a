package org.rnn4j.nn.recurrent;

import org.rnn4j.kernel.QuantizedMatrix;

/**
 * Where the rows of one time step sit in the {@link RecurrenceBuffers} of a pass: the time loops of
 * {@link DirectionalRecurrence} make one for their range of sequences {@code [b0, b0 + rows)} and
 * move it from step to step, and a {@link Cell} reads and writes its step through it. Every field is
 * an offset into the array of the same name, at the range's first row.
 */
final class Step {

    /** The range's first sequence and its number of sequences. */
    final int b0;
    final int rows;
    /** The range's rows in a {@code [B, S]} and a {@code [B, H]} slice: {@code b0·S}, {@code b0·H}. */
    final int state;
    final int cell;

    /** The time step. */
    int t;
    /** {@code xproj} (and {@code dXproj}) {@code [·, G·H]} rows of this step. */
    int xproj;
    /** {@code hproj} (and {@code dHproj}) {@code [·, G·H]} rows of this step. */
    int hproj;
    /** {@code gates} {@code [·, G·H]} rows of this step. */
    int gates;
    /** {@code states} {@code [T+1, B, S]}: the state entering the step and the state it leaves. */
    int statePrev;
    int stateAfter;
    /** {@code cells} {@code [T+1, B, H]} (LSTM): the cell state entering and leaving the step. */
    int cellPrev;
    int cellAfter;
    /** {@code cellOut} {@code [T, B, H]} (LSTM with projection): {@code m} of this step. */
    int cellOut;
    /** {@code dStates} {@code [T, B, P]} (LSTM with projection): dL/dh of this step. */
    int dState;
    /** The packed {@code W_hr} of the running pass (LSTM with projection), for its product. */
    float[] projection;
    /** {@code W_hr} in reduced precision when the running pass reads it so, else null. */
    QuantizedMatrix projectionQuantized;

    Step(int b0, int b1, int stateSize, int hidden) {
        this.b0 = b0;
        this.rows = b1 - b0;
        this.state = b0 * stateSize;
        this.cell = b0 * hidden;
    }
}
