package org.rnn4j.simd;

import static org.rnn4j.kernel.Gates.GRU_BLOCKS;
import static org.rnn4j.kernel.Gates.GRU_NEW;
import static org.rnn4j.kernel.Gates.GRU_RESET;
import static org.rnn4j.kernel.Gates.GRU_UPDATE;
import static org.rnn4j.kernel.Gates.LSTM_BLOCKS;
import static org.rnn4j.kernel.Gates.LSTM_CELL;
import static org.rnn4j.kernel.Gates.LSTM_FORGET;
import static org.rnn4j.kernel.Gates.LSTM_INPUT;
import static org.rnn4j.kernel.Gates.LSTM_OUTPUT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.rnn4j.kernel.Activation;
import org.rnn4j.kernel.Kernels;

/**
 * The fused pointwise kernels of the cells on the Vector API, for {@link VectorKernels}: the
 * equations of each are in {@link Kernels} ({@code rnnForward} ... {@code gruBackward}), the gate
 * blocks in {@link org.rnn4j.kernel.Gates}. Each runs a row in short passes over data that stays in
 * L1: plain vector arithmetic, then {@link VectorMath}'s in-place sigmoid and tanh (kept apart for
 * the reason given there), then arithmetic again. Every float operation is the specification's, in
 * its order, so only sigmoid and tanh differ from {@code ScalarKernels}, by their few ulp; the
 * backward kernels without them give identical bits.
 */
final class CellKernels {

    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector ZERO = FloatVector.zero(S);

    private CellKernels() {
    }

    static void rnnForward(Activation act, int n, float[] xproj, int xOff, float[] hproj, int hpOff, float[] h,
            int hOff) {
        int nv = S.loopBound(n);
        if (act == Activation.RELU) {
            for (int i = 0; i < nv; i += L) {
                FloatVector a = FloatVector.fromArray(S, xproj, xOff + i)
                        .add(FloatVector.fromArray(S, hproj, hpOff + i));
                // a > 0 ? a : 0, as the specification: NaN and -0 both give +0.
                ZERO.blend(a, a.compare(VectorOperators.GT, 0f)).intoArray(h, hOff + i);
            }
            for (int i = nv; i < n; i++) {
                float a = xproj[xOff + i] + hproj[hpOff + i];
                h[hOff + i] = a > 0f ? a : 0f;
            }
            return;
        }
        if (act == Activation.TANH) {
            VectorMath.tanhOfSum(n, xproj, xOff, hproj, hpOff, h, hOff);
        } else {
            VectorMath.sigmoidOfSum(n, xproj, xOff, hproj, hpOff, h, hOff);
        }
    }

