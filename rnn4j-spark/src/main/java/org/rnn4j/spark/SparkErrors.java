package org.rnn4j.spark;

/** Spark's failures as one line: the innermost cause's message, without Spark's stage and task preamble. */
public final class SparkErrors {

    private SparkErrors() {
    }

    /** The first line of the innermost message of {@code e}'s causes, or its class name when none has one. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse("");
        // a task failure's message ends with the executor's exception: keep that part
        int at = line.lastIndexOf("): ");
        return at >= 0 ? line.substring(at + 3) : line;
    }
}
