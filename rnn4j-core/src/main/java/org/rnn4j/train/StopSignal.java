package org.rnn4j.train;

/**
 * A request, from any thread, that a training run end after the step under way, with a checkpoint
 * as at any end (an interrupted command line run: Ctrl-C, SIGTERM). Passed to a
 * {@link TrainingLoop} before it runs; one signal can serve several runs in turn.
 */
public final class StopSignal {

    private volatile boolean requested;

    /** Asks the run to stop; safe from any thread, including a signal handler's. */
    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }
}
