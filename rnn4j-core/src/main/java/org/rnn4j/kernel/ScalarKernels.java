package org.rnn4j.kernel;

import static org.rnn4j.kernel.Gates.GRU_BLOCKS;
import static org.rnn4j.kernel.Gates.GRU_NEW;
import static org.rnn4j.kernel.Gates.GRU_RESET;
import static org.rnn4j.kernel.Gates.GRU_UPDATE;
import static org.rnn4j.kernel.Gates.LSTM_BLOCKS;
import static org.rnn4j.kernel.Gates.LSTM_CELL;
import static org.rnn4j.kernel.Gates.LSTM_FORGET;
import static org.rnn4j.kernel.Gates.LSTM_INPUT;
import static org.rnn4j.kernel.Gates.LSTM_OUTPUT;

/**
 * The specification of {@link Kernels}: straightforward loops on one thread, float32 products
 * accumulated in float32 (except {@link #sumOfSquares}, which sums in double).
 */
public class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void multAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * k + p];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    @Override
    public void multTransAAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
            int cOff) {
        for (int p = 0; p < k; p++) {
            int ap = aOff + p * m;
            int bp = bOff + p * n;
            for (int i = 0; i < m; i++) {
                float api = a[ap + i];
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += api * b[bp + j];
                }
            }
        }
    }

    @Override
    public void multTransBAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
            int cOff) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            int ci = cOff + i * n;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * k;
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[ai + p] * b[bj + p];
                }
                c[ci + j] += sum;
            }
        }
    }

    /** The layout of this implementation's quantized matrices: row-major B, one value per element. */
    static final String QUANTIZED_LAYOUT = "scalar-row-major";

    @Override
    public QuantizedMatrix quantizeBTransposed(Precision precision, int k, int n, float[] bt, int btOff) {
        switch (precision) {
            case BF16: {
                int[] q = new int[k * n];
                for (int j = 0; j < n; j++) {
                    for (int p = 0; p < k; p++) {
                        q[p * n + j] = Precision.bf16Bits(bt[btOff + j * k + p]);
                    }
                }
                return QuantizedMatrix.bf16(QUANTIZED_LAYOUT, k, n, q);
            }
            case INT8: {
                byte[] q = new byte[k * n];
                float[] scales = new float[n];
                for (int j = 0; j < n; j++) {
                    float max = 0f;
                    for (int p = 0; p < k; p++) {
                        max = Math.max(max, Math.abs(bt[btOff + j * k + p]));
                    }
                    scales[j] = Precision.int8Scale(max);
                    for (int p = 0; p < k; p++) {
                        q[p * n + j] = Precision.quantizeInt8(bt[btOff + j * k + p], scales[j]);
                    }
                }
                return QuantizedMatrix.int8(QUANTIZED_LAYOUT, k, n, q, scales);
            }
            default:
                throw new IllegalArgumentException("float32 weights are packed with packBTransposed, not quantized");
        }
    }

    @Override
    public void multQuantizedAccumulate(int m, float[] a, int aOff, QuantizedMatrix b, float[] c, int cOff) {
        assert QUANTIZED_LAYOUT.equals(b.layout()) : "a matrix quantized by " + b.layout();
        int n = b.n();
        int k = b.k();
        if (b.precision() == Precision.BF16) {
            int[] q = b.bf16();
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * n;
                for (int p = 0; p < k; p++) {
                    float aip = a[aOff + i * k + p];
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * Float.intBitsToFloat(q[p * n + j]);
                    }
                }
            }
            return;
        }
        byte[] q = b.int8();
        float[] s = b.scales();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc += a[aOff + i * k + p] * q[p * n + j];
                }
                c[cOff + i * n + j] += acc * s[j];
            }
        }
    }

    @Override
    public void broadcastRowsInPlace(int m, int n, float[] v, int vOff, float[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            if (v == null) {
                java.util.Arrays.fill(c, cOff + i * n, cOff + (i + 1) * n, 0f);
            } else {
                System.arraycopy(v, vOff, c, cOff + i * n, n);
            }
        }
    }

    @Override
    public void sumRowsAccumulate(int m, int n, float[] a, int aOff, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * n;
            for (int j = 0; j < n; j++) {
                y[yOff + j] += a[ai + j];
            }
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public double sumOfSquares(int n, float[] x, int xOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            s += v * v;
        }
        return s;
    }

    /** Logistic sigmoid that never overflows: exp is only taken of a non-positive number. */
    public static float sigmoid(float x) {
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    static float activate(Activation act, float a) {
        switch (act) {
            case TANH:
                return tanh(a);
            case RELU:
                return a > 0f ? a : 0f;
            case SIGMOID:
                return sigmoid(a);
            default:
                throw new AssertionError(act);
        }
    }

    /** The derivative of {@code act} at the point whose output is {@code y}. */
    static float derivativeFromOutput(Activation act, float y) {
        switch (act) {
            case TANH:
                return 1f - y * y;
            case RELU:
                return y > 0f ? 1f : 0f;
            case SIGMOID:
                return y * (1f - y);
            default:
                throw new AssertionError(act);
        }
    }

    @Override
    public void rnnForward(Activation act, int n, float[] xproj, int xOff, float[] hproj, int hpOff, float[] h,
            int hOff) {
        for (int i = 0; i < n; i++) {
            h[hOff + i] = activate(act, xproj[xOff + i] + hproj[hpOff + i]);
        }
    }

    @Override
    public void rnnBackward(Activation act, int n, float[] h, int hOff, float[] dh, int dhOff, float[] da, int daOff) {
        for (int i = 0; i < n; i++) {
            da[daOff + i] = dh[dhOff + i] * derivativeFromOutput(act, h[hOff + i]);
        }
    }

    @Override
    public void lstmForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
            float[] cPrev, int cpOff, float[] gates, int gOff, float[] c, int cOff, float[] m, int mOff) {
        int width = LSTM_BLOCKS * hidden;
        int io = LSTM_INPUT * hidden;
        int fo = LSTM_FORGET * hidden;
        int go = LSTM_CELL * hidden;
        int oo = LSTM_OUTPUT * hidden;
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * width;
            int hr = hpOff + r * width;
            int gr = gOff + r * width;
            int sr = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = sigmoid(xproj[xr + io + j] + hproj[hr + io + j]);
                float f = sigmoid(xproj[xr + fo + j] + hproj[hr + fo + j]);
                float g = tanh(xproj[xr + go + j] + hproj[hr + go + j]);
                float o = sigmoid(xproj[xr + oo + j] + hproj[hr + oo + j]);
                gates[gr + io + j] = i;
                gates[gr + fo + j] = f;
                gates[gr + go + j] = g;
                gates[gr + oo + j] = o;
                float cj = f * cPrev[cpOff + sr + j] + i * g;
                c[cOff + sr + j] = cj;
                m[mOff + sr + j] = o * tanh(cj);
            }
        }
    }

    @Override
    public void lstmBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff, float[] c,
            int cOff, float[] dm, int dmOff, float[] dc, int dcOff, float[] da, int daOff) {
        int width = LSTM_BLOCKS * hidden;
        int io = LSTM_INPUT * hidden;
        int fo = LSTM_FORGET * hidden;
        int go = LSTM_CELL * hidden;
        int oo = LSTM_OUTPUT * hidden;
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * width;
            int dr = daOff + r * width;
            int sr = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = gates[gr + io + j];
                float f = gates[gr + fo + j];
                float g = gates[gr + go + j];
                float o = gates[gr + oo + j];
                float tc = tanh(c[cOff + sr + j]);
                float dmj = dm[dmOff + sr + j];
                float dcj = dc[dcOff + sr + j] + dmj * o * (1f - tc * tc);
                da[dr + io + j] = dcj * g * i * (1f - i);
                da[dr + fo + j] = dcj * cPrev[cpOff + sr + j] * f * (1f - f);
                da[dr + go + j] = dcj * i * (1f - g * g);
                da[dr + oo + j] = dmj * tc * o * (1f - o);
                dc[dcOff + sr + j] = dcj * f;
            }
        }
    }

    @Override
    public void gruForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
            float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] h, int hOff) {
        int width = GRU_BLOCKS * hidden;
        int ro = GRU_RESET * hidden;
        int zo = GRU_UPDATE * hidden;
        int no = GRU_NEW * hidden;
        for (int row = 0; row < rows; row++) {
            int xr = xOff + row * width;
            int hr = hpOff + row * width;
            int gr = gOff + row * width;
            int sr = row * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = sigmoid(xproj[xr + ro + j] + hproj[hr + ro + j]);
                float z = sigmoid(xproj[xr + zo + j] + hproj[hr + zo + j]);
                float n = tanh(xproj[xr + no + j] + r * hproj[hr + no + j]);
                gates[gr + ro + j] = r;
                gates[gr + zo + j] = z;
                gates[gr + no + j] = n;
                h[hOff + sr + j] = (1f - z) * n + z * hPrev[hPrevOff + sr + j];
            }
        }
    }

    @Override
    public void gruBackward(int rows, int hidden, float[] gates, int gOff, float[] hproj, int hpOff, float[] hPrev,
            int hPrevOff, float[] dh, int dhOff, float[] dxproj, int dxOff, float[] dhproj, int dhpOff,
            float[] dhPrev, int dhPrevOff) {
        int width = GRU_BLOCKS * hidden;
        int ro = GRU_RESET * hidden;
        int zo = GRU_UPDATE * hidden;
        int no = GRU_NEW * hidden;
        for (int row = 0; row < rows; row++) {
            int gr = gOff + row * width;
            int hr = hpOff + row * width;
            int dxr = dxOff + row * width;
            int dhr = dhpOff + row * width;
            int sr = row * hidden;
            for (int j = 0; j < hidden; j++) {
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
