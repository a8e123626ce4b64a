package org.rnn4j.kernel;

/**
 * The dense float32 kernels that the recurrence, the losses and the optimizers are built from.
 *
 * <p>{@link ScalarKernels} is the specification: plain loops, one thread. Faster implementations
 * (the Vector API one in {@code rnn4j-simd}) must agree with it within float32 rounding of a
 * different summation order. {@link KernelProvider} picks one at start-up.
 *
 * <p>Conventions. Every matrix is row-major and contiguous: element {@code (i, j)} of an
 * {@code [r, c]} matrix stored at offset {@code off} is {@code x[off + i*c + j]}. Methods named
 * {@code ...Accumulate} add into their output; methods named {@code ...InPlace} overwrite it.
 * Outputs come last. Outputs never alias inputs unless a parameter says so. Kernels only
 * {@code assert} their preconditions: callers at public boundaries check shapes.
 *
 * <p>Gate layout. A row of LSTM gates is {@code [i | f | g | o]}, of GRU gates {@code [r | z | n]},
 * each block {@code hidden} wide (PyTorch's order, see {@code shared/golden/FORMAT.md} §3.4).
 */
public interface Kernels {

    /** A short name for logs: {@code scalar}, {@code vector-512}, ... */
    String name();

    // ---------------------------------------------------------------- threads

    /** The number of threads this implementation computes with: 1 for the specification. */
    default int parallelism() {
        return 1;
    }

    /**
     * Runs {@code task} cut into {@code parts} pieces, one per thread, and returns when every piece
     * is done: {@code parts} is {@link #parallelism()}, or 1 when the threads are taken by another
     * caller (the one piece then runs on the calling thread). Kernels called from inside a piece run
     * on that piece's thread alone. Rethrows the first exception of any piece.
     *
     * <p>For work that splits better above the kernels than inside them: the sequences of a batch
     * are independent through a recurrence, so each thread can run its share of them over all time
     * steps without meeting the others at every step.
     */
    default void runParts(PartedTask task) {
        task.runPart(0, 1);
    }

    // ---------------------------------------------------------------- matrix products

