package org.rnn4j.spark;

/**
 * How a run is spread over Spark.
 *
 * @param partitions P, the shares of the global batch (one partition each); the global batch must have at
 *                   least P sequences
 * @param reduction  how the shares are added
 * @param treeDepth  the depth of {@link Reduction#TREE} (Spark's default is 2)
 */
public record SparkOptions(int partitions, Reduction reduction, int treeDepth) {

    public SparkOptions {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (reduction == null) {
            throw new IllegalArgumentException("give a reduction, ORDERED or TREE");
        }
        if (treeDepth < 1) {
            throw new IllegalArgumentException("the tree depth must be >= 1, got " + treeDepth);
        }
    }

    /** {@code partitions} shares added in order. */
    public static SparkOptions ordered(int partitions) {
        return new SparkOptions(partitions, Reduction.ORDERED, 2);
    }

    /** {@code partitions} shares added by {@code treeAggregate} of depth 2. */
    public static SparkOptions tree(int partitions) {
        return new SparkOptions(partitions, Reduction.TREE, 2);
    }

    /**
     * The first of the {@code count} items (sequences, streams) that share {@code part} of {@code parts}
     * holds: {@code ⌊count·part/parts⌋}, so shares differ by at most one and share 0 starts at 0.
     */
    public static int shareStart(int count, int part, int parts) {
        return (int) ((long) count * part / parts);
    }
}
