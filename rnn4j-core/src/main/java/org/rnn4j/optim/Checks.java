package org.rnn4j.optim;

import org.rnn4j.InvalidInputException;

/** Range checks shared by the config records; each message names the setting, the range and the value. */
final class Checks {

    private Checks() {
    }

    static void learningRate(String owner, double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new InvalidInputException(owner + " learning rate must be a finite number > 0, got " + lr);
        }
    }

    static void nonNegative(String owner, String what, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new InvalidInputException(owner + " " + what + " must be a finite number >= 0, got " + value);
        }
    }

    /** {@code value} in {@code [0, 1)}: a decay factor that still forgets. */
    static void unitInterval(String owner, String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidInputException(owner + " " + what + " must be in [0, 1), got " + value);
        }
    }

    /** The settings {@link AdamConfig} and {@link AdamWConfig} share, in their order. */
    static void adam(String owner, double learningRate, double beta1, double beta2, double epsilon,
            double weightDecay) {
        learningRate(owner, learningRate);
        unitInterval(owner, "beta1", beta1);
        unitInterval(owner, "beta2", beta2);
        nonNegative(owner, "epsilon", epsilon);
        nonNegative(owner, "weight decay", weightDecay);
    }
}
