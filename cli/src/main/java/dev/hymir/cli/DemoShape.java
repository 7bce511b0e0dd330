package dev.hymir.cli;

import dev.hymir.Job;
import dev.hymir.Workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated demo workflow: a shape and a size, generated job by job (job {@code j} is 0-based; its
 * workflow id is {@code j + 1}) into whatever consumes it — the workflow builder, and the sample of
 * jobs whose ready → started latency the demo measures. Nothing per job is kept here, so the demo
 * runs 10^8 jobs in the memory the engine needs for them.
 */
final class DemoShape {
    /** Jobs per workflow the demo refuses to go beyond. */
    static final int MAX_JOBS = 100_000_000;

    private static final int[] NONE = new int[0];

    enum Kind { fanout, chain, diamond, random }

    /** Takes the generated jobs, in index order: job {@code index} waits for {@code predecessors[0..count)}. */
    interface Sink {
        void job(int index, int[] predecessors, int count);
    }

    private final Kind kind;
    private final int size;
    private final long seed;
    private final int jobCount;
    private final long edgeCount;
    private final String description;

    private DemoShape(Kind kind, int size, long seed, int jobCount, long edgeCount, String description) {
        this.kind = kind;
        this.size = size;
        this.seed = seed;
        this.jobCount = jobCount;
        this.edgeCount = edgeCount;
        this.description = description;
    }

    static DemoShape of(Kind kind, int jobs, long seed) {
        return switch (kind) {
            case fanout -> new DemoShape(kind, jobs, seed, jobs + 2, 2L * jobs, "fanout: 1 -> " + jobs + " -> 1");
            case chain -> new DemoShape(kind, jobs, seed, jobs, jobs - 1L, "chain of " + jobs);
            case diamond -> {
                int k = Math.max(1, (jobs - 1) / 3);
                yield new DemoShape(kind, jobs, seed, 1 + 3 * k, 4L * k, k + " diamonds stacked");
            }
            case random -> {
                int width = width(jobs);
                int layers = (jobs + width - 1) / width;
                yield new DemoShape(kind, jobs, seed, jobs, 4L * Math.max(0, jobs - width),
                        "random layered DAG, " + layers + " layers of " + width + ", seed " + seed);
            }
        };
    }

    /** One root, {@code n} jobs after it, one sink after them all: n + 2 jobs. */
    static DemoShape fanout(int n) {
        return of(Kind.fanout, n, 0);
    }

    /** 1 -> 2 -> ... -> n. */
    static DemoShape chain(int n) {
        return of(Kind.chain, n, 0);
    }

    /** A stack of k diamonds (top -> left, right -> bottom; each bottom the next top), the largest with 1 + 3k <= n. */
    static DemoShape diamonds(int n) {
        return of(Kind.diamond, n, 0);
    }

    /**
     * A layered random DAG: layers of about sqrt(n) jobs; every job after the first layer waits for 4
     * distinct jobs of the layer before, drawn with {@code seed} (same seed, same graph).
     */
    static DemoShape layered(int n, long seed) {
        return of(Kind.random, n, seed);
    }

    private static int width(int n) {
        return Math.max(4, (int) Math.sqrt(n));
    }

    int jobCount() {
        return jobCount;
    }

    long edgeCount() {
        return edgeCount;
    }

    String description() {
        return description;
    }

    /** Feeds every job to {@code sink}, in order; the arrays given are reused: copy what you keep. */
    void generate(Sink sink) {
        int[] preds = new int[4];
        switch (kind) {
            case fanout -> {
                sink.job(0, NONE, 0);
                preds[0] = 0;
                for (int i = 1; i <= size; i++) {
                    sink.job(i, preds, 1);
                }
                int[] all = new int[size];
                for (int i = 0; i < size; i++) {
                    all[i] = i + 1;
                }
                sink.job(size + 1, all, size);
            }
            case chain -> {
                sink.job(0, NONE, 0);
                for (int i = 1; i < size; i++) {
                    preds[0] = i - 1;
                    sink.job(i, preds, 1);
                }
            }
            case diamond -> {
                int k = (jobCount - 1) / 3;
                sink.job(0, NONE, 0);
                for (int d = 0; d < k; d++) {
                    int top = 3 * d;
                    preds[0] = top;
                    sink.job(top + 1, preds, 1);
                    sink.job(top + 2, preds, 1);
                    preds[0] = top + 1;
                    preds[1] = top + 2;
                    sink.job(top + 3, preds, 2);
                }
            }
            case random -> {
                int width = width(size);
                SplittableRandom random = new SplittableRandom(seed);
                for (int v = 0; v < size; v++) {
                    int layerStart = (v / width) * width;
                    if (layerStart == 0) {
                        sink.job(v, NONE, 0);
                        continue;
                    }
                    int prevStart = layerStart - width;
                    for (int p = 0; p < 4; p++) {
                        int u;
                        boolean dup;
                        do { // rejection sampling: 4 draws out of >= 4 candidates end quickly
                            u = prevStart + random.nextInt(width);
                            dup = false;
                            for (int q = 0; q < p; q++) {
                                dup |= preds[q] == u;
                            }
                        } while (dup);
                        preds[p] = u;
                    }
                    sink.job(v, preds, 4);
                }
            }
        }
    }

    /** Every job's predecessors, materialised: for tests and small shapes only. */
    int[][] predecessors() {
        List<int[]> all = new ArrayList<>(jobCount);
        generate((index, predecessors, count) -> all.add(java.util.Arrays.copyOf(predecessors, count)));
        return all.toArray(new int[0][]);
    }

    /** The shape as a Workflow of copies of {@code job}. */
    Workflow toWorkflow(Job job) {
        return toWorkflow(job, null);
    }

    /** The shape as a Workflow of copies of {@code job}, noting the jobs {@code times} measures (if not null). */
    Workflow toWorkflow(Job job, JobTimes times) {
        Workflow.Builder b = Workflow.builder();
        int[] ids = new int[4];
        generate((index, predecessors, count) -> {
            int[] after = count <= ids.length ? ids : new int[count];
            for (int k = 0; k < count; k++) {
                after[k] = predecessors[k] + 1;
            }
            b.addAfter(job, count == after.length ? after : java.util.Arrays.copyOf(after, count));
            if (times != null) {
                times.note(index, predecessors, count);
            }
        });
        return b.build();
    }
}
