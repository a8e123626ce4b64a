package org.rnn4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scalar specification with {@link #runParts} running its pieces on real threads, in reverse
 * order of submission: what a threaded implementation may do, for testing code above the kernels
 * (that a split changes no bit, that pieces do not depend on each other's order).
 */
public final class SplittingKernels extends ScalarKernels implements AutoCloseable {

    private final int parts;
    private final ExecutorService pool;

    public SplittingKernels(int parts) {
        this.parts = parts;
        this.pool = Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "splitting-kernels");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return "scalar-split-" + parts;
    }

    @Override
    public int parallelism() {
        return parts;
    }

    @Override
    public void runParts(PartedTask task) {
        List<Future<?>> running = new ArrayList<>();
        for (int p = parts - 1; p >= 0; p--) {
            int part = p;
            running.add(pool.submit(() -> task.runPart(part, parts)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
