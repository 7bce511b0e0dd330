package dev.hymir.bench;

import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jobs that wait (issue 21): one workflow of {@code jobs} independent jobs (default 10^6) that each
 * sleep ({@code Thread.sleep(1000)}; 10 ms with --quick) on {@code hymir} (no journal), with
 * {@code maxConcurrency} unlimited and with {@value #LIMIT} (200 with --quick). Each configuration
 * runs twice:
 * <ol>
 *   <li><b>timed</b>: wall time from {@code run()} to {@code await} returning, the process's peak RSS
 *       during the run ({@link ProcessMemory}; the peak is reset just before) and its RSS before, and
 *       the most jobs sleeping at once (every job counts itself in and out); every job must run
 *       exactly once;</li>
 *   <li><b>heap</b>: the same workflow on a fresh engine; when as many jobs sleep as 90% of the timed
 *       run's peak, a full GC and a heap reading: <b>heap B/waiting job</b> = (used heap then − used
 *       heap after a GC just before {@code run()}) ÷ jobs sleeping at the reading. That difference holds
 *       the waiting jobs' virtual threads and stacks, but also the run's own state for all its jobs
 *       (tens of bytes per job), which dominates when few jobs wait (a limit of 10,000 out of 10^6).
 *       The workflow is then cancelled: this run is not timed. If the level is not reached again before
 *       the workflow ends, the figure is NaN.</li>
 * </ol>
 * With the limit, 10^6 jobs of 1 s need at least 10^6 / 10,000 = 100 s.
 */
final class WaitingJobs {
    static final int JOBS = 1_000_000;
    static final int JOBS_QUICK = 2_000;
    static final int LIMIT = 10_000;
    static final int LIMIT_QUICK = 200;
    static final long SLEEP_MILLIS = 1_000;
    static final long SLEEP_MILLIS_QUICK = 10;
    static final int CAP_SECONDS = 900;
    private static final String JOB = "bench.sleep";

    private WaitingJobs() {
    }

    /**
     * One configuration's figures. {@code maxConcurrency} 0: unlimited. Times in nanoseconds, bytes;
     * -1 / NaN where not measured.
     */
    public record Result(int maxConcurrency, int jobs, long sleepMillis, String status, long wallNanos, long executed,
                         int peakWaiting, int waitingAtReading, double heapBytesPerWaitingJob, long peakRssBytes,
                         long rssBeforeBytes) {
        public boolean ok() {
            return status.equals("ok");
        }

        String limit() {
            return maxConcurrency == 0 ? "unlimited" : String.format(Locale.ROOT, "%,d", maxConcurrency);
        }
    }

    /** Counts the jobs and their sleepers; trips {@link #reached} when {@code readAt} jobs sleep at once. */
    private static final class Probe {
        final ExecutionCounter counter;
        final long sleepMillis;
        final int readAt;
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final CountDownLatch reached = new CountDownLatch(1);

        Probe(int jobs, long sleepMillis, int readAt) {
            this.counter = new ExecutionCounter(jobs);
            this.sleepMillis = sleepMillis;
            this.readAt = readAt;
        }

