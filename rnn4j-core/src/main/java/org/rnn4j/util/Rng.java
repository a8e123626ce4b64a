package org.rnn4j.util;

/**
 * A seeded random generator whose whole state is one {@code long}, so that a checkpoint can save it
 * and a resumed run continues the same stream bit for bit. SplitMix64 (Steele, Lea and Flood 2014):
 * fast, statistically good for initialization, dropout masks and sampling.
 */
public final class Rng {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The state, to save. */
    public long state() {
        return state;
    }

    /** Restores a saved state. */
    public void setState(long value) {
        this.state = value;
    }

    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = Long.remainderUnsigned(-1L, bound);
        while (true) {
            long r = nextLong();
            if (Long.compareUnsigned(r, -1L - limit) <= 0 || limit == 0) {
                return (int) Long.remainderUnsigned(r, bound);
            }
        }
    }

    /** Standard normal by Box–Muller; uses two uniforms per call, keeping the state a single long. */
    public double nextGaussian() {
        double u1 = nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A generator for an independent purpose (e.g. dropout vs data order), derived from this one's seed. */
    public Rng split() {
        return new Rng(nextLong());
    }
}
