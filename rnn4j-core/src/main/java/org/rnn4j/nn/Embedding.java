package org.rnn4j.nn;

import java.util.Arrays;
import org.rnn4j.InvalidInputException;

/**
 * A lookup table of token vectors, PyTorch's {@code nn.Embedding}: {@code e[n] = W[token[n], :]},
 * with {@code W} named {@code <prefix>weight}, shape {@code [V, E]}. Rows of tokens that do not occur
 * get no gradient.
 */
public final class Embedding {

    private final int vocabSize;
    private final int dim;
    private final Parameter weight;
    private int[] tokens;
    private int count;
    private float[] output;

    public Embedding(String prefix, int vocabSize, int dim) {
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.weight = new Parameter(prefix + "weight", vocabSize, dim);
    }

    public Parameter weight() {
        return weight;
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int dim() {
        return dim;
    }

    /** Looks up {@code count} tokens; returns [count, E], owned by the layer. */
    public float[] forward(int[] tokenIds, int count) {
        if (tokens == null || tokens.length < count) {
            tokens = new int[count];
            output = new float[count * dim];
        }
        float[] w = weight.value();
        for (int n = 0; n < count; n++) {
            int id = tokenIds[n];
            if (id < 0 || id >= vocabSize) {
                throw new InvalidInputException(
                        "token id " + id + " at position " + n + " is outside the vocabulary [0, "
                                + vocabSize + ")");
            }
            tokens[n] = id;
            System.arraycopy(w, id * dim, output, n * dim, dim);
        }
        this.count = count;
        return output;
    }

    /** Adds {@code dy[n]} ([count, E]) into the gradient row of the n-th token of the last forward. */
    public void backward(float[] dy) {
        float[] g = weight.grad();
        for (int n = 0; n < count; n++) {
            int row = tokens[n] * dim;
            int src = n * dim;
            for (int j = 0; j < dim; j++) {
                g[row + j] += dy[src + j];
            }
        }
    }

    /** The tokens of the last forward pass (a copy). */
    public int[] lastTokens() {
        return Arrays.copyOf(tokens, count);
    }
}
