package org.rnn4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import java.util.TreeMap;

/**
 * Shares of a step added up: their parts of the mean loss, positions, the gradient in double (each share's float
 * gradient added element by element), and every share's final carried state kept by share index.
 * Added in partition order it gives the same bits whatever the executors; {@code treeAggregate} adds
 * in the order tasks finish.
 */
final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    double loss;
    long positions;
    int shares;
    /** [parameters][elements], allocated at the first share. */
    double[][] gradient;
    final TreeMap<Integer, float[][]> states = new TreeMap<>();

    /** Adds {@code r} in. */
    GradientSum add(ShareResult r) {
        loss += r.loss();
        positions += r.positions();
        shares++;
        float[][] g = r.gradient();
        if (gradient == null) {
            gradient = new double[g.length][];
            for (int i = 0; i < g.length; i++) {
                gradient[i] = new double[g[i].length];
            }
        }
        for (int i = 0; i < g.length; i++) {
            double[] acc = gradient[i];
            float[] gi = g[i];
            for (int j = 0; j < gi.length; j++) {
                acc[j] += gi[j];
            }
        }
        states.put(r.index(), new float[][] {r.hidden(), r.cell()});
        return this;
    }

    /** Adds {@code other}'s sums into this one. */
    GradientSum merge(GradientSum other) {
        if (other.gradient == null) {
            return this;
        }
        if (gradient == null) {
            return other;
        }
        loss += other.loss;
        positions += other.positions;
        shares += other.shares;
        for (int i = 0; i < gradient.length; i++) {
            double[] acc = gradient[i];
            double[] o = other.gradient[i];
            for (int j = 0; j < acc.length; j++) {
                acc[j] += o[j];
            }
        }
        states.putAll(other.states);
        return this;
    }

    /** The shares of one step added as {@code spread} says: in share order, or by {@code treeAggregate}. */
    static GradientSum reduce(JavaRDD<ShareResult> results, SparkOptions spread) {
        GradientSum sum;
        if (spread.reduction() == Reduction.ORDERED) {
            sum = new GradientSum();
            List<ShareResult> list = new ArrayList<>(results.collect());
            list.sort((a, b) -> Integer.compare(a.index(), b.index()));
            for (ShareResult r : list) {
                sum.add(r);
            }
        } else {
            sum = results.treeAggregate(new GradientSum(), GradientSum::add, GradientSum::merge, spread.treeDepth());
        }
        if (sum.shares != spread.partitions()) {
            throw new IllegalStateException(sum.shares + " shares came back of " + spread.partitions());
        }
        return sum;
    }
}
