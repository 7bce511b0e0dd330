package dev.hymir.cli;

import dev.hymir.Job;
import dev.hymir.Workflow;

import java.util.SplittableRandom;

/**
 * A generated demo workflow as plain arrays: job {@code j} (0-based; its workflow id is {@code j + 1})
 * waits for the jobs in {@code predecessors[j]}. The demo keeps these arrays to compute each job's
 * ready time after the run.
 */
record DemoShape(String description, int[][] predecessors) {
    /** Jobs per workflow the demo refuses to go beyond: the arrays would not fit a default heap. */
    static final int MAX_JOBS = 5_000_000;

    private static final int[] NONE = new int[0];

    enum Kind { fanout, chain, diamond, random }

    int jobCount() {
        return predecessors.length;
    }

    long edgeCount() {
        long edges = 0;
        for (int[] p : predecessors) {
            edges += p.length;
        }
        return edges;
    }

    static DemoShape of(Kind kind, int jobs, long seed) {
        return switch (kind) {
            case fanout -> fanout(jobs);
            case chain -> chain(jobs);
            case diamond -> diamonds(jobs);
            case random -> layered(jobs, seed);
        };
    }

    /** One root, {@code n} jobs after it, one sink after them all: n + 2 jobs. */
    static DemoShape fanout(int n) {
        int[][] preds = new int[n + 2][];
        preds[0] = NONE;
        int[] root = {0};
        int[] all = new int[n];
        for (int i = 1; i <= n; i++) {
            preds[i] = root; // shared: the arrays are read-only
            all[i - 1] = i;
        }
        preds[n + 1] = all;
        return new DemoShape("fanout: 1 -> " + n + " -> 1", preds);
    }

    /** 1 -> 2 -> ... -> n. */
    static DemoShape chain(int n) {
        int[][] preds = new int[n][];
        preds[0] = NONE;
        for (int i = 1; i < n; i++) {
            preds[i] = new int[] {i - 1};
        }
        return new DemoShape("chain of " + n, preds);
    }

    /**
     * A stack of k diamonds, each bottom the next one's top: top -> (left, right) -> bottom. The
     * largest k with 1 + 3k <= n (at least one diamond).
     */
    static DemoShape diamonds(int n) {
        int k = Math.max(1, (n - 1) / 3);
        int[][] preds = new int[1 + 3 * k][];
        preds[0] = NONE;
        for (int d = 0; d < k; d++) {
            int top = 3 * d;
            preds[top + 1] = new int[] {top};
            preds[top + 2] = new int[] {top};
            preds[top + 3] = new int[] {top + 1, top + 2};
        }
        return new DemoShape(k + " diamonds stacked", preds);
    }

    /**
     * A layered random DAG: layers of about sqrt(n) jobs; every job after the first layer waits for
     * up to 4 distinct jobs of the layer before, drawn with {@code seed} (same seed, same graph).
     */
    static DemoShape layered(int n, long seed) {
        int width = Math.max(4, (int) Math.sqrt(n));
        SplittableRandom random = new SplittableRandom(seed);
        int[][] preds = new int[n][];
        for (int v = 0; v < n; v++) {
            int layerStart = (v / width) * width;
            if (layerStart == 0) {
                preds[v] = NONE;
                continue;
            }
            int prevStart = layerStart - width;
            int[] picked = new int[4];
            for (int p = 0; p < picked.length; p++) {
                int u;
                boolean dup;
                do { // rejection sampling: 4 draws out of >= 4 candidates end quickly
                    u = prevStart + random.nextInt(width);
                    dup = false;
                    for (int q = 0; q < p; q++) {
                        dup |= picked[q] == u;
                    }
                } while (dup);
                picked[p] = u;
            }
            preds[v] = picked;
        }
        int layers = (n + width - 1) / width;
        return new DemoShape("random layered DAG, " + layers + " layers of " + width + ", seed " + seed, preds);
    }

    /** The shape as a Workflow of copies of {@code job}; job index j gets id j + 1. */
    Workflow toWorkflow(Job job) {
        Workflow.Builder b = Workflow.builder();
        String[] ids = new String[predecessors.length];
        for (int j = 0; j < predecessors.length; j++) {
            ids[j] = b.add(job);
        }
        for (int j = 0; j < predecessors.length; j++) {
            for (int p : predecessors[j]) {
                b.edge(ids[p], ids[j]);
            }
        }
        return b.build();
    }
}
