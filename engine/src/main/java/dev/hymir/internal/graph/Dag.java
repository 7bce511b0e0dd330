package dev.hymir.internal.graph;

import dev.hymir.InvalidWorkflow;
import dev.hymir.Job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's jobs and Hymir's dependencies in compact form: job {@code i} has id {@code i + 1} and
 * waits for the jobs in {@code predecessors(i)} (ascending). Jobs with identical predecessor sets
 * share one array, so {@code Chain(Group(3000), Group(3000))} holds 3,000 references to one array,
 * not 9,000,000 ints. Immutable; built once per {@code Workflow}.
 */
public final class Dag {
    static final int[] NONE = new int[0];

    private final Job[] jobs;
    private final int[][] predecessors;

    /** Trusts its arguments: predecessor arrays sorted, acyclic, never mutated afterwards. */
    public Dag(Job[] jobs, int[][] predecessors) {
        if (jobs.length != predecessors.length) {
            throw new IllegalArgumentException(jobs.length + " jobs but " + predecessors.length + " predecessor lists");
        }
        this.jobs = jobs;
        this.predecessors = predecessors;
    }

    /**
     * Builds a DAG from explicit edges {@code sources[k] -> targets[k]} (job indices), sharing equal
     * predecessor sets and rejecting cycles with a message that names them.
     */
    public static Dag fromEdges(Job[] jobs, int[] sources, int[] targets, int edgeCount) {
        int n = jobs.length;
        int[] counts = new int[n];
        for (int k = 0; k < edgeCount; k++) {
            counts[targets[k]]++;
        }
        int[][] preds = new int[n][];
        for (int v = 0; v < n; v++) {
            preds[v] = counts[v] == 0 ? NONE : new int[counts[v]];
        }
        int[] fill = new int[n];
        for (int k = 0; k < edgeCount; k++) {
            int t = targets[k];
            preds[t][fill[t]++] = sources[k];
        }
        Map<IntArrayKey, int[]> interned = new HashMap<>();
        for (int v = 0; v < n; v++) {
            int[] p = preds[v];
            if (p.length == 0) {
                continue;
            }
            Arrays.sort(p);
            p = dedupSorted(p);
            if (p.length >= 2) {
                p = interned.computeIfAbsent(new IntArrayKey(p), k -> k.values());
            }
            preds[v] = p;
        }
        Dag dag = new Dag(jobs, preds);
        dag.requireAcyclic();
        return dag;
    }

    /**
     * Builds a DAG from a predecessor list per job (job indices, each in range; a list may be shared
     * by many jobs and is then normalized once): sorted, duplicates dropped, cycles rejected with a
     * message that names them. The lists are not copied: the caller gives them up.
     */
    public static Dag fromPredecessorLists(Job[] jobs, int[][] predecessors) {
        int n = jobs.length;
        if (predecessors.length != n) {
            throw new IllegalArgumentException(n + " jobs but " + predecessors.length + " predecessor lists");
        }
        Map<int[], int[]> normalized = new java.util.IdentityHashMap<>();
        int[][] preds = new int[n][];
        for (int v = 0; v < n; v++) {
            int[] p = predecessors[v];
            if (p.length == 0) {
                preds[v] = NONE;
                continue;
            }
            preds[v] = normalized.computeIfAbsent(p, list -> {
                Arrays.sort(list);
                return dedupSorted(list);
            });
        }
        Dag dag = new Dag(jobs, preds);
        dag.requireAcyclic();
        return dag;
    }

    public int size() {
        return jobs.length;
    }

    public Job job(int index) {
        return jobs[index];
    }

    /** Predecessor indices of job {@code index}, ascending. Shared: never modify. */
    public int[] predecessors(int index) {
        return predecessors[index];
    }

