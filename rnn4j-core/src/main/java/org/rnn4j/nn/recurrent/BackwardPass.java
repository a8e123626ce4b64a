package org.rnn4j.nn.recurrent;

/**
 * The arguments of one backward pass (through time) of one direction of one layer, for the last
 * {@link ForwardPass}; the legend is {@link DirectionalRecurrence}'s.
 *
 * @param dOut dL/d out, [T, B, ·] at this direction's columns, read; inactive positions are ignored
 * @param dhN  dL/d of the final state [B, S], or null for none
 * @param dcN  dL/d of the final cell state [B, H] (LSTM), or null for none
 * @param dX   [T, B, I], accumulated: dL/d input; null when the input gradient is not wanted
 * @param dh0  written: dL/d of the initial state [B, S], or null when not wanted
 * @param dc0  written: dL/d of the initial cell state [B, H] (LSTM), or null when not wanted
 */
record BackwardPass(Columns dOut, Slice dhN, Slice dcN, float[] dX, Slice dh0, Slice dc0) {
}
