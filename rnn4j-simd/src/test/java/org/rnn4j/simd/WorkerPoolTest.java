package org.rnn4j.simd;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-over protocol of {@link WorkerPool}: every part exactly once, failures reach the caller. */
class WorkerPoolTest {

    @Test
    void everyPartRunsExactlyOncePerJob() {
        for (int threads : new int[] {1, 2, 3}) {
            WorkerPool pool = new WorkerPool(threads);
            for (int job = 0; job < 2000; job++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(threads);
                int[] seenParts = new int[1];
                assertTrue(pool.tryAcquire());
                try {
                    pool.run((part, parts) -> {
                        seenParts[0] = parts;
                        runs.incrementAndGet(part);
                    });
                } finally {
                    pool.release();
                }
                assertEquals(threads, seenParts[0]);
                for (int p = 0; p < threads; p++) {
                    assertEquals(1, runs.get(p), "part " + p + " of job " + job + " on " + threads + " threads");
                }
            }
        }
    }

    /**
     * Part 0 always runs on the calling thread (a job split by columns then gives the caller the
     * same block of a weight matrix at every call), even when a spinning worker sees the job first.
     */
    @Test
    void partZeroIsAlwaysTheCallers() {
        WorkerPool pool = new WorkerPool(2);
        Thread caller = Thread.currentThread();
        for (int job = 0; job < 5000; job++) {
            Thread[] ranPart = new Thread[2];
            assertTrue(pool.tryAcquire());
            try {
                pool.run((part, parts) -> ranPart[part] = Thread.currentThread());
            } finally {
                pool.release();
            }
            assertSame(caller, ranPart[0], "part 0 of job " + job);
        }
    }

    /** More parts than threads: each still exactly once, whoever claims it. */
    @Test
    void moreTasksThanThreadsRunExactlyOnceEach() {
        WorkerPool pool = new WorkerPool(2);
        for (int parts : new int[] {1, 3, 8, 17}) {
            for (int job = 0; job < 500; job++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                assertTrue(pool.tryAcquire());
                try {
                    pool.run((part, n) -> {
                        assertEquals(parts, n);
                        runs.incrementAndGet(part);
                    }, parts);
                } finally {
                    pool.release();
                }
                for (int p = 0; p < parts; p++) {
                    assertEquals(1, runs.get(p), "part " + p + " of " + parts + ", job " + job);
                }
            }
        }
    }

    @Test
    void aFailingPartReachesTheCallerAndThePoolStaysUsable() {
        WorkerPool pool = new WorkerPool(2);
        IllegalStateException boom = new IllegalStateException("boom");
        for (int failing = 0; failing < 2; failing++) {
            int which = failing;
            assertTrue(pool.tryAcquire());
            try {
                IllegalStateException thrown = assertThrows(IllegalStateException.class,
                        () -> pool.run((part, parts) -> {
                            if (part == which) {
                                throw boom;
                            }
                        }));
                assertSame(boom, thrown);
            } finally {
                pool.release();
            }
        }
        AtomicIntegerArray runs = new AtomicIntegerArray(2);
        assertTrue(pool.tryAcquire());
        try {
            pool.run((part, parts) -> runs.incrementAndGet(part));
        } finally {
            pool.release();
        }
        assertEquals(1, runs.get(0));
        assertEquals(1, runs.get(1));
    }

    @Test
    void aSecondCallerIsTurnedAwayWhileThePoolIsBusy() {
        WorkerPool pool = new WorkerPool(2);
        assertTrue(pool.tryAcquire());
        assertFalse(pool.tryAcquire());
        pool.release();
        assertTrue(pool.tryAcquire());
        pool.release();
    }
}
