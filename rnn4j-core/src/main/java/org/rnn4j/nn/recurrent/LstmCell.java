package org.rnn4j.nn.recurrent;

import java.util.Arrays;
import org.rnn4j.kernel.Kernels;

/**
 * The LSTM step (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000 and
 * PyTorch's optional projection), gate blocks {@code [i | f | g | o]} ({@link org.rnn4j.kernel.Gates}):
 * <pre>
 * a = xproj + hproj
 * i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
 * c_t = f ⊙ c_{t-1} + i ⊙ g
 * m = o ⊙ tanh(c_t)
 * h_t = m, or with a projection h_t = m·W_hrᵀ   (P values instead of H)
 *
 * dm = dL/dh_t, or with a projection dm = dL/dh_t·W_hr
 * dc' = dc + dm ⊙ o ⊙ (1 - tanh²(c_t))
 * da_i = dc' ⊙ g ⊙ i(1 - i)     da_f = dc' ⊙ c_{t-1} ⊙ f(1 - f)
 * da_g = dc' ⊙ i ⊙ (1 - g²)     da_o = dm ⊙ tanh(c_t) ⊙ o(1 - o)
 * dL/dc_{t-1} = dc' ⊙ f          dL/dh_{t-1} = da·W_hh
 * </pre>
 * The two projections get the same gradient {@code da}, so backward keeps one array for both.
 */
final class LstmCell implements Cell {

    private final Kernels kernels;
    private final int hidden;
    private final int proj;

    LstmCell(Kernels kernels, int hidden, int proj) {
        this.kernels = kernels;
        this.hidden = hidden;
        this.proj = proj;
    }

    @Override
    public void forward(Step s, RecurrenceBuffers b) {
        if (proj == 0) {
            kernels.lstmForward(s.rows, hidden, b.xproj, s.xproj, b.hproj, s.hproj, b.cells, s.cellPrev, b.gates,
                    s.gates, b.cells, s.cellAfter, b.states, s.stateAfter);
            return;
        }
        kernels.lstmForward(s.rows, hidden, b.xproj, s.xproj, b.hproj, s.hproj, b.cells, s.cellPrev, b.gates, s.gates,
                b.cells, s.cellAfter, b.cellOut, s.cellOut);
        // h = m·W_hrᵀ
        Arrays.fill(b.states, s.stateAfter, s.stateAfter + s.rows * proj, 0f);
        if (s.projectionQuantized != null) {
            kernels.multQuantizedAccumulate(s.rows, b.cellOut, s.cellOut, s.projectionQuantized, b.states,
                    s.stateAfter);
        } else {
            kernels.multPackedAccumulate(s.rows, proj, hidden, b.cellOut, s.cellOut, s.projection, b.states,
                    s.stateAfter);
        }
    }

    @Override
    public void backward(Step s, RecurrenceBuffers b, float[] dhAfter, float[] dhBefore) {
        float[] dm = dhAfter;
        int dmOff = s.state;
        if (proj > 0) {
            // dL/dh is kept for dW_hr; dm = dL/dh·W_hr
            System.arraycopy(dhAfter, s.state, b.dStates, s.dState, s.rows * proj);
            Arrays.fill(b.dm, s.cell, s.cell + s.rows * hidden, 0f);
            kernels.multPackedAccumulate(s.rows, hidden, proj, dhAfter, s.state, s.projection, b.dm, s.cell);
            dm = b.dm;
            dmOff = s.cell;
        }
        kernels.lstmBackward(s.rows, hidden, b.gates, s.gates, b.cells, s.cellPrev, b.cells, s.cellAfter, dm, dmOff,
                b.dc, s.cell, b.dXproj, s.xproj);
        Arrays.fill(dhBefore, s.state, s.state + s.rows * (proj > 0 ? proj : hidden), 0f);
    }
}
