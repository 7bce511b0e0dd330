package dev.hymir.internal.graph;

import dev.hymir.InvalidWorkflow;
import dev.hymir.Job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A workflow's jobs and Hymir's dependencies in compact form. Job {@code i} has id {@code i + 1}.
 *
 * <p><b>Jobs</b> are stored as templates: a job is {@code template(i)} (a {@link Job} without
 * identity) at position {@code i}; 10^7 copies of one job are one template and 4 bytes each (none at
 * all when there is one template). <b>Predecessors</b> are stored as numbered lists in CSR form: job
 * {@code i} waits for the jobs in list {@code listOf(i)} (ascending; list 0 is empty), and jobs with
 * the same predecessors usually share one list, so {@code Chain(Group(3000), Group(3000))} holds one
 * list of 3,000, not 9,000,000 ints. Immutable; the plan the engine runs is compiled once, on demand.
 */
public final class Dag {
    private final Job[] templates;
    private final int[] templateOf;   // per job; null: every job is template 0
    private final int[] listOf;       // per job: its predecessor list
    private final int[] listStart;    // per list: where its items start in listItems; one more entry at the end
    private final int[] listItems;
    private volatile Plan plan;

    /** Trusts its arguments (see {@link DagBuilder}): lists sorted and duplicate-free, acyclic, never mutated. */
    Dag(Job[] templates, int[] templateOf, int[] listOf, int[] listStart, int[] listItems) {
        this.templates = templates;
        this.templateOf = templateOf;
        this.listOf = listOf;
        this.listStart = listStart;
        this.listItems = listItems;
    }

    public int size() {
        return listOf.length;
    }

    /** The job at index {@code i}, without its identity (which is {@code i + 1}). */
    public Job template(int i) {
        return templates[templateOf == null ? 0 : templateOf[i]];
    }

    public int templateIndex(int i) {
        return templateOf == null ? 0 : templateOf[i];
    }

    public int templateCount() {
        return templates.length;
    }

    public Job templateAt(int t) {
        return templates[t];
    }

    /** The distinct jobs (templates), shared: never modify. */
    public List<Job> templates() {
        return Collections.unmodifiableList(Arrays.asList(templates));
    }

    /** The predecessor list of job {@code i} (0: none). */
    public int listOf(int i) {
        return listOf[i];
    }

    /** The number of predecessor lists, the empty list 0 included. */
    public int listCount() {
        return listStart.length - 1;
    }

    public int listSize(int list) {
        return listStart[list + 1] - listStart[list];
    }

    /** Where list {@code list}'s items start in {@link #listItems()}. */
    public int listStart(int list) {
        return listStart[list];
    }

    /** Every list's items back to back (see {@link #listStart}). Shared: never modify. */
    public int[] listItems() {
        return listItems;
    }

    public int predecessorCount(int i) {
        return listSize(listOf[i]);
    }

    /** Predecessor indices of job {@code i}, ascending (a copy). */
    public int[] predecessors(int i) {
        int l = listOf[i];
        return Arrays.copyOfRange(listItems, listStart[l], listStart[l + 1]);
    }

    /** The plan the engine runs, compiled on first use and kept: a workflow run many times compiles once. */
    public Plan plan() {
        Plan p = plan;
        if (p == null) {
            p = Plan.compile(this);
            plan = p;
        }
        return p;
    }

    /** Job indices in topological order; among jobs ready together, the lowest index first. */
    public int[] topologicalOrder() {
        int n = size();
        Plan plan = plan();
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

    /** Rejects a cycle with a message that names its jobs, e.g. {@code 2 (m.fetch) -> 3 (m.parse) -> 2 (m.fetch)}. */
    void requireAcyclic() {
        // Kahn's algorithm over the plan (compiled here once and kept for the run): its join nodes
        // keep a shared list's edges M+N rather than M×N, so a 10^7-job DAG is checked without
        // spelling out every edge.
        Plan plan = plan();
        int n = size();
        int nodes = plan.nodeCount();
        int[] remaining = plan.inDegree().clone();
        int[] offsets = plan.offsets();
        int[] targets = plan.targets();
        int[] stack = new int[nodes];
        int top = 0;
        int seen = 0;
        for (int v = 0; v < nodes; v++) {
            if (remaining[v] == 0) {
                stack[top++] = v;
            }
        }
        while (top > 0) {
            int v = stack[--top];
            seen++;
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                if (--remaining[targets[e]] == 0) {
                    stack[top++] = targets[e];
                }
            }
        }
        if (seen == nodes) {
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
            int l = listOf[v];
            for (int k = listStart[l]; k < listStart[l + 1]; k++) {
                if (remaining[listItems[k]] > 0) {
                    next = listItems[k];
                    break;
                }
            }
            v = next;
        }
        List<Integer> cycle = new ArrayList<>(walk.subList(visitedAt[v], walk.size()));
        Collections.reverse(cycle); // walked backwards along edges
        Collections.rotate(cycle, -cycle.indexOf(Collections.min(cycle))); // start at the lowest id
        cycle.add(cycle.get(0));
        List<String> ids = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int c : cycle) {
            ids.add(Integer.toString(c + 1));
            if (!text.isEmpty()) {
                text.append(" -> ");
            }
            text.append(c + 1).append(" (").append(template(c).name()).append(')');
        }
        throw new InvalidWorkflow.Cycle(ids, "the workflow graph has a cycle: " + text
                + "; a workflow must be a DAG, remove one of these edges");
    }
}
