package org.rnn4j.nn.recurrent;

/**
 * Observes backpropagation through time: called once per layer, direction and step with the
 * gradient of the loss with respect to the state after that step, {@code ∂L/∂h_t} ({@code [B, S]}).
 * Used to measure how gradients vanish or explode over time; costs nothing when not set.
 */
@FunctionalInterface
public interface StepGradientProbe {

    /**
     * @param layer     0 = the layer reading the input
     * @param direction 0 forward, 1 backward
     * @param t         the time step
     * @param dh        ∂L/∂h_t, read-only, valid only during the call: [batch, stateSize] from dhOff
     */
    void observe(int layer, int direction, int t, float[] dh, int dhOff, int batch, int stateSize);
}
