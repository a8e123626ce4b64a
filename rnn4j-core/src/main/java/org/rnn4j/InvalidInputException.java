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

    /** Longest part of a value from outside that a message quotes. */
    public static final int MAX_EXCERPT = 80;

    /**
     * {@code value} fit for a one-line message: at most {@value #MAX_EXCERPT} characters of it (then
     * "..." and its length, since a value can be a 50 MB CSV field), control characters escaped.
     */
    public static String excerpt(String value) {
        if (value == null) {
            return "null";
        }
        int n = Math.min(value.length(), MAX_EXCERPT);
        StringBuilder b = new StringBuilder(n + 24);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (value.length() > MAX_EXCERPT) {
            b.append("...(").append(value.length()).append(" chars)");
        }
        return b.toString();
    }
}
