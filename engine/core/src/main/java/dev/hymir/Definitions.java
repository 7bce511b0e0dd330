package dev.hymir;

import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.DagBuilder;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a Chain/Group tree or a JGraphT graph into a {@link Dag}, assigning identities as Hymir does. */
final class Definitions {
    private static final int[] NONE = new int[0];

    private Definitions() {
    }

    /**
     * Ids "1", "2", ... depth-first, left to right. A Chain links each element to the terminal jobs of
     * the element before it; a Group's members share their predecessors (one list for the whole
     * Group), which keeps consecutive Groups O(jobs) in memory.
     */
    static Dag fromTree(Step root) {
        JobTemplates templates = new JobTemplates();
        DagBuilder dag = new DagBuilder(false, true);
        add(root, NONE, templates, dag);
        return dag.build(templates.toArray());
    }

    /** Adds {@code step} after {@code parent} (terminal job indices); returns its own terminals. */
    private static int[] add(Step step, int[] parent, JobTemplates templates, DagBuilder dag) {
        return switch (step) {
            case Job job -> new int[] {dag.job(templates.indexOf(job), dag.list(parent))};
            case Chain chain -> {
                int[] previous = parent;
                for (Step s : chain.steps()) {
                    previous = add(s, previous, templates, dag);
                }
                yield previous;
            }
            case Group group -> {
                int[] terminals = new int[group.steps().size()];
                int count = 0;
                for (Step s : group.steps()) {
                    if (s instanceof Job job) {
                        terminals = grow(terminals, count + 1);
                        terminals[count++] = dag.job(templates.indexOf(job), dag.list(parent));
                    } else {
                        int[] t = add(s, parent, templates, dag);
                        terminals = grow(terminals, count + t.length);
                        System.arraycopy(t, 0, terminals, count, t.length);
                        count += t.length;
                    }
                }
                yield count == terminals.length ? terminals : Arrays.copyOf(terminals, count);
            }
        };
    }

    private static int[] grow(int[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, a.length * 2));
    }

    /**
     * A JGraphT DAG of jobs. Identities are kept when they are exactly "1".."n"; otherwise jobs get
     * "1".."n" in the graph's vertex order.
     */
    static Dag fromGraph(Graph<Job, DefaultEdge> graph) {
        if (graph == null) {
            throw new InvalidWorkflow.Malformed("Workflow.fromGraph(null)");
        }
        if (!graph.getType().isDirected()) {
            throw new InvalidWorkflow.Malformed("Workflow.fromGraph needs a directed graph, got an undirected one");
        }
        Set<Job> vertices = graph.vertexSet();
        if (vertices.isEmpty()) {
            throw new InvalidWorkflow.EmptyStep("Workflow.fromGraph: the graph has no jobs");
        }
        List<Job> given = new ArrayList<>(vertices);
        boolean keep = identitiesAreOneToN(given);
        int n = given.size();
        Job[] bySlot = new Job[n];
        Map<Job, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            Job job = given.get(i);
            int slot = keep ? Integer.parseInt(job.identity()) - 1 : i;
            bySlot[slot] = job;
            index.put(job, slot);
        }
        JobTemplates templates = new JobTemplates();
        int[] templateOf = new int[n];
        for (int i = 0; i < n; i++) {
            templateOf[i] = templates.indexOf(bySlot[i]);
        }
        int edges = graph.edgeSet().size();
        int[] sources = new int[edges];
        int[] targets = new int[edges];
        int k = 0;
        for (DefaultEdge e : graph.edgeSet()) {
            sources[k] = index.get(graph.getEdgeSource(e));
            targets[k] = index.get(graph.getEdgeTarget(e));
            k++;
        }
        return DagBuilder.fromEdges(templates.toArray(), templateOf, n, sources, targets, k);
    }

    static boolean identitiesAreOneToN(List<Job> jobs) {
        Set<Integer> seen = new HashSet<>();
        for (Job job : jobs) {
            String id = job.identity();
            if (id == null || id.isEmpty() || id.length() > 10 || !id.chars().allMatch(Character::isDigit) || id.startsWith("0")) {
                return false;
            }
            long value = Long.parseLong(id);
            if (value < 1 || value > jobs.size() || !seen.add((int) value)) {
                return false;
            }
        }
        return true;
    }
}
