package org.rnn4j.train;

/** The training loss: softmax cross-entropy on class ids, or mean squared error on values. */
public enum LossKind {
    CROSS_ENTROPY, MSE
}
