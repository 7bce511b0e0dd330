package dev.hymir.bench;

import java.util.concurrent.CountDownLatch;
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
 */
public final class Floor implements Contender {

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public Prepared prepare(Shape shape, ExecutionCounter counter) {
        return new Run(shape, counter);
    }

    private static final class Run implements Prepared {
        private final Shape shape;
        private final ExecutionCounter counter;
        private final int[] offsets;
        private final int[] targets;
        private final AtomicIntegerArray remaining;
        private final AtomicInteger unfinishedJobs;
        private final CountDownLatch done = new CountDownLatch(1);

        Run(Shape shape, ExecutionCounter counter) {
            this.shape = shape;
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
            done.await();
        }

        /** Node {@code v} has no unfinished predecessor: run it (a job) or pass through it (a join). */
        private void release(int v) {
            if (shape.isJoin(v)) {
                completed(v);
            } else {
                Thread.ofVirtual().start(() -> runJob(v));
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
            // Virtual threads already started finish on their own; nothing new starts once the
            // harness drops this run (a released job still completes, but the jobs are no-ops).
        }
    }
}
