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
        return new RecurrentConfig(cell, Activation.TANH, inputSize, hiddenSize, 1, false, true, 0, false);
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

    public RecurrentConfig withBatchFirst(boolean value) {
        return new RecurrentConfig(cell, activation, inputSize, hiddenSize, numLayers, bidirectional, bias, projSize,
                value);
    }

    public RecurrentConfig withLayers(int layers) {
        return new RecurrentConfig(cell, activation, inputSize, hiddenSize, layers, bidirectional, bias, projSize,
                batchFirst);
    }

    public RecurrentConfig withBidirectional(boolean value) {
        return new RecurrentConfig(cell, activation, inputSize, hiddenSize, numLayers, value, bias, projSize,
                batchFirst);
    }

    public RecurrentConfig withActivation(Activation value) {
        return new RecurrentConfig(cell, value, inputSize, hiddenSize, numLayers, bidirectional, bias, projSize,
                batchFirst);
    }

    public RecurrentConfig withBias(boolean value) {
        return new RecurrentConfig(cell, activation, inputSize, hiddenSize, numLayers, bidirectional, value, projSize,
                batchFirst);
    }

    public RecurrentConfig withProjSize(int value) {
        return new RecurrentConfig(cell, activation, inputSize, hiddenSize, numLayers, bidirectional, bias, value,
                batchFirst);
    }
}