    static void rnnBackward(Activation act, int n, float[] h, int hOff, float[] dh, int dhOff, float[] da, int daOff) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector y = FloatVector.fromArray(S, h, hOff + i);
            FloatVector d;
            switch (act) {
                case TANH:
                    d = ONE.sub(y.mul(y));
                    break;
                case RELU:
                    d = ZERO.blend(ONE, y.compare(VectorOperators.GT, 0f));
                    break;
                case SIGMOID:
                    d = y.mul(ONE.sub(y));
                    break;
                default:
                    throw new AssertionError(act);
            }
            FloatVector.fromArray(S, dh, dhOff + i).mul(d).intoArray(da, daOff + i);
        }
        for (int i = nv; i < n; i++) {
            float y = h[hOff + i];
            float d;
            switch (act) {
                case TANH:
                    d = 1f - y * y;
                    break;
                case RELU:
                    d = y > 0f ? 1f : 0f;
                    break;
                case SIGMOID:
                    d = y * (1f - y);
                    break;
                default:
                    throw new AssertionError(act);
            }
            da[daOff + i] = dh[dhOff + i] * d;
        }
    }

    static void lstmForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
            float[] cPrev, int cpOff, float[] gates, int gOff, float[] c, int cOff, float[] m, int mOff) {
        int io = LSTM_INPUT * hidden;
        int go = LSTM_CELL * hidden;
        int oo = LSTM_OUTPUT * hidden;
        int width = LSTM_BLOCKS * hidden;
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * width;
            int sr = r * hidden;
            int xr = xOff + r * width;
            int hr = hpOff + r * width;
            // i and f are adjacent blocks: one sigmoid pass over both
            VectorMath.sigmoidOfSum(2 * hidden, xproj, xr + io, hproj, hr + io, gates, gr + io);
            VectorMath.tanhOfSum(hidden, xproj, xr + go, hproj, hr + go, gates, gr + go);
            VectorMath.sigmoidOfSum(hidden, xproj, xr + oo, hproj, hr + oo, gates, gr + oo);
            lstmCell(hidden, gates, gr, cPrev, cpOff + sr, c, cOff + sr, m, mOff + sr);
            VectorMath.tanhInPlace(hidden, m, mOff + sr);
            multiplyInPlace(hidden, gates, gr + oo, m, mOff + sr);
        }
    }

    /** {@code c = f ⊙ cPrev + i ⊙ g} for one row of activated gates; also copied to m, whose tanh comes next. */
    private static void lstmCell(int hidden, float[] gates, int gr, float[] cPrev, int cpi, float[] c, int ci,
            float[] m, int mi) {
        int io = LSTM_INPUT * hidden;
        int fo = LSTM_FORGET * hidden;
        int go = LSTM_CELL * hidden;
        int hv = S.loopBound(hidden);
        for (int j = 0; j < hv; j += L) {
            FloatVector i = FloatVector.fromArray(S, gates, gr + io + j);
            FloatVector f = FloatVector.fromArray(S, gates, gr + fo + j);
            FloatVector g = FloatVector.fromArray(S, gates, gr + go + j);
            FloatVector cj = f.mul(FloatVector.fromArray(S, cPrev, cpi + j)).add(i.mul(g));
            cj.intoArray(c, ci + j);
            cj.intoArray(m, mi + j);
        }
        for (int j = hv; j < hidden; j++) {
            float cj = gates[gr + fo + j] * cPrev[cpi + j] + gates[gr + io + j] * gates[gr + go + j];
            c[ci + j] = cj;
            m[mi + j] = cj;
        }
    }

    /** {@code y = x ⊙ y} over n elements. */
    private static void multiplyInPlace(int n, float[] x, int xi, float[] y, int yi) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(S, x, xi + i).mul(FloatVector.fromArray(S, y, yi + i)).intoArray(y, yi + i);
        }
        for (int i = nv; i < n; i++) {
            y[yi + i] = x[xi + i] * y[yi + i];
        }
    }

    static void lstmBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff, float[] c,
            int cOff,
            float[] dm, int dmOff, float[] dc, int dcOff, float[] da, int daOff) {
        int oo = LSTM_OUTPUT * hidden;
        int width = LSTM_BLOCKS * hidden;
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * width;
            int dr = daOff + r * width;
            int sr = r * hidden;
            // tanh(c) goes through da's o block, which is overwritten (after being read) below.
            System.arraycopy(c, cOff + sr, da, dr + oo, hidden);
            VectorMath.tanhInPlace(hidden, da, dr + oo);
            lstmBackwardRow(hidden, gates, gr, cPrev, cpOff + sr, dm, dmOff + sr, dc, dcOff + sr, da, dr);
        }
    }

    /** One row of {@link #lstmBackward}, with tanh(c) already in da's o block. */
    private static void lstmBackwardRow(int hidden, float[] gates, int gr, float[] cPrev, int cpi, float[] dm, int dmi,
            float[] dc, int dci, float[] da, int dr) {
        int io = LSTM_INPUT * hidden;
        int fo = LSTM_FORGET * hidden;
        int go = LSTM_CELL * hidden;
        int oo = LSTM_OUTPUT * hidden;
        int hv = S.loopBound(hidden);
        for (int j = 0; j < hv; j += L) {
            FloatVector i = FloatVector.fromArray(S, gates, gr + io + j);
            FloatVector f = FloatVector.fromArray(S, gates, gr + fo + j);
            FloatVector g = FloatVector.fromArray(S, gates, gr + go + j);
            FloatVector o = FloatVector.fromArray(S, gates, gr + oo + j);
            FloatVector tc = FloatVector.fromArray(S, da, dr + oo + j);
            FloatVector dmj = FloatVector.fromArray(S, dm, dmi + j);
            FloatVector dcj = FloatVector.fromArray(S, dc, dci + j).add(dmj.mul(o).mul(ONE.sub(tc.mul(tc))));
            dcj.mul(g).mul(i).mul(ONE.sub(i)).intoArray(da, dr + io + j);
            dcj.mul(FloatVector.fromArray(S, cPrev, cpi + j)).mul(f).mul(ONE.sub(f)).intoArray(da, dr + fo + j);
            dcj.mul(i).mul(ONE.sub(g.mul(g))).intoArray(da, dr + go + j);
            dmj.mul(tc).mul(o).mul(ONE.sub(o)).intoArray(da, dr + oo + j);
            dcj.mul(f).intoArray(dc, dci + j);
        }
        for (int j = hv; j < hidden; j++) {
            float i = gates[gr + io + j];
            float f = gates[gr + fo + j];
            float g = gates[gr + go + j];
            float o = gates[gr + oo + j];
            float tc = da[dr + oo + j];
            float dmj = dm[dmi + j];
            float dcj = dc[dci + j] + dmj * o * (1f - tc * tc);
            da[dr + io + j] = dcj * g * i * (1f - i);
            da[dr + fo + j] = dcj * cPrev[cpi + j] * f * (1f - f);
            da[dr + go + j] = dcj * i * (1f - g * g);
            da[dr + oo + j] = dmj * tc * o * (1f - o);
            dc[dci + j] = dcj * f;
        }
    }

    static void gruForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
            float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] h, int hOff) {
        int no = GRU_NEW * hidden;
        int width = GRU_BLOCKS * hidden;
        for (int row = 0; row < rows; row++) {
            int xr = xOff + row * width;
            int hr = hpOff + row * width;
            int gr = gOff + row * width;
            int sr = row * hidden;
            // r and z are adjacent blocks: one sigmoid pass over both
            VectorMath.sigmoidOfSum(2 * hidden, xproj, xr + GRU_RESET * hidden, hproj, hr + GRU_RESET * hidden, gates,
                    gr + GRU_RESET * hidden);
            gruCandidateInput(hidden, xproj, xr, hproj, hr, gates, gr);
            VectorMath.tanhInPlace(hidden, gates, gr + no);
            gruOutput(hidden, gates, gr, hPrev, hPrevOff + sr, h, hOff + sr);
        }
    }

    /** {@code gates_n = xproj_n + r ⊙ hproj_n}, the argument of n's tanh, for one row. */
    private static void gruCandidateInput(int hidden, float[] xproj, int xr, float[] hproj, int hr,
            float[] gates, int gr) {
        int hv = S.loopBound(hidden);
        int ro = GRU_RESET * hidden;
        int no = GRU_NEW * hidden;
        for (int j = 0; j < hv; j += L) {
            FloatVector r = FloatVector.fromArray(S, gates, gr + ro + j);
            FloatVector.fromArray(S, xproj, xr + no + j).add(r.mul(FloatVector.fromArray(S, hproj, hr + no + j)))
                    .intoArray(gates, gr + no + j);
        }
        for (int j = hv; j < hidden; j++) {
            gates[gr + no + j] = xproj[xr + no + j] + gates[gr + ro + j] * hproj[hr + no + j];
        }
    }

    /** {@code h = (1 - z) ⊙ n + z ⊙ hPrev} for one row. */
    private static void gruOutput(int hidden, float[] gates, int gr, float[] hPrev, int hpi, float[] h, int hi) {
        int zo = GRU_UPDATE * hidden;
        int no = GRU_NEW * hidden;
        int hv = S.loopBound(hidden);
        for (int j = 0; j < hv; j += L) {
            FloatVector z = FloatVector.fromArray(S, gates, gr + zo + j);
            FloatVector n = FloatVector.fromArray(S, gates, gr + no + j);
            ONE.sub(z).mul(n).add(z.mul(FloatVector.fromArray(S, hPrev, hpi + j))).intoArray(h, hi + j);
        }
        for (int j = hv; j < hidden; j++) {
            float z = gates[gr + zo + j];
            h[hi + j] = (1f - z) * gates[gr + no + j] + z * hPrev[hpi + j];
        }
    }

    static void gruBackward(int rows, int hidden, float[] gates, int gOff, float[] hproj, int hpOff,
            float[] hPrev, int hPrevOff, float[] dh, int dhOff, float[] dxproj, int dxOff,
            float[] dhproj, int dhpOff, float[] dhPrev, int dhPrevOff) {
        int ro = GRU_RESET * hidden;
        int zo = GRU_UPDATE * hidden;
        int no = GRU_NEW * hidden;
        // No sigmoid or tanh here: identical bits to the specification.
        int width = GRU_BLOCKS * hidden;
        int hv = S.loopBound(hidden);
        for (int row = 0; row < rows; row++) {
            int gr = gOff + row * width;
            int hr = hpOff + row * width;
            int dxr = dxOff + row * width;
            int dhr = dhpOff + row * width;
            int sr = row * hidden;
            for (int j = 0; j < hv; j += L) {
                FloatVector r = FloatVector.fromArray(S, gates, gr + ro + j);
                FloatVector z = FloatVector.fromArray(S, gates, gr + zo + j);
                FloatVector n = FloatVector.fromArray(S, gates, gr + no + j);
                FloatVector dhj = FloatVector.fromArray(S, dh, dhOff + sr + j);
                FloatVector dan = dhj.mul(ONE.sub(z)).mul(ONE.sub(n.mul(n)));
                FloatVector hp = FloatVector.fromArray(S, hPrev, hPrevOff + sr + j);
                FloatVector daz = dhj.mul(hp.sub(n)).mul(z).mul(ONE.sub(z));
                FloatVector dar = dan.mul(FloatVector.fromArray(S, hproj, hr + no + j)).mul(r).mul(ONE.sub(r));
                dar.intoArray(dxproj, dxr + ro + j);
                daz.intoArray(dxproj, dxr + zo + j);
                dan.intoArray(dxproj, dxr + no + j);
                dar.intoArray(dhproj, dhr + ro + j);
                daz.intoArray(dhproj, dhr + zo + j);
                dan.mul(r).intoArray(dhproj, dhr + no + j);
                dhj.mul(z).intoArray(dhPrev, dhPrevOff + sr + j);
            }
            for (int j = hv; j < hidden; j++) {
                float r = gates[gr + ro + j];
                float z = gates[gr + zo + j];
                float n = gates[gr + no + j];
                float dhj = dh[dhOff + sr + j];
                float dan = dhj * (1f - z) * (1f - n * n);
                float daz = dhj * (hPrev[hPrevOff + sr + j] - n) * z * (1f - z);
                float dar = dan * hproj[hr + no + j] * r * (1f - r);
                dxproj[dxr + ro + j] = dar;
                dxproj[dxr + zo + j] = daz;
                dxproj[dxr + no + j] = dan;
                dhproj[dhr + ro + j] = dar;
                dhproj[dhr + zo + j] = daz;
                dhproj[dhr + no + j] = dan * r;
                dhPrev[dhPrevOff + sr + j] = dhj * z;
            }
        }
    }
}
