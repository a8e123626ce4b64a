package org.rnn4j.nn.recurrent;

/**
 * One direction's columns of a {@code [T, B, width]} array shared by both directions of a layer:
 * step {@code t}, sequence {@code b} is {@code array[(t·B + b)·width + column ...]}.
 *
 * @param array  the whole array
 * @param width  its row length: {@code D·S}
 * @param column where this direction's {@code S} values start in a row
 */
record Columns(float[] array, int width, int column) {
}
