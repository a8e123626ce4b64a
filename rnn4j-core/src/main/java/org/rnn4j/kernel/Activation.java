package org.rnn4j.kernel;

/**
 * Element-wise nonlinearity of a vanilla RNN cell. Each derivative is written in terms of the
 * activation's output {@code y}, which is what the forward pass keeps.
 */
public enum Activation {
    /** {@code y = tanh(a)}, {@code dy/da = 1 - y²}. */
    TANH,
    /** {@code y = max(0, a)}, {@code dy/da = 1 if y > 0 else 0} (0 at exactly 0, as PyTorch). */
    RELU,
    /** {@code y = σ(a)}, {@code dy/da = y (1 - y)}. */
    SIGMOID;

    /** The lower-case name used on the command line and in model configs. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code tanh}, {@code relu} or {@code sigmoid}, case-insensitively. */
    public static Activation parse(String id) {
        for (Activation a : values()) {
            if (a.id().equalsIgnoreCase(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("activation must be tanh, relu or sigmoid, got '" + id + "'");
    }
}
