package org.rnn4j.nn.recurrent;

import java.util.Arrays;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.Kernels;

/**
 * The Elman RNN step, one gate block (PyTorch's {@code nn.RNN}):
 * <pre>
 * h_t = act(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh)        act = tanh, ReLU or sigmoid
 *
 * da = dL/dh_t ⊙ act'(a), written through the output: 1 - h², [h > 0], h(1 - h)
 * dL/dh_{t-1} = da·W_hh                                     (no other path)
 * </pre>
 */
final class RnnCell implements Cell {

    private final Kernels kernels;
    private final Activation activation;
    private final int hidden;

    RnnCell(Kernels kernels, Activation activation, int hidden) {
        this.kernels = kernels;
        this.activation = activation;
        this.hidden = hidden;
    }

    @Override
    public void forward(Step s, RecurrenceBuffers b) {
        // one call per sequence: an implementation may compute the last n % width elements of a
        // call another way, so a call must cover the same elements whatever the split of the batch
        for (int r = 0; r < s.rows; r++) {
            kernels.rnnForward(activation, hidden, b.xproj, s.xproj + r * hidden, b.hproj, s.hproj + r * hidden,
                    b.states, s.stateAfter + r * hidden);
        }
    }

    @Override
    public void backward(Step s, RecurrenceBuffers b, float[] dhAfter, float[] dhBefore) {
        kernels.rnnBackward(activation, s.rows * hidden, b.states, s.stateAfter, dhAfter, s.state, b.dXproj,
                s.gates);
        Arrays.fill(dhBefore, s.state, s.state + s.rows * hidden, 0f);
    }
}
