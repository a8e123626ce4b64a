package org.rnn4j.train;

/**
 * Training produced a non-finite loss, gradient or parameter. The message names the step and the
 * first parameter affected; the last good checkpoint is left as it was.
 */
public final class DivergenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int step;
    private final String parameter;
    private final int keptStep;
    private final String detail;

    public DivergenceException(int step, String parameter, String what) {
        super("training diverged at step " + step + ": " + what + (parameter.isEmpty() ? "" : " in " + parameter)
                + " — lower the learning rate or clip gradients (--clip-norm)");
        this.step = step;
        this.parameter = parameter;
        this.keptStep = -1;
        this.detail = what + (parameter.isEmpty() ? "" : " in " + parameter);
    }

    /**
     * A divergence found by the training loop's rule ({@code why} says which), after which the
     * checkpoint of step {@code keptStep} stands ({@code -1}: no checkpoint was written).
     */
    public DivergenceException(int step, String why, int keptStep) {
        super("training diverged at step " + step + ": " + why + (keptStep < 0
                ? "; no checkpoint was saved"
                : keptStep == 0
                        ? "; the checkpoint holds the state before training"
                        : "; the checkpoint of step " + keptStep + ", the last before the explosion, stands")
                + " — lower the learning rate or clip gradients (--clip-norm)");
        this.step = step;
        this.parameter = "";
        this.keptStep = keptStep;
        this.detail = why;
    }

    /** What diverged, without the step and the advice: "the loss is NaN", "the loss 2e9 exploded past ...". */
    public String detail() {
        return detail;
    }

    public int step() {
        return step;
    }

    /** The step of the checkpoint that stands after the divergence, or -1 when none was written. */
    public int keptStep() {
        return keptStep;
    }

    /** The first parameter found non-finite, or empty when the loss itself was. */
    public String parameter() {
        return parameter;
    }
}
