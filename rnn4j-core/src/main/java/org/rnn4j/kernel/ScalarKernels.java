package org.rnn4j.kernel;

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
        int g4 = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * g4;
            int hr = hpOff + r * g4;
            int gr = gOff + r * g4;
            int sr = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = sigmoid(xproj[xr + j] + hproj[hr + j]);
                float f = sigmoid(xproj[xr + hidden + j] + hproj[hr + hidden + j]);
                float g = tanh(xproj[xr + 2 * hidden + j] + hproj[hr + 2 * hidden + j]);
                float o = sigmoid(xproj[xr + 3 * hidden + j] + hproj[hr + 3 * hidden + j]);
                gates[gr + j] = i;
                gates[gr + hidden + j] = f;
                gates[gr + 2 * hidden + j] = g;
                gates[gr + 3 * hidden + j] = o;
                float cj = f * cPrev[cpOff + sr + j] + i * g;
                c[cOff + sr + j] = cj;
                m[mOff + sr + j] = o * tanh(cj);
            }
        }
    }

    @Override
    public void lstmBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff, float[] c,
            int cOff,
            float[] dm, int dmOff, float[] dc, int dcOff, float[] da, int daOff) {
        int g4 = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * g4;
            int dr = daOff + r * g4;
            int sr = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = gates[gr + j];
                float f = gates[gr + hidden + j];
                float g = gates[gr + 2 * hidden + j];
                float o = gates[gr + 3 * hidden + j];
                float tc = tanh(c[cOff + sr + j]);
                float dmj = dm[dmOff + sr + j];
                float dcj = dc[dcOff + sr + j] + dmj * o * (1f - tc * tc);
                da[dr + j] = dcj * g * i * (1f - i);
                da[dr + hidden + j] = dcj * cPrev[cpOff + sr + j] * f * (1f - f);
                da[dr + 2 * hidden + j] = dcj * i * (1f - g * g);
                da[dr + 3 * hidden + j] = dmj * tc * o * (1f - o);
                dc[dcOff + sr + j] = dcj * f;
            }
        }
    }

    @Override
    public void gruForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
            float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] h, int hOff) {
        int g3 = 3 * hidden;
        for (int row = 0; row < rows; row++) {
            int xr = xOff + row * g3;
            int hr = hpOff + row * g3;
            int gr = gOff + row * g3;
            int sr = row * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = sigmoid(xproj[xr + j] + hproj[hr + j]);
                float z = sigmoid(xproj[xr + hidden + j] + hproj[hr + hidden + j]);
                float n = tanh(xproj[xr + 2 * hidden + j] + r * hproj[hr + 2 * hidden + j]);
                gates[gr + j] = r;
                gates[gr + hidden + j] = z;
                gates[gr + 2 * hidden + j] = n;
                h[hOff + sr + j] = (1f - z) * n + z * hPrev[hPrevOff + sr + j];
            }
        }
    }

    @Override
    public void gruBackward(int rows, int hidden, float[] gates, int gOff, float[] hproj, int hpOff, float[] hPrev,
            int hPrevOff,
            float[] dh, int dhOff, float[] dxproj, int dxOff, float[] dhproj, int dhpOff,
            float[] dhPrev, int dhPrevOff) {
        int g3 = 3 * hidden;
        for (int row = 0; row < rows; row++) {
            int gr = gOff + row * g3;
            int hr = hpOff + row * g3;
            int dxr = dxOff + row * g3;
            int dhr = dhpOff + row * g3;
            int sr = row * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = gates[gr + j];
                float z = gates[gr + hidden + j];
                float n = gates[gr + 2 * hidden + j];
                float dhj = dh[dhOff + sr + j];
                float dan = dhj * (1f - z) * (1f - n * n);
                float daz = dhj * (hPrev[hPrevOff + sr + j] - n) * z * (1f - z);
                float dar = dan * hproj[hr + 2 * hidden + j] * r * (1f - r);
                dxproj[dxr + j] = dar;
                dxproj[dxr + hidden + j] = daz;
                dxproj[dxr + 2 * hidden + j] = dan;
                dhproj[dhr + j] = dar;
                dhproj[dhr + hidden + j] = daz;
                dhproj[dhr + 2 * hidden + j] = dan * r;
                dhPrev[dhPrevOff + sr + j] = dhj * z;
            }
        }
    }
}
