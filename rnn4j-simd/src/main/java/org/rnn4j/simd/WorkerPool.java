package org.rnn4j.simd;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that, together with the calling thread, run the parts of one job
 * at a time.
 *
 * <p>Built for calls of 50 µs to a few ms, issued back to back by a training loop: a job is
 * handed over through a volatile sequence number, with no allocation, no queue and no lock. After
 * a job a worker spins for {@link #SPIN_NANOS} (the next product of the same time step usually
 * arrives within that) and then parks; waking a parked worker costs a few microseconds more.
 *
 * <p>One job at a time: a caller that finds the pool busy (another application thread is using
 * the same kernels) gets {@code false} from {@link #tryAcquire} and runs the job alone. Results do not
 * depend on that choice, because each part writes only its own elements of the output and every
 * element is computed the same way whichever part holds it.
 */
final class WorkerPool {

    /** A job cut into parts; each part must write only outputs no other part touches. */
    interface Job {
        void runPart(int part, int parts);
    }

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 100_000;

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
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
            workers[w] = new Worker(w + 1);
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
     * Runs {@code job} in {@link #threads()} parts, part 0 on the calling thread, and returns when
     * all parts are done; rethrows the first failure of any part. Only between
     * {@link #tryAcquire()} and {@link #release()}.
     */
    void run(Job job) {
        assert busy.get() : "run() without tryAcquire()";
        startOnce();
        long seq = ++sequence;
        for (Worker w : workers) {
            w.job = job;
            w.parts = threads;
            w.failure = null;
            w.posted = seq;                // volatile write publishes the fields above
            if (w.parked) {
                LockSupport.unpark(w);
            }
        }
        Throwable failure = null;
        try {
            job.runPart(0, threads);
        } catch (Throwable t) {
            failure = t;
        }
        // Wait for every worker even after a failure: the job's arrays must not be touched once
        // we return.
        for (Worker w : workers) {
            awaitFinished(w, seq);
            if (failure == null) {
                failure = w.failure;
            }
            w.job = null;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException("kernel worker failed", failure);
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

    private static void awaitFinished(Worker w, long seq) {
        // Parts are balanced, so the worker is normally a few microseconds away: spin, but yield
        // now and then in case the OS has descheduled it.
        int spins = 0;
        while (w.finished != seq) {
            if (++spins % 1024 == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static final class Worker extends Thread {
        private final int part;
        /** Sequence number of the newest job posted to this worker. */
        volatile long posted;
        /** Sequence number of the newest job this worker has finished. */
        volatile long finished;
        /** True while the worker is (about to be) parked, so the caller knows to unpark it. */
        volatile boolean parked;
        // Plain fields, published by the volatile write of posted and read back after finished.
        WorkerPool.Job job;
        int parts;
        Throwable failure;

        Worker(int part) {
            super("rnn4j-kernels-" + part);
            this.part = part;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long seq = awaitPosted(seen);
                try {
                    job.runPart(part, parts);
                } catch (Throwable t) {
                    failure = t;
                }
                seen = seq;
                finished = seq;             // volatile write publishes the part's output
            }
        }

        private long awaitPosted(long seen) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            int spins = 0;
            long seq;
            while ((seq = posted) == seen) {
                if (++spins % 64 != 0 || System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    continue;
                }
                // Dekker-style hand-shake with run(): we publish parked, then re-read posted; the
                // caller publishes posted, then reads parked. One of us sees the other's write, so
                // a job is never left waiting on a parked worker. An unpark that arrives before the
                // park leaves a permit, and park returns at once.
                parked = true;
                if (posted == seen) {
                    LockSupport.park(this);
                }
                parked = false;
                deadline = System.nanoTime() + SPIN_NANOS;
            }
            return seq;
        }
    }
}
