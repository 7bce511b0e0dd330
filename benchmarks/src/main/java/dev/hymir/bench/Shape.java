package dev.hymir.bench;

import java.util.SplittableRandom;

/**
 * A workload graph in the neutral flat form every contender starts from: nodes {@code [0, jobCount)}
 * are no-op jobs, nodes {@code [jobCount, nodeCount)} are join nodes (they do no work and are not
 * counted as jobs; they stand for a predecessor set shared by many jobs, as in Hymir's plan).
 * Successors of node {@code v} are {@code targets[offsets[v] .. offsets[v+1])}; {@code inDegree[v]}
 * is how many predecessors {@code v} waits for. Join nodes come last (as in Hymir's plan), so index
 * order is not always a topological order: use {@link #topologicalOrder()}.
 *
 * <p>Generators are deterministic (fixed seed), so every contender and every run sees the same graph.
 */
public record Shape(String name, int jobCount, int nodeCount, int[] offsets, int[] targets, int[] inDegree) {

    public int edgeCount() {
        return targets.length;
    }

    public boolean isJoin(int node) {
        return node >= jobCount;
    }

    /** Successor-list predecessors: the reverse CSR, for contenders that wire a node to its inputs. */
    public int[][] predecessors() {
        int[][] preds = new int[nodeCount][];
        int[] fill = new int[nodeCount];
        for (int v = 0; v < nodeCount; v++) {
            preds[v] = new int[inDegree[v]];
        }
        for (int u = 0; u < nodeCount; u++) {
            for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                int v = targets[e];
                preds[v][fill[v]++] = u;
            }
        }
        return preds;
    }

    /** Kahn's order; fails if the graph has a cycle (generators never make one). */
    public int[] topologicalOrder() {
        int[] remaining = inDegree.clone();
        int[] order = new int[nodeCount];
        int head = 0;
        int tail = 0;
        for (int v = 0; v < nodeCount; v++) {
            if (remaining[v] == 0) {
                order[tail++] = v;
            }
        }
        while (head < tail) {
            int u = order[head++];
            for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                if (--remaining[targets[e]] == 0) {
                    order[tail++] = targets[e];
                }
            }
        }
        if (tail != nodeCount) {
            throw new IllegalStateException(name + " has a cycle");
        }
        return order;
    }

    /** root → n → sink: n + 2 jobs, 2n edges. */
    public static Shape fanOut(int n) {
        Builder b = new Builder(n + 2, 0, 2L * n);
        int sink = n + 1;
        for (int i = 1; i <= n; i++) {
            b.edge(0, i);
            b.edge(i, sink);
        }
        return b.build("fanout-" + n);
    }

    /** 1 → 2 → ... → n. */
    public static Shape chain(int n) {
        Builder b = new Builder(n, 0, n - 1L);
        for (int i = 0; i + 1 < n; i++) {
            b.edge(i, i + 1);
        }
        return b.build("chain-" + n);
    }

    /**
     * A stack of {@code k} diamonds sharing their tips: top → (left, right) → bottom, where each
     * bottom is the next diamond's top. 1 + 3k jobs, 4k edges; depth 2k, width 2.
     */
    public static Shape diamonds(int k) {
        Builder b = new Builder(1 + 3 * k, 0, 4L * k);
        for (int d = 0; d < k; d++) {
            int top = 3 * d;
            b.edge(top, top + 1);
            b.edge(top, top + 2);
            b.edge(top + 1, top + 3);
            b.edge(top + 2, top + 3);
        }
        return b.build("diamonds-" + k);
    }

    /**
     * A layered random DAG: n jobs in layers of {@code width}; every job after the first layer has 4
     * distinct predecessors drawn from the previous layer (seeded, so the graph is always the same).
     * About 4n edges.
     */
    public static Shape layered(int n, int width, long seed) {
        if (width < 4) {
            throw new IllegalArgumentException("layer width must be >= 4 to draw 4 distinct predecessors");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Builder b = new Builder(n, 0, 4L * n);
        int[] picked = new int[4];
        for (int v = width; v < n; v++) {
            int layerStart = (v / width) * width;
            int prevStart = layerStart - width;
            for (int p = 0; p < 4; p++) {
                int u;
                boolean dup;
                do {
                    u = prevStart + random.nextInt(width);
                    dup = false;
                    for (int q = 0; q < p; q++) {
                        dup |= picked[q] == u;
                    }
                } while (dup);
                picked[p] = u;
                b.edge(u, v);
            }
        }
        return b.build("layered-" + n);
    }

    /**
     * Two consecutive Groups of {@code n} jobs (Chain(Group(n), Group(n))): every job of the second
     * group waits for every job of the first. Given in the join-node form Hymir compiles it to — n
     * edges into one join node and n out of it (2n edges) instead of n² — and every contender gets
     * that same form.
     */
    public static Shape twoGroups(int n) {
        int join = 2 * n;
        Builder b = new Builder(2 * n, 1, 2L * n);
        for (int i = 0; i < n; i++) {
            b.edge(i, join);
        }
        for (int i = 0; i < n; i++) {
            b.edge(join, n + i);
        }
        return b.build("groups-" + n + "x2");
    }

    /** Collects an edge list, then lays it out as CSR (two passes: count, then fill). */
    private static final class Builder {
        private final int jobs;
        private final int nodes;
        private int[] from;
        private int[] to;
        private int edges;

        Builder(int jobs, int joins, long expectedEdges) {
            this.jobs = jobs;
            this.nodes = jobs + joins;
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, expectedEdges));
            this.from = new int[capacity];
            this.to = new int[capacity];
        }

        void edge(int u, int v) {
            if (edges == from.length) {
                from = java.util.Arrays.copyOf(from, edges * 2);
                to = java.util.Arrays.copyOf(to, edges * 2);
            }
            from[edges] = u;
            to[edges] = v;
            edges++;
        }

        Shape build(String name) {
            int[] offsets = new int[nodes + 1];
            int[] inDegree = new int[nodes];
            for (int e = 0; e < edges; e++) {
                offsets[from[e] + 1]++;
                inDegree[to[e]]++;
            }
            for (int v = 0; v < nodes; v++) {
                offsets[v + 1] += offsets[v];
            }
            int[] targets = new int[edges];
            int[] fill = java.util.Arrays.copyOf(offsets, nodes);
            for (int e = 0; e < edges; e++) {
                targets[fill[from[e]]++] = to[e];
            }
            return new Shape(name, jobs, nodes, offsets, targets, inDegree);
        }
    }
}
