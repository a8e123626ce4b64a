package org.rnn4j.simd;

import org.rnn4j.kernel.Kernels;
import org.rnn4j.kernel.ScalarKernels;

import java.util.Arrays;
import java.util.Random;

/**
 * A quick timing of the kernels at the recurrence's shapes; not a test (surefire skips it by its
 * name) and not a substitute for JMH. Run after {@code mvn -pl rnn4j-simd test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp rnn4j-simd/target/classes:rnn4j-simd/target/test-classes:\
 *      rnn4j-core/target/classes org.rnn4j.simd.KernelBench
 * </pre>
 * Implementations are timed in alternation, round after round, and the median is printed,
 * because the shared 2-core machines' speed moves between runs by more than the differences timed.
 */
public final class KernelBench {

    private KernelBench() {
    }

    private interface Op {
        void run(Kernels k);
    }

    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("quick");
        Kernels[] impls = {new ScalarKernels(), new VectorKernels(1), new VectorKernels(2)};
        String[] names = {"scalar", "vector 1T", "vector 2T"};
        int[][] mult = {{1, 1024, 256}, {32, 1024, 256}, {64, 1024, 256}, {32, 4096, 1024}, {2048, 1024, 64},
            {2048, 1024, 512}, {2048, 2048, 2048}};
        for (int[] s : mult) {
            product("multAccumulate", s, impls, names, quick, 0);
        }
        product("multTransAAccumulate", new int[] {256, 1024, 2048}, impls, names, quick, 1);
        product("multTransAAccumulate", new int[] {1024, 64, 2048}, impls, names, quick, 1);
        product("multTransBAccumulate", new int[] {32, 256, 1024}, impls, names, quick, 2);
        product("multTransBAccumulate", new int[] {1, 256, 1024}, impls, names, quick, 2);
        product("multTransBAccumulate", new int[] {2048, 1024, 256}, impls, names, quick, 2);

        int rows = 32;
        int hidden = 256;
        Random rnd = new Random(1);
        float[] x = random(rnd, rows * 4 * hidden, 4);
        float[] h = random(rnd, rows * 4 * hidden, 4);
        float[] cPrev = random(rnd, rows * hidden, 2);
        float[] gates = new float[rows * 4 * hidden];
        float[] c = new float[rows * hidden];
        float[] m = new float[rows * hidden];
        float[] dm = random(rnd, rows * hidden, 1);
        float[] dc = random(rnd, rows * hidden, 1);
        float[] da = new float[rows * 4 * hidden];
        Op forward = k -> k.lstmForward(rows, hidden, x, 0, h, 0, cPrev, 0, gates, 0, c, 0, m, 0);
        Op backward = k -> k.lstmBackward(rows, hidden, gates, 0, cPrev, 0, c, 0, dm, 0, dc, 0, da, 0);
        pointwise("lstmForward rows=32 hidden=256", forward, impls, names, rows * hidden);
        pointwise("lstmBackward rows=32 hidden=256", backward, impls, names, rows * hidden);
    }

    private static void product(String op, int[] s, Kernels[] impls, String[] names, boolean quick, int kind) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        Random rnd = new Random(2);
        float[] a = random(rnd, m * k, 1);
        float[] b = random(rnd, k * n, 1);
        float[] c = new float[m * n];
        Op run = kn -> {
            switch (kind) {
                case 0:
                    kn.multAccumulate(m, n, k, a, 0, b, 0, c, 0);
                    break;
                case 1:
                    kn.multTransAAccumulate(m, n, k, a, 0, b, 0, c, 0);
                    break;
                default:
                    kn.multTransBAccumulate(m, n, k, a, 0, b, 0, c, 0);
                    break;
            }
        };
        double flops = 2.0 * m * n * k;
        StringBuilder line = new StringBuilder(String.format("%-22s m=%-5d n=%-5d k=%-5d GFLOP/s:", op, m, n, k));
        for (int i = 0; i < impls.length; i++) {
            boolean slow = i == 0 && flops > 2e9;
            if (slow && quick) {
                line.append(String.format("  %s %7s", names[i], "-"));
                continue;
            }
            double seconds = medianSeconds(run, impls[i], slow ? 1 : Math.max(1, (long) (2e8 / flops)), slow ? 1 : 9,
                    slow ? 0 : 1.0);
            line.append(String.format("  %s %7.1f", names[i], flops / seconds / 1e9));
        }
        System.out.println(line);
    }

    private static void pointwise(String what, Op op, Kernels[] impls, String[] names, int units) {
        StringBuilder line = new StringBuilder(String.format("%-34s µs/call:", what));
        for (int i = 0; i < impls.length; i++) {
            double seconds = medianSeconds(op, impls[i], 200, 9, 1.0);
            line.append(String.format("  %s %7.2f", names[i], seconds * 1e6));
        }
        System.out.println(line + String.format("   (%d hidden units)", units));
    }

    /** Warms up for about {@code warmupSeconds}, then returns the median seconds per call over {@code rounds}. */
    private static double medianSeconds(Op op, Kernels k, long callsPerRound, int rounds, double warmupSeconds) {
        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < end) {
            op.run(k);
        }
        double[] perCall = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t = System.nanoTime();
            for (long i = 0; i < callsPerRound; i++) {
                op.run(k);
            }
            perCall[r] = (System.nanoTime() - t) / 1e9 / callsPerRound;
        }
        Arrays.sort(perCall);
        return perCall[rounds / 2];
    }

    private static float[] random(Random rnd, int size, double scale) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) ((rnd.nextFloat() * 2 - 1) * scale);
        }
        return x;
    }
}
