package org.rnn4j.nn.recurrent;

import org.rnn4j.kernel.Activation;

/**
 * The shape of a recurrent module, with PyTorch's meaning of every field ({@code nn.RNN},
 * {@code nn.LSTM}, {@code nn.GRU}).
 *
 * @param cell           RNN, LSTM or GRU
 * @param activation     the RNN nonlinearity (ignored, and normalized to TANH, for LSTM and GRU)
 * @param inputSize      {@code I}, features per step
 * @param hiddenSize     {@code H}
 * @param numLayers      {@code L}, stacked layers; layer {@code k >= 1} reads layer {@code k-1}'s output
 * @param bidirectional  {@code D = 2} when true
 * @param bias           whether {@code b_ih} and {@code b_hh} exist
 * @param projSize       {@code P}, LSTM only: the recurrent state is {@code W_hr m} of length P; 0 = none
 * @param batchFirst     whether the input and output are {@code [B, T, ·]} instead of {@code [T, B, ·]}
 */
public record RecurrentConfig(CellType cell, Activation activation, int inputSize, int hiddenSize, int numLayers,
        boolean bidirectional, boolean bias, int projSize, boolean batchFirst) {

    public RecurrentConfig {
        if (cell == null) {
            throw new IllegalArgumentException("cell must be given (rnn, lstm or gru)");
        }
        if (activation == null || cell != CellType.RNN) {
            activation = Activation.TANH;
        }
        if (inputSize <= 0) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        if (hiddenSize <= 0) {
            throw new IllegalArgumentException("hiddenSize must be positive, got " + hiddenSize);
        }
        if (numLayers <= 0) {
            throw new IllegalArgumentException("numLayers must be positive, got " + numLayers);
        }
        if (projSize < 0) {
            throw new IllegalArgumentException("projSize must be 0 (none) or positive, got " + projSize);
        }
        if (projSize > 0 && cell != CellType.LSTM) {
            throw new IllegalArgumentException("projSize is for LSTM only, got projSize " + projSize + " with " + cell);
        }
        if (projSize >= hiddenSize && projSize > 0) {
            throw new IllegalArgumentException("projSize must be smaller than hiddenSize (as in PyTorch), got projSize "
                    + projSize + " and hiddenSize " + hiddenSize);
        }
    }

    /** A one-layer, unidirectional, time-major module with biases. */
    public static RecurrentConfig of(CellType cell, int inputSize, int hiddenSize) {
        return builder(cell, inputSize, hiddenSize).build();
    }

    /**
     * A builder starting from {@link #of}: one layer, one direction, tanh, biases, no projection,
     * time-major; change only what differs.
     */
    public static Builder builder(CellType cell, int inputSize, int hiddenSize) {
        return new Builder(cell, inputSize, hiddenSize);
    }

    /** A builder holding this configuration, to derive another. */
    public Builder toBuilder() {
        return new Builder(cell, inputSize, hiddenSize).activation(activation).layers(numLayers)
                .bidirectional(bidirectional).bias(bias).projSize(projSize).batchFirst(batchFirst);
    }

    /** {@code D}: 2 when bidirectional, otherwise 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** {@code Hout}: the length of the recurrent state {@code h} and of each direction's output. */
    public int stateSize() {
        return projSize > 0 ? projSize : hiddenSize;
    }

    /** The width of the module's output at one step: {@code D * Hout}. */
    public int outputSize() {
        return directions() * stateSize();
    }

    /** The input width of layer {@code k}: {@code I} for layer 0, {@code D * Hout} above it. */
    public int layerInputSize(int layer) {
        return layer == 0 ? inputSize : outputSize();
    }

    public boolean hasCellState() {
        return cell == CellType.LSTM;
    }

    /** Builds a {@link RecurrentConfig}; each setter names the PyTorch argument it stands for. */
    public static final class Builder {
        private final CellType cell;
        private final int inputSize;
        private final int hiddenSize;
        private Activation activation = Activation.TANH;
        private int layers = 1;
        private boolean bidirectional;
        private boolean bias = true;
        private int projSize;
        private boolean batchFirst;

        private Builder(CellType cell, int inputSize, int hiddenSize) {
            this.cell = cell;
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
        }

        /** {@code nonlinearity} of an RNN cell: tanh (the default), ReLU or sigmoid. */
        public Builder activation(Activation value) {
            this.activation = value;
            return this;
        }

        /** {@code num_layers}. */
        public Builder layers(int value) {
            this.layers = value;
            return this;
        }

        /** {@code bidirectional}. */
        public Builder bidirectional(boolean value) {
            this.bidirectional = value;
            return this;
        }

        /** {@code bias}: whether {@code b_ih} and {@code b_hh} exist. */
        public Builder bias(boolean value) {
            this.bias = value;
            return this;
        }

        /** {@code proj_size} (LSTM only; 0 = none). */
        public Builder projSize(int value) {
            this.projSize = value;
            return this;
        }

        /** {@code batch_first}: input and output {@code [B, T, ·]}. */
        public Builder batchFirst(boolean value) {
            this.batchFirst = value;
            return this;
        }

        /** The configuration, validated. */
        public RecurrentConfig build() {
            return new RecurrentConfig(cell, activation, inputSize, hiddenSize, layers, bidirectional, bias, projSize,
                    batchFirst);
        }
    }
}
