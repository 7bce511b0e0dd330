package dev.hymir.cli;

import java.util.Arrays;

/**
 * Per-job timestamps the demo's handler records, and the ready → started latency computed from
 * them after the run. A job is ready when the last of its predecessors' handlers returned (a root:
 * when {@code run()} was called); it started when its handler was entered. So the latency is the
 * engine's whole hand-off: reporting the predecessor's outcome, updating counters, dispatching.
 *
 * <p>Each slot is written by one job thread only, and read after {@code await} returned, which
 * happens after every job has reported through the engine's queue.
 */
final class JobTimes {
    private final long[] started;
    private final long[] ended;

    JobTimes(int jobs) {
        started = new long[jobs];
        ended = new long[jobs];
    }

    void started(int job) {
        started[job] = System.nanoTime();
    }

    void ended(int job) {
        ended[job] = System.nanoTime();
    }

    /** Latencies in nanoseconds, sorted ascending. */
    long[] latencies(int[][] predecessors, long runStart) {
        long[] latency = new long[started.length];
        for (int j = 0; j < started.length; j++) {
            long ready = runStart;
            for (int p : predecessors[j]) {
                ready = Math.max(ready, ended[p]);
            }
            latency[j] = Math.max(0, started[j] - ready);
        }
        Arrays.sort(latency);
        return latency;
    }

    /** The nearest-rank percentile of sorted values: p = 0.5 for the median. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static String formatNanos(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1f us", nanos / 1e3);
        }
        return String.format(java.util.Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
