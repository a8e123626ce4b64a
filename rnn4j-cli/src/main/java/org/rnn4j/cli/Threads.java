package org.rnn4j.cli;

/**
 * {@code --threads}: how many threads the Vector API kernels split large products over. The kernels
 * read the system property {@code rnn4j.threads} once, when they are first chosen, so the option must
 * be applied before a command touches a model.
 */
final class Threads {

    private Threads() {
    }

    /** Applies {@code --threads} (null = the default, every available processor). */
    static void apply(Integer threads) {
        if (threads != null) {
            System.setProperty("rnn4j.threads", Integer.toString(threads));
        }
    }
}
