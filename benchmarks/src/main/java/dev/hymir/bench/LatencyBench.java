package dev.hymir.bench;

import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.JournalDurability;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Ready-to-running latency on a lightly loaded engine: how long a job that became ready waits until
 * its code starts. A job becomes ready when its last predecessor finishes, so each no-op job stamps
 * {@link System#nanoTime()} as its first and as its last instruction, and the latency of job {@code v}
 * is {@code start[v] − max(end[p])} over its predecessors {@code p}. That span covers the
 * predecessor's return, its report to the scheduler loop, the loop's drain (decrement, dispatch, the
 * journal append when on) and the new virtual thread's start — a slight over-estimate of ready →
 * start, since "ready" inside the loop happens a little after the predecessor's last stamp.
 *
 * <p>Two shapes, both releasing small waves so the engine is never busy with more than 10 jobs:
 * <ul>
 *   <li>{@code chain}: {@code jobs} jobs one after the other (waves of 1);</li>
 *   <li>{@code waves}: layers of 10, each job waiting for all 10 of the previous layer (compiled
 *       through a join node), so 10 jobs are released together.</li>
 * </ul>
 * Each on the engine without and with a journal (PROCESS_CRASH, fresh temporary directory). One
 * warmup run, then {@code runs} measured; reported: the median over runs of each run's p50 and p99,
 * and the worst p99 and the max over all runs, in microseconds.
 *
 * <pre>
 * benchmarks/run            # runs this after the table (10,000 jobs; 200 with --quick)
 * java $FLAGS -cp benchmarks/target/benchmarks.jar dev.hymir.bench.LatencyBench [jobs] [runs]
 * </pre>
 */
public final class LatencyBench {
    static final int WAVE = 10;
    private static final String JOB = "bench.latency";

    private static volatile long[] starts;
    private static volatile long[] ends;

    private static final JobRegistry REGISTRY = JobRegistry.explicitOnly().register(JOB, call -> {
        long t = System.nanoTime();
        int i = Integer.parseInt(call.jobId()) - 1;
        starts[i] = t;
        ends[i] = System.nanoTime();
        return null;
    });

    private LatencyBench() {
    }

    /** Latencies in microseconds. */
    public record Result(String shape, boolean journal, int jobs, int runs, double p50, double p99, double worstP99,
                         double max) {
        public String engine() {
            return journal ? "hymir-journal" : "hymir";
        }
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.print(table(measureAll(jobs, runs)));
    }

    public static List<Result> measureAll(int jobs, int runs) throws Exception {
        List<Result> results = new ArrayList<>();
        for (String shape : List.of("chain", "waves")) {
            for (boolean journal : new boolean[] {false, true}) {
                results.add(measure(shape, journal, jobs, runs));
            }
        }
        return results;
    }

    public static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "ready -> start latency (us)%n%-8s %-15s %8s %5s %9s %9s %11s %9s%n", "shape", "engine", "jobs", "runs",
                "p50", "p99", "worst p99", "max"));
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "%-8s %-15s %,8d %5d %9.1f %9.1f %11.1f %9.1f%n", r.shape(), r.engine(),
                    r.jobs(), r.runs(), r.p50(), r.p99(), r.worstP99(), r.max()));
        }
        return sb.toString();
    }

    static Result measure(String shape, boolean journal, int jobs, int runs) throws Exception {
        int width = shape.equals("chain") ? 1 : WAVE;
        int layers = Math.max(2, jobs / width);
        int n = layers * width;
        Workflow wf = layered(n, width);
        double[] p50 = new double[runs];
        double[] p99 = new double[runs];
        double max = 0;
        for (int r = -1; r < runs; r++) { // r == -1: warmup
            long[] latencies = runOnce(wf, n, width, journal);
            Arrays.sort(latencies);
            if (r >= 0) {
                p50[r] = percentile(latencies, 0.50) / 1e3;
                p99[r] = percentile(latencies, 0.99) / 1e3;
                max = Math.max(max, latencies[latencies.length - 1] / 1e3);
            }
        }
        Arrays.sort(p50);
        Arrays.sort(p99);
        return new Result(shape, journal, n, runs, p50[runs / 2], p99[runs / 2], p99[runs - 1], max);
    }

    /** Layers of {@code width} jobs, each job depending on every job of the previous layer. */
    private static Workflow layered(int n, int width) {
        Workflow.Builder b = Workflow.builder();
        Job job = Job.named(JOB);
        String[] ids = new String[n];
        for (int v = 0; v < n; v++) {
            ids[v] = b.add(job);
            if (!ids[v].equals(Integer.toString(v + 1))) { // the handler maps ids back to indexes
                throw new IllegalStateException("unexpected job id " + ids[v] + " for job " + (v + 1));
            }
        }
        for (int v = width; v < n; v++) {
            int layerStart = (v / width - 1) * width;
            for (int p = layerStart; p < layerStart + width; p++) {
                b.edge(ids[p], ids[v]);
            }
        }
        return b.build();
    }

    /** One run; returns the latency of every job after the first layer, in nanoseconds. */
    private static long[] runOnce(Workflow wf, int n, int width, boolean journal) throws Exception {
        starts = new long[n];
        ends = new long[n];
        Path dir = journal ? Files.createTempDirectory("hymir-bench-latency") : null;
        try {
            HymirEngine.Builder builder = HymirEngine.builder().registry(REGISTRY);
            if (journal) {
                builder.journal(dir).journalDurability(JournalDurability.PROCESS_CRASH);
            }
            try (HymirEngine engine = builder.build()) {
                WorkflowState state = engine.await(engine.run(wf));
                if (state.status() != WorkflowState.Status.SUCCESS) {
                    throw new IllegalStateException("latency run ended " + state.status());
                }
            }
        } finally {
            if (dir != null) {
                HymirContenders.deleteTree(dir);
            }
        }
        long[] s = starts;
        long[] e = ends;
        long[] latencies = new long[n - width];
        for (int v = width; v < n; v++) {
            int layerStart = (v / width - 1) * width;
            long ready = Long.MIN_VALUE;
            for (int p = layerStart; p < layerStart + width; p++) {
                ready = Math.max(ready, e[p]);
            }
            latencies[v - width] = s[v] - ready;
        }
        return latencies;
    }

    private static double percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
