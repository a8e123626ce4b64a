package org.rnn4j;

/**
 * Input from outside the library is not what was expected: a malformed file, a tensor of the
 * wrong shape, a configuration that does not fit its weights, a value out of range.
 *
 * <p>The message is one line that names what was expected and what was received, so that a
 * command-line tool can print it as it is.
 */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
