package dev.hymir.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The floor: the least a virtual-thread-per-job, in-degree-counting scheduler can do, and the
 * reference every other figure is divided by. CSR arrays, one atomic counter per node, one virtual
 * thread per job; a finished job decrements its successors' counters and starts a thread for each
 * that reaches zero. No journal, no states, no results, no failure handling: anything Hymir does on
 * top of this shows up as its distance from the floor.
 *
 * <p>Join nodes do no work, so they get no thread: the job that releases a join releases the join's
 * successors directly (Hymir's scheduler treats joins the same way).
 *
 * <p>{@link #onPlatformPool()} is the same scheduler with jobs run as tasks on a work-stealing pool of
 * one platform thread per core (the kind of pool that carries virtual threads): the difference is what
 * a virtual thread per job costs. A reference, not what the ratios divide by.
 */
public final class Floor implements Contender {
    private final boolean virtualThreads;

    public Floor() {
        this(true);
    }

    private Floor(boolean virtualThreads) {
        this.virtualThreads = virtualThreads;
    }

    /** The same scheduler, jobs run on a {@code ForkJoinPool} of {@code availableProcessors()} threads. */
    public static Floor onPlatformPool() {
        return new Floor(false);
    }

    @Override
    public String name() {
        return virtualThreads ? "floor" : "floor-pool";
    }

    @Override
    public Prepared prepare(Shape shape, ExecutionCounter counter) {
        Executor launcher = virtualThreads
                ? job -> Thread.ofVirtual().start(job)
                : new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        return new Run(shape, counter, launcher);
    }

    private static final class Run implements Prepared {
        private final Shape shape;
        private final ExecutionCounter counter;
        private final int[] offsets;
        private final int[] targets;
        private final AtomicIntegerArray remaining;
        private final AtomicInteger unfinishedJobs;
        private final CountDownLatch done = new CountDownLatch(1);
        private final Executor launcher;

        Run(Shape shape, ExecutionCounter counter, Executor launcher) {
            this.shape = shape;
            this.launcher = launcher;
            this.counter = counter;
            this.offsets = shape.offsets();
            this.targets = shape.targets();
            // The only per-run state: a mutable copy of the in-degrees (the shape is shared).
            this.remaining = new AtomicIntegerArray(shape.inDegree());
            this.unfinishedJobs = new AtomicInteger(shape.jobCount());
        }

        @Override
        public void execute() throws InterruptedException {
            if (shape.jobCount() == 0) {
                return;
            }
            // Roots from the shape's in-degrees, not the live counters: a started job may already
            // have brought a later node to zero, and that node is its to release.
            int[] inDegree = shape.inDegree();
            for (int v = 0; v < shape.nodeCount(); v++) {
                if (inDegree[v] == 0) {
                    release(v);
                }
            }
            try {
                done.await();
            } finally {
                if (launcher instanceof ExecutorService pool) {
                    pool.shutdown();
                }
            }
        }

        /** Node {@code v} has no unfinished predecessor: run it (a job) or pass through it (a join). */
        private void release(int v) {
            if (shape.isJoin(v)) {
                completed(v);
            } else {
                launcher.execute(() -> runJob(v));
            }
        }

        private void runJob(int v) {
            counter.ran(v); // the no-op job
            completed(v);
            if (unfinishedJobs.decrementAndGet() == 0) {
                done.countDown();
            }
        }

        /** Decrements every successor of {@code v}; those reaching zero are released. */
        private void completed(int v) {
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                int w = targets[e];
                if (remaining.decrementAndGet(w) == 0) {
                    release(w);
                }
            }
        }

        @Override
        public void abandon() {
            // Started virtual threads finish on their own (the jobs are no-ops); a pool is stopped.
            if (launcher instanceof ExecutorService pool) {
                pool.shutdownNow();
            }
        }
    }
}