    /** {@code C[m,n] += A[m,k] · B[k,n]}. Reads a, b; accumulates c. */
    void multAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff);

    /** {@code C[m,n] += A[k,m]ᵀ · B[k,n]}. Reads a, b; accumulates c. Used for weight gradients. */
    void multTransAAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff);

    /** {@code C[m,n] += A[m,k] · B[n,k]ᵀ}. Reads a, b; accumulates c. Used for {@code x·Wᵀ}. */
    void multTransBAccumulate(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff);

    // ---------------------------------------------------------------- products with a packed right-hand side

    /*
     * A right-hand matrix used for many products (a weight matrix, over all the time steps of a
     * pass) can be rearranged once into the layout the implementation's product reads fastest. The
     * layout is the implementation's own: only packB and packBTransposed write it, only
     * multPackedAccumulate reads it, and only with the k and n it was packed with. The default is
     * B itself, row-major.
     */

    /** Floats needed to pack a {@code [k, n]} right-hand matrix. */
    default int packedSize(int k, int n) {
        return k * n;
    }

    /** Packs {@code B[k,n]} for {@link #multPackedAccumulate}. Reads b; overwrites packed[0, packedSize). */
    default void packB(int k, int n, float[] b, int bOff, float[] packed) {
        System.arraycopy(b, bOff, packed, 0, k * n);
    }

    /**
     * Packs {@code B[k,n]} given as its transpose {@code Bᵀ[n,k]} (a PyTorch weight {@code [out, in]}
     * for {@code x·Wᵀ}). Reads bt; overwrites packed[0, packedSize).
     */
    default void packBTransposed(int k, int n, float[] bt, int btOff, float[] packed) {
        transposeInPlace(n, k, bt, btOff, packed, 0);
    }

    /**
     * {@code C[m,n] += A[m,k] · B} with B packed by {@link #packB} or {@link #packBTransposed}.
     * Reads a, packed; accumulates c. The same bits as {@link #multAccumulate} of the unpacked B.
     */
    default void multPackedAccumulate(int m, int n, int k, float[] a, int aOff, float[] packed, float[] c, int cOff) {
        multAccumulate(m, n, k, a, aOff, packed, 0, c, cOff);
    }

    /**
     * {@code C1[m,n] += A1[m,k1] · B1} and {@code C2[m,n] += A2[m,k2] · B2}, both B packed: two
     * products with outputs of one shape (a step's input and recurrent projections), which an
     * implementation with threads may hand over as one piece of work. The bits of the two
     * {@link #multPackedAccumulate} calls. Reads a1, a2, packed1, packed2; accumulates c1, c2.
     */
    default void multPackedAccumulatePair(int m, int n, int k1, float[] a1, int a1Off, float[] packed1,
            int k2, float[] a2, int a2Off, float[] packed2,
            float[] c1, int c1Off, float[] c2, int c2Off) {
        multPackedAccumulate(m, n, k1, a1, a1Off, packed1, c1, c1Off);
        multPackedAccumulate(m, n, k2, a2, a2Off, packed2, c2, c2Off);
    }

    // ---------------------------------------------------------------- reduced-precision right-hand sides

    /*
     * For serving, a weight can be read in bfloat16 or int8 (Precision), a half or a quarter of the
     * bytes of float32, while activations and sums stay float32. The rounded values are Precision's;
     * the layout is the implementation's own.
     */

    /**
     * {@code B[k, n]} given as its transpose {@code Bᵀ[n, k]} (a weight {@code [out, in]}) rounded to
     * {@code precision} (BF16 or INT8; an INT8 scale per column of B). Reads bt; allocates the result.
     */
    QuantizedMatrix quantizeBTransposed(Precision precision, int k, int n, float[] bt, int btOff);

    /**
     * {@code C[m,n] += A[m,k] · B} with B quantized by {@link #quantizeBTransposed}: for BF16 the
     * float32 product with the rounded values; for INT8, per element {@code c += (Σ_p a·q) · s_j}, the
     * sum over p in float32, then times the column's scale. Reads a, b; accumulates c.
     */
    void multQuantizedAccumulate(int m, float[] a, int aOff, QuantizedMatrix b, float[] c, int cOff);

    /**
     * {@code C1 += A1 · B1} and {@code C2 += A2 · B2}, both quantized, with outputs of one shape: a
     * step's two projections, which an implementation with threads may hand over as one piece of
     * work. The bits of the two {@link #multQuantizedAccumulate} calls.
     */
    default void multQuantizedAccumulatePair(int m, float[] a1, int a1Off, QuantizedMatrix b1, float[] a2,
            int a2Off, QuantizedMatrix b2, float[] c1, int c1Off, float[] c2, int c2Off) {
        multQuantizedAccumulate(m, a1, a1Off, b1, c1, c1Off);
        multQuantizedAccumulate(m, a2, a2Off, b2, c2, c2Off);
    }

    // ---------------------------------------------------------------- rows and vectors

    /** Every row of {@code C[m,n]} becomes {@code v[n]} (or 0 when {@code v} is null). Overwrites c. */
    void broadcastRowsInPlace(int m, int n, float[] v, int vOff, float[] c, int cOff);

    /** {@code y[n] += Σ_i A[i, :]} over the m rows of A. Used for bias gradients. */
    void sumRowsAccumulate(int m, int n, float[] a, int aOff, float[] y, int yOff);

    /** {@code y[i] += alpha · x[i]} for i in [0, n). */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code Σ x[i]²} over [0, n), summed in double. */
    double sumOfSquares(int n, float[] x, int xOff);

    /**
     * {@code B[cols, rows] = A[rows, cols]ᵀ}. Reads a; overwrites b. The default walks the matrices in
     * square tiles so that both the reads and the writes stay within a few cache lines and pages.
     */
    default void transposeInPlace(int rows, int cols, float[] a, int aOff, float[] b, int bOff) {
        final int tile = 32;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            int i1 = Math.min(rows, i0 + tile);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int j1 = Math.min(cols, j0 + tile);
                for (int i = i0; i < i1; i++) {
                    int ai = aOff + i * cols;
                    for (int j = j0; j < j1; j++) {
                        b[bOff + j * rows + i] = a[ai + j];
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- fused cell pointwise

    /**
     * Vanilla RNN forward over {@code n} elements: {@code h = act(xproj + hproj)}.
     * Reads xproj, hproj; overwrites h.
     */
    void rnnForward(Activation act, int n, float[] xproj, int xOff, float[] hproj, int hpOff, float[] h, int hOff);

    /**
     * Vanilla RNN backward over {@code n} elements: {@code da = dh · act'(a)}, with the derivative
     * expressed through the output {@code h}. Reads h, dh; overwrites da.
     */
    void rnnBackward(Activation act, int n, float[] h, int hOff, float[] dh, int dhOff, float[] da, int daOff);

    /**
     * LSTM forward for {@code rows} rows of {@code hidden} units.
     * <pre>
     * a = xproj + hproj                                    [rows, 4H]
     * i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)    → gates [rows, 4H]
     * c = f ⊙ cPrev + i ⊙ g                                 → c [rows, H]
     * m = o ⊙ tanh(c)                                       → m [rows, H]
     * </pre>
     * Reads xproj, hproj, cPrev; overwrites gates, c, m.
     */
    void lstmForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
            float[] cPrev, int cpOff, float[] gates, int gOff, float[] c, int cOff, float[] m, int mOff);

    /**
     * LSTM backward for {@code rows} rows, from the activated gates of the forward pass.
     * <pre>
     * dc' = dc + dm ⊙ o ⊙ (1 - tanh²(c))
     * da_i = dc' ⊙ g ⊙ i(1-i)   da_f = dc' ⊙ cPrev ⊙ f(1-f)
     * da_g = dc' ⊙ i ⊙ (1-g²)   da_o = dm ⊙ tanh(c) ⊙ o(1-o)
     * dc  ← dc' ⊙ f            (the gradient that reaches cPrev)
     * </pre>
     * Reads gates, cPrev, c, dm; {@code dc} is read (dL/dc) and overwritten (dL/dcPrev); overwrites da.
     */
    void lstmBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff, float[] c, int cOff,
            float[] dm, int dmOff, float[] dc, int dcOff, float[] da, int daOff);

    /**
     * GRU forward (PyTorch's form) for {@code rows} rows of {@code hidden} units.
     * <pre>
     * r = σ(xproj_r + hproj_r)   z = σ(xproj_z + hproj_z)
     * n = tanh(xproj_n + r ⊙ hproj_n)       (hproj includes b_hh, so r gates the bias too)
     * h = (1 - z) ⊙ n + z ⊙ hPrev
     * </pre>
     * Reads xproj, hproj, hPrev; overwrites gates ({@code [r | z | n]}) and h.
     */
    void gruForward(int rows, int hidden, float[] xproj, int xOff, float[] hproj, int hpOff,
            float[] hPrev, int hPrevOff, float[] gates, int gOff, float[] h, int hOff);

    /**
     * GRU backward for {@code rows} rows.
     * <pre>
     * dn = dh ⊙ (1-z)          dz = dh ⊙ (hPrev - n)
     * dxproj_n = dn ⊙ (1-n²)   dhproj_n = dxproj_n ⊙ r    dr = dxproj_n ⊙ hproj_n
     * dxproj_r = dhproj_r = dr ⊙ r(1-r)
     * dxproj_z = dhproj_z = dz ⊙ z(1-z)
     * dhPrev = dh ⊙ z          (the direct path; the caller adds dhproj · W_hh)
     * </pre>
     * Reads gates, hproj, hPrev, dh; overwrites dxproj, dhproj, dhPrev.
     */
    void gruBackward(int rows, int hidden, float[] gates, int gOff, float[] hproj, int hpOff, float[] hPrev,
            int hPrevOff,
            float[] dh, int dhOff, float[] dxproj, int dxOff, float[] dhproj, int dhpOff, float[] dhPrev,
            int dhPrevOff);
}
