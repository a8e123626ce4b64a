package org.rnn4j.nn.recurrent;

import org.rnn4j.kernel.Kernels;

/**
 * The GRU step (Cho et al. 2014, in PyTorch's form: the reset gate applied after {@code W_hn h + b_hn}),
 * gate blocks {@code [r | z | n]} ({@link org.rnn4j.kernel.Gates}):
 * <pre>
 * r = σ(xproj_r + hproj_r)     z = σ(xproj_z + hproj_z)
 * n = tanh(xproj_n + r ⊙ hproj_n)
 * h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
 *
 * dn = dh ⊙ (1 - z)            dz = dh ⊙ (h_{t-1} - n)
 * dxproj_n = dn ⊙ (1 - n²)     dhproj_n = dxproj_n ⊙ r     dr = dxproj_n ⊙ hproj_n
 * dxproj_r = dhproj_r = dr ⊙ r(1 - r)
 * dxproj_z = dhproj_z = dz ⊙ z(1 - z)
 * dL/dh_{t-1} = dh ⊙ z + dhproj·W_hh
 * </pre>
 * The input and recurrent projections get different gradients (the n block), so backward keeps
 * {@code dHproj} apart from {@code dXproj}, and the recurrent projection of every step is kept.
 */
final class GruCell implements Cell {

    private final Kernels kernels;
    private final int hidden;

    GruCell(Kernels kernels, int hidden) {
        this.kernels = kernels;
        this.hidden = hidden;
    }

    @Override
    public void forward(Step s, RecurrenceBuffers b) {
        kernels.gruForward(s.rows, hidden, b.xproj, s.xproj, b.hproj, s.hproj, b.states, s.statePrev, b.gates, s.gates,
                b.states, s.stateAfter);
    }

    @Override
    public void backward(Step s, RecurrenceBuffers b, float[] dhAfter, float[] dhBefore) {
        kernels.gruBackward(s.rows, hidden, b.gates, s.gates, b.hproj, s.hproj, b.states, s.statePrev, dhAfter, s.state,
                b.dXproj, s.xproj, b.dHproj, s.hproj, dhBefore, s.state);
    }
}
