package org.rnn4j.spark;

/** How the partitions' gradient shares reach the driver. */
public enum Reduction {
    /**
     * Every share collected to the driver and added in partition order: the same bits run to run and
     * for any executor count with the same shares; the driver holds all shares at once.
     */
    ORDERED,
    /**
     * {@code treeAggregate}: shares added on executors in a tree, the driver receives a few partial
     * sums; for many partitions. The order of additions follows task completion, so the last bits may
     * differ run to run.
     */
    TREE
}