        void job(int index) throws InterruptedException {
            counter.ran(index);
            int n = waiting.incrementAndGet();
            if (n > peak.get()) {
                peak.accumulateAndGet(n, Math::max);
            }
            if (n >= readAt) {
                reached.countDown();
            }
            try {
                Thread.sleep(sleepMillis);
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    /** Both configurations: unlimited, then at most {@code limit} jobs at once. */
    static List<Result> measureAll(int jobs, long sleepMillis, int limit, Measurement heap) throws Exception {
        Harness.log("waiting: %,d jobs that each sleep %d ms, maxConcurrency unlimited and %,d", jobs, sleepMillis, limit);
        Workflow workflow = independentJobs(jobs);
        List<Result> results = new ArrayList<>();
        for (int maxConcurrency : new int[] {0, limit}) {
            Result r = measure(workflow, jobs, sleepMillis, maxConcurrency, heap);
            Harness.log("  maxConcurrency %-9s %s: wall %,d ms, peak %,d sleeping, heap %s B/waiting job, peak RSS %s MiB",
                    r.limit(), r.status(), r.wallNanos() / 1_000_000, r.peakWaiting(),
                    Tables.num(r.heapBytesPerWaitingJob(), "%,.0f"), ProcessMemory.mib(r.peakRssBytes()));
            results.add(r);
        }
        return results;
    }

    private static Workflow independentJobs(int jobs) {
        Workflow.Builder b = Workflow.builder();
        Job job = Job.named(JOB);
        for (int i = 0; i < jobs; i++) {
            b.addAfter(job);
        }
        return b.build();
    }

    private static HymirEngine engine(Probe probe, int maxConcurrency) {
        JobRegistry registry = JobRegistry.explicitOnly().register(JOB, call -> {
            probe.job(Integer.parseInt(call.jobId()) - 1);
            return null;
        });
        HymirEngine.Builder builder = HymirEngine.builder().registry(registry);
        if (maxConcurrency > 0) {
            builder.maxConcurrency(maxConcurrency);
        }
        return builder.build();
    }

    private static Result measure(Workflow workflow, int jobs, long sleepMillis, int maxConcurrency, Measurement heap)
            throws Exception {
        // Timed run.
        Probe timed = new Probe(jobs, sleepMillis, Integer.MAX_VALUE);
        long wall;
        long peakRss;
        long rssBefore;
        try (HymirEngine engine = engine(timed, maxConcurrency)) {
            heap.heapAfterGc(); // start from a clean heap, as every run of the table does
            ProcessMemory.resetPeak();
            rssBefore = ProcessMemory.rssBytes();
            long t0 = System.nanoTime();
            String id = engine.run(workflow);
            WorkflowState state = engine.await(id, Duration.ofSeconds(CAP_SECONDS));
            wall = System.nanoTime() - t0;
            peakRss = ProcessMemory.read().peakBytes();
            if (state.status() == WorkflowState.Status.RUNNING || state.status() == WorkflowState.Status.PENDING) {
                return new Result(maxConcurrency, jobs, sleepMillis, "skipped: cap (" + CAP_SECONDS + " s)", wall,
                        timed.counter.executed(), timed.peak.get(), 0, Double.NaN, peakRss, rssBefore);
            }
            if (state.status() != WorkflowState.Status.SUCCESS) {
                throw new IllegalStateException("waiting jobs (maxConcurrency " + maxConcurrency + ") ended " + state.status());
            }
        }
        timed.counter.verifyExactlyOnce("waiting jobs, maxConcurrency " + maxConcurrency);
        int peak = timed.peak.get();

        // Heap run: read the heap once as many jobs sleep as 90% of the timed run's peak, then cancel.
        Probe probe = new Probe(jobs, sleepMillis, Math.max(1, (int) Math.ceil(peak * 0.9)));
        double perWaitingJob = Double.NaN;
        int waitingAtReading = 0;
        try (HymirEngine engine = engine(probe, maxConcurrency)) {
            long before = heap.heapAfterGc();
            String id = engine.run(workflow);
            CompletableFuture<WorkflowState> done = engine.completion(id);
            while (!done.isDone() && !probe.reached.await(10, TimeUnit.MILLISECONDS)) {
                // wait for the level or the end
            }
            if (probe.reached.getCount() == 0 && !done.isDone()) {
                long used = heap.heapAfterGc();
                waitingAtReading = probe.waiting.get();
                if (waitingAtReading > 0) {
                    perWaitingJob = (used - before) / (double) waitingAtReading;
                }
            }
            engine.cancel(id);
            engine.await(id, Duration.ofSeconds(CAP_SECONDS));
        }
        return new Result(maxConcurrency, jobs, sleepMillis, "ok", wall, timed.counter.executed(), peak, waitingAtReading,
                perWaitingJob, peakRss, rssBefore);
    }

    static String table(List<Result> results) {
        if (results == null || results.isEmpty()) {
            return "";
        }
        Result first = results.get(0);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "jobs that wait: %,d jobs that each sleep %,d ms, on hymir (no journal)%n", first.jobs(),
                first.sleepMillis()));
        String header = String.format(Locale.ROOT, "%-15s %12s %14s %16s %20s %13s %12s  %s%n", "maxConcurrency",
                "wall ms", "peak sleeping", "sleeping at read", "heap B/waiting job", "peak RSS MiB", "RSS before",
                "status");
        sb.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "%-15s %,12d %,14d %,16d %20s %13s %12s  %s%n", r.limit(),
                    r.wallNanos() / 1_000_000, r.peakWaiting(), r.waitingAtReading(),
                    Tables.num(r.heapBytesPerWaitingJob(), "%,.0f"), ProcessMemory.mib(r.peakRssBytes()),
                    ProcessMemory.mib(r.rssBeforeBytes()), r.status()));
        }
        return sb.toString();
    }
}
