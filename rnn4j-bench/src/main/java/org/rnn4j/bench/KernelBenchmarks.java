package org.rnn4j.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.kernel.KernelProvider;
import org.rnn4j.kernel.Kernels;

/**
 * The kernels at the shapes the recurrence calls them with: the per-step recurrent product
 * {@code [B, S]·[S, G·H]} (unpacked and, as the recurrence does it, with the weights packed), the
 * all-steps input projection {@code [T·B, I]·[I, G·H]}, the weight gradient
 * {@code [T·B, G·H]ᵀ·[T·B, I]}, and the fused LSTM pointwise step. Sizes include ones that are
 * not multiples of the vector width. Run with
 * {@code java --add-modules jdk.incubator.vector -jar rnn4j-bench/target/benchmarks.jar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmarks {

    /** {@code m×n×k}: per-step (B=32, 4H=1024, H=256), odd per-step, stream (B=1), input projection, odd. */
    @Param({"32x1024x256", "32x1020x255", "1x1024x256", "2048x1024x64", "2047x771x63"})
    public String shape;

    @Param({"scalar", "vector"})
    public String impl;

    private Kernels kernels;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private float[] gradC;      // [m, n], the upstream gradient of the weight-gradient form
    private float[] gradW;      // [k, n]
    private float[] packedB;    // b packed for multPackedAccumulate
    private float[] xproj;
    private float[] hproj;
    private float[] gates;
    private float[] cPrev;
    private float[] cell;
    private float[] out;

    @Setup
    public void setup() {
        kernels = impl.equals("scalar") ? KernelProvider.scalar() : KernelProvider.vectorOrNull();
        if (kernels == null) {
            throw new IllegalStateException("the Vector API kernels are unavailable: add rnn4j-simd and"
                    + " --add-modules jdk.incubator.vector");
        }
        String[] parts = shape.split("x");
        m = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        k = Integer.parseInt(parts[2]);
        Random rnd = new Random(1);
        a = fill(new float[m * k], rnd);
        b = fill(new float[k * n], rnd);
        c = new float[m * n];
        gradC = fill(new float[m * n], rnd);
        gradW = new float[k * n];
        packedB = new float[kernels.packedSize(k, n)];
        kernels.packB(k, n, b, 0, packedB);
        xproj = fill(new float[m * 4 * k], rnd);
        hproj = fill(new float[m * 4 * k], rnd);
        gates = new float[m * 4 * k];
        cPrev = fill(new float[m * k], rnd);
        cell = new float[m * k];
        out = new float[m * k];
    }

    private static float[] fill(float[] x, Random rnd) {
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** C[m,n] += A[m,k]·B[k,n]. */
    @Benchmark
    public float[] mult() {
        kernels.multAccumulate(m, n, k, a, 0, b, 0, c, 0);
        return c;
    }

    /**
     * C[m,n] += A[m,k]·B[k,n] with B packed once: the form every weight product of the recurrence
     * takes (the weights are packed once per pass).
     */
    @Benchmark
    public float[] multPacked() {
        kernels.multPackedAccumulate(m, n, k, a, 0, packedB, c, 0);
        return c;
    }

    /** C[k,n] += A[m,k]ᵀ·B[m,n] — the weight-gradient form, reduction over m rows. */
    @Benchmark
    public float[] multTransA() {
        kernels.multTransAAccumulate(k, n, m, a, 0, gradC, 0, gradW, 0);
        return gradW;
    }

    /** Fused LSTM step over m rows of k units (gates 4k wide). */
    @Benchmark
    public float[] lstmPointwise() {
        kernels.lstmForward(m, k, xproj, 0, hproj, 0, cPrev, 0, gates, 0, cell, 0, out, 0);
        return out;
    }
}
