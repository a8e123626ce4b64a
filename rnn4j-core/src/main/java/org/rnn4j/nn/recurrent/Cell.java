package org.rnn4j.nn.recurrent;

import org.rnn4j.kernel.Kernels;

/**
 * One time step of a recurrent cell, forward and backward, for a range of sequences: the place to
 * read a cell's equations. The projections that feed a step ({@code xproj = x·W_ihᵀ + b_ih},
 * {@code hproj = h·W_hhᵀ + b_hh}) and the weight gradients are the same products for every cell and
 * are done by {@link DirectionalRecurrence}; a cell turns the projections into its gates and new
 * state, and, going back, turns dL/dh into the gradients of the projections. Each step is one fused
 * pointwise kernel of {@link Kernels}.
 */
sealed interface Cell permits RnnCell, LstmCell, GruCell {

    /** The cell of a layer of {@code config}. */
    static Cell of(RecurrentConfig config, Kernels kernels) {
        return switch (config.cell()) {
            case RNN -> new RnnCell(kernels, config.activation(), config.hiddenSize());
            case LSTM -> new LstmCell(kernels, config.hiddenSize(), config.projSize());
            case GRU -> new GruCell(kernels, config.hiddenSize());
        };
    }

    /**
     * From this step's {@code xproj} and {@code hproj} rows and the state entering the step, writes
     * the activated gates (when backward needs them, else the reused slot of {@code s.gates}) and the
     * state after the step.
     */
    void forward(Step s, RecurrenceBuffers b);

    /**
     * From dL/dh after the step ({@code dhAfter}, the range's rows of a {@code [B, S]} slice) and the
     * kept gates and states, writes dL/d xproj and dL/d hproj of the step and the part of dL/dh
     * before the step that does not go through {@code W_hh} into {@code dhBefore} (the caller adds
     * {@code dHproj·W_hh}). An LSTM carries dL/dc from step to step in {@code b.dc}.
     */
    void backward(Step s, RecurrenceBuffers b, float[] dhAfter, float[] dhBefore);
}
