package dev.hymir.cli;

import java.util.Arrays;

/**
 * When the demo's jobs start and end, and the ready → started latency computed from that after the
 * run. A job is ready when the last of its predecessors' handlers returned (a root: when {@code run()}
 * was called); it started when its handler was entered. So the latency is the engine's whole
 * hand-off: reporting the predecessor's outcome, updating counters, dispatching.
 *
 * <p><b>Which jobs.</b> Up to {@link #MEASURE_ALL} jobs, every one; beyond, every k-th (about
 * {@link #SAMPLE} of them) and their predecessors, so 10^8 jobs cost a few MB here, not 1.6 GB. The
 * shape tells which ({@link #note}) as it is generated.
 *
 * <p>Each slot is written by one job thread only, and read after {@code await} returned, which
 * happens after every job has reported through the engine.
 */
final class JobTimes {
    static final int MEASURE_ALL = 1_000_000;
    static final int SAMPLE = 100_000;

    private final int step;                 // measure job j when j % step == 0
    private final IntSlots slots;           // job -> slot, for the jobs recorded (null: slot = job)
    private long[] started;
    private long[] ended;
    private int[] measured = new int[16];   // the measured jobs
    private int[][] predecessorsOf = new int[16][];
    private int measuredCount;

    JobTimes(int jobs) {
        this.step = jobs <= MEASURE_ALL ? 1 : (jobs + SAMPLE - 1) / SAMPLE;
        this.slots = step == 1 ? null : new IntSlots(SAMPLE * 6);
        int capacity = step == 1 ? jobs : 16;
        started = new long[capacity];
        ended = new long[capacity];
    }

    /** The shape generated job {@code index} with these predecessors: measure it if it is sampled. */
    void note(int index, int[] predecessors, int count) {
        if (index % step != 0) {
            return;
        }
        if (measuredCount == measured.length) {
            measured = Arrays.copyOf(measured, measuredCount * 2);
            predecessorsOf = Arrays.copyOf(predecessorsOf, measuredCount * 2);
        }
        measured[measuredCount] = index;
        predecessorsOf[measuredCount++] = Arrays.copyOf(predecessors, count);
        if (slots != null) {
            slot(index);
            for (int k = 0; k < count; k++) {
                slot(predecessors[k]);
            }
        }
    }

    private void slot(int job) {
        int s = slots.add(job);
        if (s >= started.length) {
            started = Arrays.copyOf(started, Math.max(s + 1, started.length * 2));
            ended = Arrays.copyOf(ended, started.length);
        }
    }

    private int slotOf(int job) {
        return slots == null ? job : slots.get(job);
    }

    void started(int job) {
        int s = slotOf(job);
        if (s >= 0) {
            started[s] = System.nanoTime();
        }
    }

    void ended(int job) {
        int s = slotOf(job);
        if (s >= 0) {
            ended[s] = System.nanoTime();
        }
    }

    /** Latencies of the measured jobs in nanoseconds, sorted ascending. */
    long[] latencies(long runStart) {
        long[] latency = new long[measuredCount];
        for (int m = 0; m < measuredCount; m++) {
            long ready = runStart;
            for (int p : predecessorsOf[m]) {
                ready = Math.max(ready, ended[slotOf(p)]);
            }
            latency[m] = Math.max(0, started[slotOf(measured[m])] - ready);
        }
        Arrays.sort(latency);
        return latency;
    }

    /** How many jobs the latency figures come from. */
    int measured() {
        return measuredCount;
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

    /** Job index -> slot, open addressing over int arrays (no boxing); slots given in order of first add. */
    private static final class IntSlots {
        private int[] keys;
        private int[] values;
        private int size;

        IntSlots(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
            keys = new int[capacity];
            values = new int[capacity];
            Arrays.fill(keys, -1);
        }

        int add(int key) {
            int at = find(key);
            if (keys[at] == key) {
                return values[at];
            }
            if ((size + 1) * 2 > keys.length) {
                grow();
                at = find(key);
            }
            keys[at] = key;
            values[at] = size;
            return size++;
        }

        int get(int key) {
            int at = find(key);
            return keys[at] == key ? values[at] : -1;
        }

        private int find(int key) {
            int mask = keys.length - 1;
            int at = (key * 0x9E3779B9) >>> 1 & mask;
            while (keys[at] != -1 && keys[at] != key) {
                at = (at + 1) & mask;
            }
            return at;
        }

        private void grow() {
            int[] oldKeys = keys;
            int[] oldValues = values;
            keys = new int[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            Arrays.fill(keys, -1);
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != -1) {
                    int at = find(oldKeys[i]);
                    keys[at] = oldKeys[i];
                    values[at] = oldValues[i];
                }
            }
        }
    }
}
