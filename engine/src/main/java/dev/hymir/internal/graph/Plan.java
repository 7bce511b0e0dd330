package dev.hymir.internal.graph;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler runs: the DAG as flat arrays. Nodes {@code [0, jobCount)} are jobs (node
 * {@code i} is job id {@code i + 1}); nodes {@code [jobCount, nodeCount)} are join nodes, which do no
 * work: a join stands for a predecessor set shared by several jobs, so instead of an edge from each
 * of M predecessors to each of N jobs (M×N) the plan has M edges into the join and N out of it.
 * Successors are in CSR form: those of node {@code v} are {@code targets[offsets[v] .. offsets[v+1])}.
 * {@code inDegree[v]} is how many predecessors (jobs or one join) node {@code v} waits for.
 */
public final class Plan {
    private final int jobCount;
    private final int nodeCount;
    private final int[] offsets;
    private final int[] targets;
    private final int[] inDegree;

    private Plan(int jobCount, int nodeCount, int[] offsets, int[] targets, int[] inDegree) {
        this.jobCount = jobCount;
        this.nodeCount = nodeCount;
        this.offsets = offsets;
        this.targets = targets;
        this.inDegree = inDegree;
    }

    /**
     * Compiles a DAG. A predecessor set of size M shared by N jobs becomes a join node when that saves
     * edges ({@code M×N > M+N}); the jobs still wait for exactly the same jobs.
     */
    public static Plan compile(Dag dag) {
        int n = dag.size();
        // Which shared predecessor arrays earn a join node.
        Map<int[], int[]> users = new IdentityHashMap<>(); // array -> {count}
        for (int v = 0; v < n; v++) {
            int[] p = dag.predecessors(v);
            if (p.length >= 2) {
                users.computeIfAbsent(p, k -> new int[1])[0]++;
            }
        }
        Map<int[], Integer> joinOf = new IdentityHashMap<>();
        List<int[]> joins = new ArrayList<>();
        for (Map.Entry<int[], int[]> e : users.entrySet()) {
            long m = e.getKey().length;
            long k = e.getValue()[0];
            if (k >= 2 && m * k > m + k) {
                joinOf.put(e.getKey(), n + joins.size());
                joins.add(e.getKey());
            }
        }
        int nodes = n + joins.size();

        int[] inDegree = new int[nodes];
        int[] offsets = new int[nodes + 1];
        int[] joinFor = new int[n]; // -1: plain edges from each predecessor
        for (int v = 0; v < n; v++) {
            int[] p = dag.predecessors(v);
            Integer join = p.length >= 2 ? joinOf.get(p) : null;
            if (join != null) {
                joinFor[v] = join;
                inDegree[v] = 1;
                offsets[join + 1]++;
            } else {
                joinFor[v] = -1;
                inDegree[v] = p.length;
                for (int u : p) {
                    offsets[u + 1]++;
                }
            }
        }
        for (int j = 0; j < joins.size(); j++) {
            int[] p = joins.get(j);
            inDegree[n + j] = p.length;
            for (int u : p) {
                offsets[u + 1]++;
            }
        }
        for (int v = 0; v < nodes; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] targets = new int[offsets[nodes]];
        int[] fill = new int[nodes];
        System.arraycopy(offsets, 0, fill, 0, nodes);
        for (int v = 0; v < n; v++) {
            if (joinFor[v] >= 0) {
                targets[fill[joinFor[v]]++] = v;
            } else {
                for (int u : dag.predecessors(v)) {
                    targets[fill[u]++] = v;
                }
            }
        }
        for (int j = 0; j < joins.size(); j++) {
            for (int u : joins.get(j)) {
                targets[fill[u]++] = n + j;
            }
        }
        return new Plan(n, nodes, offsets, targets, inDegree);
    }

    public int jobCount() {
        return jobCount;
    }

    public int nodeCount() {
        return nodeCount;
    }

    public int edgeCount() {
        return targets.length;
    }

    public boolean isJoin(int node) {
        return node >= jobCount;
    }

    /** CSR offsets, length {@code nodeCount + 1}. Shared: never modify. */
    public int[] offsets() {
        return offsets;
    }

    /** CSR targets, length {@code edgeCount}. Shared: never modify. */
    public int[] targets() {
        return targets;
    }

    /** Initial in-degrees, length {@code nodeCount}. Shared: copy before counting down. */
    public int[] inDegree() {
        return inDegree;
    }
}
