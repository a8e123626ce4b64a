package org.rnn4j.train;

/**
 * Training produced a non-finite loss, gradient or parameter. The message names the step and the
 * first parameter affected; the last good checkpoint is left as it was.
 */
public final class DivergenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int step;
    private final String parameter;

    public DivergenceException(int step, String parameter, String what) {
        super("training diverged at step " + step + ": " + what + (parameter.isEmpty() ? "" : " in " + parameter)
                + " — lower the learning rate or clip gradients (--clip-norm)");
        this.step = step;
        this.parameter = parameter;
    }

    public int step() {
        return step;
    }

    /** The first parameter found non-finite, or empty when the loss itself was. */
    public String parameter() {
        return parameter;
    }
}
