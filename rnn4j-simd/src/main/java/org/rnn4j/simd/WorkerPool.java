package org.rnn4j.simd;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.rnn4j.kernel.PartedTask;

/**
 * A fixed set of daemon threads that, together with the calling thread, run the parts of one job
 * at a time.
 *
 * <p>Built for short calls, one product or pass of a time step, issued back to back by a training
 * loop: a job is handed over through one atomic word, with no allocation, no queue and no lock.
 * After a job a worker spins for {@link #SPIN_NANOS} (the next product of the same time step
 * usually arrives within that) and then parks; waking a parked worker costs a few microseconds more.
 *
 * <p>Parts are claimed, not assigned, except part 0, which is always the caller's: each worker
 * takes the next free part, and the caller, once done with its own, takes any part no worker has
 * claimed yet. On a machine where other processes keep the cores busy a worker may not run for
 * milliseconds; the caller then does the whole job itself instead of waiting for it. When the workers are awake the
 * caller gets part 0 and worker w part w every time, so each core keeps seeing the same block of
 * the weights.
 *
 * <p>One job at a time: a caller that finds the pool busy (another application thread is using
 * the same kernels) gets {@code false} from {@link #tryAcquire} and runs the job alone. None of
 * this changes results: each part writes only its own elements of the output, and every element
 * is computed the same way whichever thread runs its part.
 */
final class WorkerPool {

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 100_000;
    private static final int PART_BITS = 16;
    private static final long PART_MASK = (1L << PART_BITS) - 1;

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    /**
     * The current job's sequence number (high bits) and its next unclaimed part (low
     * {@link #PART_BITS} bits). A part can only be claimed by a compare-and-set that names the
     * sequence number, so a worker that wakes late can never claim a part of a newer job while
     * believing it belongs to an older one.
     */
    private final AtomicLong claims = new AtomicLong();
    /** Parts of the current job finished (or failed). */
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The current job and its part count; written before {@link #claims} publishes them. */
    private PartedTask job;
    private int parts;
    /** Sequence number of the last job; written only by the caller holding {@link #busy}. */
    private long sequence;
    private boolean started;

    /** A pool that runs jobs in {@code threads} parts: the caller plus {@code threads - 1} workers. */
    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(this, w + 1);
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Takes the pool for one job; false when another caller has it. A caller that gets true must
     * call {@link #release()} in a finally block, and may fill in its job object in between.
     */
    boolean tryAcquire() {
        return busy.compareAndSet(false, true);
    }

    /** Gives the pool back after {@link #tryAcquire()}. */
    void release() {
        busy.set(false);
    }

    /**
     * Runs {@code job} in {@link #threads()} parts and returns when all are done; rethrows the
     * first failure of any part. Only between {@link #tryAcquire()} and {@link #release()}.
     */
    void run(PartedTask job) {
        run(job, threads);
    }

    /**
     * Runs {@code job} in {@code parts} parts (at least one), claimed one at a time by whichever
     * thread is free, so that a thread slowed down by other load simply takes fewer of them.
     */
    void run(PartedTask job, int parts) {
        assert busy.get() : "run() without tryAcquire()";
        assert parts >= 1 && parts <= PART_MASK;
        startOnce();
        long seq = ++sequence;
        this.job = job;
        this.parts = parts;
        finished.set(0);
        failure.set(null);
        // Part 0 is the caller's before the job is published (the volatile write publishes the
        // fields above): a spinning worker would otherwise often claim it first, and the threads
        // would swap their blocks of a weight matrix from one call to the next.
        claims.set((seq << PART_BITS) | 1);
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w);
            }
        }
        runPart(0);
        runParts(seq);
        // Wait for parts that workers claimed: they write into the caller's arrays.
        int spins = 0;
        while (finished.get() < parts) {
            // A claimed part is normally microseconds from done; yield now and then in case the
            // OS has descheduled the worker running it.
            if (++spins % 1024 == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        this.job = null;
        Throwable t = failure.get();
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException("kernel worker failed", t);
        }
    }

    /** Claims and runs parts of job {@code seq} until none is left; called by the caller and the workers. */
    private void runParts(long seq) {
        while (true) {
            long c = claims.get();
            int part = (int) (c & PART_MASK);
            if ((c >>> PART_BITS) != seq || part >= parts) {
                return;
            }
            if (!claims.compareAndSet(c, c + 1)) {
                continue;
            }
            // The claim succeeded while job seq was current, and it cannot finish before this
            // part does, so job and parts still describe it.
            runPart(part);
        }
    }

    /** Runs one claimed part of the current job; a failure is recorded for the caller, not thrown. */
    private void runPart(int part) {
        try {
            job.runPart(part, parts);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            finished.incrementAndGet();    // publishes the part's output
        }
    }

    private void startOnce() {
        // Only the caller holding busy gets here, so no further locking is needed.
        if (!started) {
            for (Worker w : workers) {
                w.start();
            }
            started = true;
        }
    }

    private static final class Worker extends Thread {
        private final WorkerPool pool;
        /** True while the worker is (about to be) parked, so the caller knows to unpark it. */
        volatile boolean parked;

        Worker(WorkerPool pool, int index) {
            super("rnn4j-kernels-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long seq = awaitNewJob(seen);
                pool.runParts(seq);
                seen = seq;
            }
        }

        private long awaitNewJob(long seen) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            int spins = 0;
            long seq;
            while ((seq = pool.claims.get() >>> PART_BITS) == seen) {
                if (++spins % 64 != 0 || System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    continue;
                }
                // Dekker-style hand-shake with run(): we publish parked, then re-read claims; the
                // caller publishes claims, then reads parked. One of us sees the other's write, so
                // a job is never left waiting on a parked worker. An unpark that arrives before
                // the park leaves a permit, and park returns at once.
                parked = true;
                if (pool.claims.get() >>> PART_BITS == seen) {
                    LockSupport.park(this);
                }
                parked = false;
                deadline = System.nanoTime() + SPIN_NANOS;
            }
            return seq;
        }
    }
}
