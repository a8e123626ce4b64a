package org.rnn4j.train;

/**
 * How a fresh model's parameters are drawn. The default is PyTorch's: every recurrent tensor
 * uniform in {@code ±1/√H}, the embedding standard normal, a Linear layer's weight and bias uniform in
 * {@code ±1/√fan_in}. The options change parts of it.
 *
 * @param forgetBias          LSTM only: the forget-gate block of {@code b_ih} set to this value and of
 *                            {@code b_hh} to 0, so that the cell keeps its state at the start
 *                            (Gers et al. 2000; Jozefowicz et al. 2015 recommend 1.0); NaN = leave PyTorch's
 * @param orthogonalRecurrent each {@code H×S} gate block of {@code W_hh} a random orthogonal matrix
 *                            (Saxe et al. 2014)
 * @param identityRecurrent   RNN only: {@code W_hh = I} and zero biases, the IRNN of Le, Jaitly and Hinton
 *                            2015 (meant for ReLU)
 * @param xavierInput         {@code W_ih} uniform in {@code ±√(6/(fan_in+fan_out))} per gate block
 *                            (Glorot and Bengio 2010)
 */
public record InitConfig(double forgetBias, boolean orthogonalRecurrent, boolean identityRecurrent,
        boolean xavierInput) {

    /** PyTorch's defaults, nothing changed. */
    public static InitConfig pytorch() {
        return new InitConfig(Double.NaN, false, false, false);
    }

    public InitConfig withForgetBias(double value) {
        return new InitConfig(value, orthogonalRecurrent, identityRecurrent, xavierInput);
    }

    public InitConfig withOrthogonalRecurrent(boolean value) {
        return new InitConfig(forgetBias, value, identityRecurrent, xavierInput);
    }

    public InitConfig withIdentityRecurrent(boolean value) {
        return new InitConfig(forgetBias, orthogonalRecurrent, value, xavierInput);
    }

    public InitConfig withXavierInput(boolean value) {
        return new InitConfig(forgetBias, orthogonalRecurrent, identityRecurrent, value);
    }
}
