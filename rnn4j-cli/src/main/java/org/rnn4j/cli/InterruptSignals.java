package org.rnn4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.train.StopSignal;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a training run: the first asks the run to stop after the step
 * under way, with a checkpoint as at any end ({@link StopSignal}), and the command then exits with
 * 130 or 143; a second one exits at once, leaving the latest complete checkpoint as it stands (a write
 * cut short leaves only a temporary file, removed at the next start in that directory). Before the run
 * has started there is nothing to save, and the first signal exits at once.
 *
 * <p>While installed, these signals no longer run the JVM's shutdown hooks; {@link #close} puts the
 * previous handlers back.
 */
final class InterruptSignals implements AutoCloseable {

    private final StopSignal stop = new StopSignal();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final PrintStream err;
    private volatile boolean started;
    private volatile int exitCode;
    private volatile String name;

    private InterruptSignals(PrintStream err) {
        this.err = err;
    }

    /**
     * Handles SIGINT and SIGTERM until {@link #close}. A platform without one of them (Windows has no
     * SIGTERM to catch) keeps its default for it.
     */
    static InterruptSignals install(PrintStream err) {
        InterruptSignals s = new InterruptSignals(err);
        s.handle("INT", ExitCodes.SIGINT);
        s.handle("TERM", ExitCodes.SIGTERM);
        return s;
    }

    private void handle(String signal, int code) {
        try {
            Signal sig = new Signal(signal);
            SignalHandler old = Signal.handle(sig, s -> received("SIG" + signal, code));
            signals.add(sig);
            previous.add(old);
        } catch (IllegalArgumentException unavailable) {
            // not on this platform, or reserved by the JVM (-Xrs): the default behaviour stays
        }
    }

    private void received(String signal, int code) {
        if (exitCode != 0 || !started) {
            // a second signal, or nothing to save yet: out at once, the last complete checkpoint stands
            err.println("rnn4j: " + signal + (exitCode != 0 ? " again" : "") + ": exiting at once"
                    + (started ? "; the last complete checkpoint stands" : "; nothing was saved"));
            err.flush();
            Runtime.getRuntime().halt(exitCode != 0 ? exitCode : code);
        }
        name = signal;
        exitCode = code;
        stop.request();
    }

    /** Asked of the training run: stop after the step under way. */
    StopSignal stopSignal() {
        return stop;
    }

    /** From now on a signal stops the run with a checkpoint rather than exiting at once. */
    void runStarted() {
        started = true;
    }

    /** 130 after SIGINT, 143 after SIGTERM, 0 if no signal came. */
    int exitCode() {
        return exitCode;
    }

    /** {@code SIGINT} or {@code SIGTERM}, or null. */
    String signalName() {
        return name;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
