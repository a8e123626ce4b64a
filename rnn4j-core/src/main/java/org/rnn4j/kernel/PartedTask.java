package org.rnn4j.kernel;

/**
 * Work cut into {@code parts} pieces that may run at the same time, on different threads: part
 * {@code part} must write only data that no other part reads or writes.
 *
 * @see Kernels#runParts(PartedTask)
 */
@FunctionalInterface
public interface PartedTask {

    /** Runs piece {@code part} of {@code parts} (0 ≤ part &lt; parts). */
    void runPart(int part, int parts);

    /**
     * Where piece {@code part} of {@code parts} starts when {@code n} items are cut into nearly equal
     * consecutive pieces: piece p takes {@code [start(n, p, parts), start(n, p + 1, parts))}.
     */
    static int start(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }
}