    /** Job indices in topological order; among jobs ready together, the lowest index first. */
    public int[] topologicalOrder() {
        int n = jobs.length;
        Plan plan = Plan.compile(this);
        int[] remaining = plan.inDegree().clone();
        int[] order = new int[n];
        int count = 0;
        IntMinHeap ready = new IntMinHeap(16);
        for (int v = 0; v < n; v++) {
            if (remaining[v] == 0) {
                ready.add(v);
            }
        }
        int[] offsets = plan.offsets();
        int[] targets = plan.targets();
        while (!ready.isEmpty()) {
            int v = ready.poll();
            order[count++] = v;
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                int s = targets[e];
                if (--remaining[s] == 0) {
                    if (s < n) {
                        ready.add(s);
                    } else { // a join node is not a job: pass straight through it
                        for (int f = offsets[s]; f < offsets[s + 1]; f++) {
                            if (--remaining[targets[f]] == 0) {
                                ready.add(targets[f]);
                            }
                        }
                    }
                }
            }
        }
        if (count != n) {
            throw new IllegalStateException("not a DAG: " + (n - count) + " jobs unreachable in topological order");
        }
        return order;
    }

    private void requireAcyclic() {
        int n = jobs.length;
        int[] remaining = new int[n];
        int[] succCount = new int[n + 1];
        for (int v = 0; v < n; v++) {
            remaining[v] = predecessors[v].length;
            for (int p : predecessors[v]) {
                succCount[p + 1]++;
            }
        }
        for (int v = 0; v < n; v++) {
            succCount[v + 1] += succCount[v];
        }
        int[] succ = new int[succCount[n]];
        int[] fill = Arrays.copyOf(succCount, n);
        for (int v = 0; v < n; v++) {
            for (int p : predecessors[v]) {
                succ[fill[p]++] = v;
            }
        }
        int[] stack = new int[n];
        int top = 0;
        int seen = 0;
        for (int v = 0; v < n; v++) {
            if (remaining[v] == 0) {
                stack[top++] = v;
            }
        }
        while (top > 0) {
            int v = stack[--top];
            seen++;
            for (int e = succCount[v]; e < succCount[v + 1]; e++) {
                if (--remaining[succ[e]] == 0) {
                    stack[top++] = succ[e];
                }
            }
        }
        if (seen == n) {
            return;
        }
        // Every job left with remaining > 0 has a predecessor also left: walk back until one repeats.
        int start = 0;
        while (remaining[start] == 0) {
            start++;
        }
        int[] visitedAt = new int[n];
        Arrays.fill(visitedAt, -1);
        List<Integer> walk = new ArrayList<>();
        int v = start;
        while (visitedAt[v] < 0) {
            visitedAt[v] = walk.size();
            walk.add(v);
            int next = -1;
            for (int p : predecessors[v]) {
                if (remaining[p] > 0) {
                    next = p;
                    break;
                }
            }
            v = next;
        }
        List<Integer> cycle = new ArrayList<>(walk.subList(visitedAt[v], walk.size()));
        java.util.Collections.reverse(cycle); // walked backwards along edges
        java.util.Collections.rotate(cycle, -cycle.indexOf(java.util.Collections.min(cycle))); // start at the lowest id
        cycle.add(cycle.get(0));
        List<String> ids = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int c : cycle) {
            ids.add(jobs[c].identity());
            if (!text.isEmpty()) {
                text.append(" -> ");
            }
            text.append(jobs[c].identity()).append(" (").append(jobs[c].name()).append(')');
        }
        throw new InvalidWorkflow.Cycle(ids, "the workflow graph has a cycle: " + text
                + "; a workflow must be a DAG, remove one of these edges");
    }

    private static int[] dedupSorted(int[] sorted) {
        int w = 1;
        for (int r = 1; r < sorted.length; r++) {
            if (sorted[r] != sorted[w - 1]) {
                sorted[w++] = sorted[r];
            }
        }
        return w == sorted.length ? sorted : Arrays.copyOf(sorted, w);
    }
}
