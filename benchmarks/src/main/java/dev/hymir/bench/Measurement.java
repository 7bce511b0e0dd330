package dev.hymir.bench;

import dev.hymir.bench.Harness.Row;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The measurement loop: one shape, one contender, one warmup run then {@code runs} measured runs, each
 * checked (every job ran exactly once, else it throws); the row holds the run times and the medians of
 * the per-run figures.
 *
 * <p><b>Heap per job</b>: used heap after a full GC with the prepared run alive (the contender's graph,
 * counters and futures built, before any job starts) minus used heap after a full GC just before
 * prepare, divided by jobs. The shape's arrays and the execution counter exist in both readings and
 * cancel out; what threads and stacks cost while jobs run is not in this figure. Contenders that build
 * their state only when the run starts (Hymir's engine) are read after the run as well, while they still
 * hold it ({@link Contender.Prepared#holdsStateAfterExecute()}). The warmup run takes no readings; with
 * --quick a reading is one collection instead of two (the figures are rougher, the run much shorter).
 */
final class Measurement {
    private static final long WORKER_STACK_BYTES = 1L << 30;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final int runs;
    private final int collectionsPerReading;
    private final int minCapSeconds;

    /** {@code minCapSeconds}: a run is abandoned after the larger of this and the contender's own cap. */
    Measurement(int runs, boolean quick, int minCapSeconds) {
        this.runs = runs;
        this.collectionsPerReading = quick ? 1 : 2;
        this.minCapSeconds = minCapSeconds;
    }

    Measurement(int runs, boolean quick) {
        this(runs, quick, 0);
    }

    /**
     * Measures {@code c} on {@code shape} for {@code section}; a row with a "skipped: ..." status if it
     * cannot run or hit its cap.
     */
    Row measure(String section, Shape shape, Contender c) throws Exception {
        Row.Workload workload = Row.Workload.of(section, shape);
        if (c.unavailable() != null) {
            Harness.log("  %-20s skipped: %s", c.name(), c.unavailable());
            return Row.skipped(workload, c.name(), "skipped: " + c.unavailable());
        }
        if (shape.jobCount() > c.maxJobs()) {
            Harness.log("  %-20s skipped: %,d jobs is above its cap of %,d", c.name(), shape.jobCount(), c.maxJobs());
            return Row.skipped(workload, c.name(), "skipped: cap (> " + c.maxJobs() + " jobs)");
        }
        long[] nanos = new long[runs];
        double[] heap = new double[runs];
        double[] journalBytes = new double[runs];
        double[] journalDirBytes = new double[runs];
        double[] redisBytes = new double[runs];
        boolean journaled = false;
        boolean stored = false;
        long executed = 0;
        double jobs = shape.jobCount();
        int cap = Math.max(minCapSeconds, c.capSeconds());
        ProcessMemory.resetPeak();
        for (int r = -1; r < runs; r++) { // r == -1: warmup, not kept
            Single single = runOnce(shape, c, r >= 0, cap);
            if (single == null) {
                Harness.log("  %-20s skipped: a run exceeded the %d s cap", c.name(), cap);
                return Row.skipped(workload, c.name(), "skipped: cap (" + cap + " s per run)");
            }
            if (r < 0) {
                continue;
            }
            nanos[r] = single.nanos();
            heap[r] = single.heapBytes() / Math.max(1, jobs);
            executed = single.executed();
            if (single.journal() != null) {
                journaled = true;
                journalBytes[r] = single.journal().recordBytes() / jobs;
                journalDirBytes[r] = single.journal().dirBytes() / jobs;
            }
            if (single.redisBytes() != null) {
                stored = true;
                redisBytes[r] = single.redisBytes() / jobs;
            }
        }
        Row row = Row.measured(workload, c.name(), "ok", nanos, executed, median(heap),
                journaled ? median(journalBytes) : Double.NaN, journaled ? median(journalDirBytes) : Double.NaN,
                stored ? median(redisBytes) : Double.NaN).withRss(ProcessMemory.read());
        Harness.log("  %-20s median %,12.0f jobs/s  min %,12.0f  max %,12.0f  %6.1f B/job%s%s", c.name(),
                row.jobsPerSecond(row.medianNanos()), row.jobsPerSecond(row.maxNanos()),
                row.jobsPerSecond(row.minNanos()), row.heapBytesPerJob(),
                journaled ? String.format(Locale.ROOT, "  journal %.1f B/job", row.journalBytesPerJob()) : "",
                stored ? String.format(Locale.ROOT, "  redis %.1f B/job", row.redisBytesPerJob()) : "");
        return row;
    }

    /** The middle value (the upper one of the two middles for an even count, as the harness always did). */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private record Single(long nanos, long heapBytes, long executed, JournalSize journal, Long redisBytes) {
    }

    /**
     * One run on its own platform thread, so a contender that never finishes is abandoned after its
     * cap instead of hanging the harness. Returns null on timeout; rethrows the run's failure.
     */
    private Single runOnce(Shape shape, Contender c, boolean readHeap, int capSeconds) throws Exception {
        AtomicReference<Single> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Contender.Prepared> prepared = new AtomicReference<>();
        // A large stack: Dexecutor validates its graph with a recursive depth-first search, which
        // overflows a default stack on a chain or a diamond stack a few thousand deep.
        Thread worker = Thread.ofPlatform().daemon().name("bench-" + c.name()).stackSize(WORKER_STACK_BYTES).start(() -> {
            try {
                ExecutionCounter counter = new ExecutionCounter(shape.jobCount());
                c.beforeRun();
                long before = readHeap ? heapAfterGc() : 0;
                long t0 = System.nanoTime();
                Contender.Prepared p = c.prepare(shape, counter);
                long prepareNanos = System.nanoTime() - t0;
                prepared.set(p);
                long held = readHeap ? heapAfterGc() - before : 0;
                long t1 = System.nanoTime();
                p.execute();
                long executeNanos = System.nanoTime() - t1;
                if (readHeap && p.holdsStateAfterExecute()) {
                    held = Math.max(held, heapAfterGc() - before);
                }
                p.release();
                counter.verifyExactlyOnce(c.name() + " on " + shape.name());
                result.set(new Single(prepareNanos + executeNanos, held, counter.executed(), p.journalSize(),
                        p.redisBytes()));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.join(capSeconds * 1000L);
        if (worker.isAlive()) {
            Contender.Prepared p = prepared.get();
            if (p != null) {
                p.abandon();
            }
            worker.interrupt();
            // Whatever keeps running steals CPU from the next measurements: say so.
            worker.join(5_000);
            if (worker.isAlive()) {
                Harness.log("  warning: the abandoned %s run is still running; later figures may be perturbed", c.name());
            }
            return null;
        }
        if (failure.get() != null) {
            throw new IllegalStateException(c.name() + " failed on " + shape.name(), failure.get());
        }
        return result.get();
    }

    /** Used heap after a full collection (two without --quick: the first may only queue reference processing). */
    long heapAfterGc() {
        for (int i = 0; i < collectionsPerReading; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
