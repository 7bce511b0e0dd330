package dev.hymir;

import dev.hymir.internal.graph.Plan;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.BreadthFirstIterator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled plan against Hymir's graph on random Chain/Group trees: join nodes never change which
 * job waits for which, nor what can reach what, and never add edges.
 */
class PlanPropertyTest {

    /** A random Chain/Group tree; groups are sometimes wide so that join nodes appear. */
    static Step randomTree(Random random, int depth) {
        double r = random.nextDouble();
        if (depth == 0 || r < 0.3) {
            return Job.named("m.j" + random.nextInt(3));
        }
        int width = random.nextInt(10) == 0 ? 2 + random.nextInt(12) : 1 + random.nextInt(4);
        List<Step> children = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            children.add(randomTree(random, depth - 1));
        }
        return r < 0.65 ? Chain.of(children) : Group.of(children);
    }

    @Property(tries = 300)
    void joinNodesNeverChangeWhichJobWaitsForWhich(@ForAll long seed) {
        Workflow wf = Workflow.of(randomTree(new Random(seed), 5));
        Plan plan = Plan.compile(wf.dag());
        int n = wf.size();

        // Each job's predecessors as seen through the plan (through a join: that join's predecessors).
        List<TreeSet<Integer>> planPreds = new ArrayList<>();
        for (int v = 0; v < plan.nodeCount(); v++) {
            planPreds.add(new TreeSet<>());
        }
        int[] offsets = plan.offsets(), targets = plan.targets();
        for (int u = 0; u < plan.nodeCount(); u++) {
            for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                planPreds.get(targets[e]).add(u);
            }
        }
        long hymirEdges = 0;
        for (Dependency d : wf.dependencies()) {
            int v = Integer.parseInt(d.jobId()) - 1;
            TreeSet<Integer> jobs = new TreeSet<>();
            for (int u : planPreds.get(v)) {
                if (plan.isJoin(u)) {
                    assertThat(planPreds.get(u)).allMatch(p -> !plan.isJoin(p));
                    jobs.addAll(planPreds.get(u));
                } else {
                    jobs.add(u);
                }
            }
            List<String> ids = jobs.stream().map(u -> Integer.toString(u + 1)).toList();
            assertThat(ids).as("predecessors of job %s", d.jobId()).isEqualTo(d.predecessors());
            assertThat(plan.inDegree()[v]).isEqualTo(planPreds.get(v).size());
            hymirEdges += d.predecessors().size();
        }
        assertThat((long) plan.edgeCount()).isLessThanOrEqualTo(hymirEdges);
        assertThat(plan.jobCount()).isEqualTo(n);
    }

    @Property(tries = 200)
    void planReachabilityEqualsTheJGraphTGraphs(@ForAll long seed) {
        Workflow wf = Workflow.of(randomTree(new Random(seed), 4));
        Plan plan = Plan.compile(wf.dag());
        Graph<Job, DefaultEdge> graph = wf.graph();
        Map<Job, Integer> index = new HashMap<>();
        wf.jobs().values().forEach(j -> index.put(j, Integer.parseInt(j.identity()) - 1));

        for (Job source : graph.vertexSet()) {
            BitSet expected = new BitSet();
            new BreadthFirstIterator<>(graph, source).forEachRemaining(j -> expected.set(index.get(j)));
            expected.clear(index.get(source));
            assertThat(reachableJobs(plan, index.get(source))).as("reachable from job %s", source.identity()).isEqualTo(expected);
        }
    }

    private static BitSet reachableJobs(Plan plan, int start) {
        BitSet seen = new BitSet();
        BitSet jobs = new BitSet();
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int e = plan.offsets()[u]; e < plan.offsets()[u + 1]; e++) {
                int s = plan.targets()[e];
                if (!seen.get(s)) {
                    seen.set(s);
                    queue.add(s);
                    if (!plan.isJoin(s)) {
                        jobs.set(s);
                    }
                }
            }
        }
        return jobs;
    }
}
