package dev.hymir.bench;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.JournalDurability;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Hymir's own contenders. {@code hymir} is the in-process engine with no journal and no state store
 * (the embedded default); {@code hymir-journal} is the same engine with a Chronicle journal
 * ({@link JournalDurability#PROCESS_CRASH}) in a fresh temporary directory per run, deleted after
 * the run (its size is measured first: {@link Contender.Prepared#journalSize()});
 * {@code hymir-redis} ({@link HymirRedisContender}) is the same engine with a {@code RedisStateStore}.
 *
 * <p>What is timed is the engine's work: {@code run(workflow)} (validation, compiling the plan, state
 * arrays) and the whole execution until {@code await} returns. The {@link Workflow} itself is the
 * user's definition, like the shape's arrays for the other contenders: it is built once per shape
 * (during the warmup run) and reused, as a Workflow is meant to be. The heap figure is taken after
 * the run, while the engine still holds the finished run (plan, states), before it is cleared.
 */
public final class HymirContenders {
    private HymirContenders() {
    }

    public static List<Contender> all() {
        return List.of(new InProcess(false), new InProcess(true));
    }

    /** The no-op job: records its execution in the counter of the run in progress. */
    static final String NOOP = "bench.noop";

    private static volatile ExecutionCounter current;

    static final JobRegistry REGISTRY = JobRegistry.explicitOnly().register(NOOP, call -> {
        current.ran(Integer.parseInt(call.jobId()) - 1);
        return null;
    });

    /**
     * The shape as a Workflow, one no-op job per node, written as a user would: the two-Groups shape
     * as {@code Workflow.of(Chain.of(Group.of(n jobs), Group.of(n jobs)))} (ids 1..n for the first
     * group, n+1..2n for the second: the shape's node order); every other shape with
     * {@code Workflow.builder()}, job {@code v + 1} added after its predecessors with
     * {@code addAfter} (the compact way for 10^7 jobs) when they all come before it in node order, as
     * in every generated shape, else one {@code edge} per shape edge (join nodes expanded back into
     * Hymir's edges).
     */
    public static Workflow toWorkflow(Shape shape) {
        return toWorkflow(shape, NOOP);
    }

    /** The same with every job named {@code jobName}. */
    public static Workflow toWorkflow(Shape shape, String jobName) {
        Job noop = Job.named(jobName);
        int groupSize = twoGroupsSize(shape);
        if (groupSize > 0) {
            List<Job> group = Collections.nCopies(groupSize, noop);
            return Workflow.of(Chain.of(Group.of(group), Group.of(group)));
        }
        return inNodeOrder(shape) ? byPredecessors(shape, noop) : byEdges(shape, noop);
    }

    /** True if the shape has no join node and every edge goes from a lower node to a higher one. */
    private static boolean inNodeOrder(Shape shape) {
        if (shape.nodeCount() != shape.jobCount()) {
            return false;
        }
        int[] offsets = shape.offsets();
        int[] targets = shape.targets();
        for (int u = 0; u < shape.jobCount(); u++) {
            for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                if (targets[e] <= u) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Job v + 1 added after the ids of its predecessors, from the shape's edges reversed (CSR). */
    private static Workflow byPredecessors(Shape shape, Job noop) {
        int n = shape.jobCount();
        int[] offsets = shape.offsets();
        int[] targets = shape.targets();
        int[] start = new int[n + 1];
        for (int e = 0; e < targets.length; e++) {
            start[targets[e] + 1]++;
        }
        for (int v = 0; v < n; v++) {
            start[v + 1] += start[v];
        }
        int[] predecessorIds = new int[targets.length];
        int[] fill = java.util.Arrays.copyOf(start, n);
        for (int u = 0; u < n; u++) {
            for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                predecessorIds[fill[targets[e]]++] = u + 1;
            }
        }
        Workflow.Builder b = Workflow.builder();
        for (int v = 0; v < n; v++) {
            b.addAfter(noop, java.util.Arrays.copyOfRange(predecessorIds, start[v], start[v + 1]));
        }
        return b.build();
    }

    private static Workflow byEdges(Shape shape, Job noop) {
        Workflow.Builder b = Workflow.builder();
        String[] ids = new String[shape.jobCount()];
        for (int v = 0; v < shape.jobCount(); v++) {
            ids[v] = b.add(noop);
        }
        int[] offsets = shape.offsets();
        int[] targets = shape.targets();
        for (int u = 0; u < shape.jobCount(); u++) {
            for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                int s = targets[e];
                if (!shape.isJoin(s)) {
                    b.edge(ids[u], ids[s]);
                    continue;
                }
                for (int f = offsets[s]; f < offsets[s + 1]; f++) { // the engine compiles a join back
                    b.edge(ids[u], ids[targets[f]]);
                }
            }
        }
        return b.build();
    }

    /**
     * The current shape's Workflow, shared by every Hymir variant (the definition is the user's, built
     * once per shape). Only one is held: a new shape replaces it, and the harness drops it when it is
     * done with a shape ({@link #forget()}), so a 10^6-job Workflow does not outlive its shape.
     */
    private static String workflowShape;
    private static Workflow workflow;

    /** The shape's Workflow (built on first use, then reused) and the counter its jobs report to. */
    static synchronized Workflow workflowFor(Shape shape, ExecutionCounter counter) {
        current = counter;
        if (!shape.name().equals(workflowShape)) {
            workflow = null; // the previous shape's can be collected while this one is built
            workflowShape = null;
            workflow = toWorkflow(shape);
            workflowShape = shape.name();
        }
        return workflow;
    }

    /** Drops the held Workflow and execution counter; the harness calls it after each shape. */
    static synchronized void forget() {
        workflow = null;
        workflowShape = null;
        current = null;
    }

    /**
     * n if {@code shape} is exactly {@link Shape#twoGroups}(n) — jobs 0..n-1 into one join node, the
     * join into jobs n..2n-1, nothing else — else -1.
     */
    static int twoGroupsSize(Shape shape) {
        int jobs = shape.jobCount();
        if (shape.nodeCount() != jobs + 1 || jobs % 2 != 0 || jobs == 0) {
            return -1;
        }
        int n = jobs / 2;
        int join = jobs;
        int[] offsets = shape.offsets();
        int[] targets = shape.targets();
        for (int u = 0; u < jobs; u++) {
            int out = offsets[u + 1] - offsets[u];
            if (u < n ? out != 1 || targets[offsets[u]] != join : out != 0) {
                return -1;
            }
        }
        if (offsets[join + 1] - offsets[join] != n) {
            return -1;
        }
        for (int e = offsets[join], v = n; e < offsets[join + 1]; e++, v++) {
            if (targets[e] != v) {
                return -1;
            }
        }
        return n;
    }

    /** Runs {@code wf} and waits for it; anything but SUCCESS fails the benchmark run. Returns the id. */
    static String runToSuccess(HymirEngine engine, Workflow wf, String contender, Shape shape) {
        String id = engine.run(wf);
        WorkflowState state = engine.await(id);
        if (state.status() != WorkflowState.Status.SUCCESS) {
            throw new IllegalStateException(contender + " ended " + state.status() + " on " + shape.name());
        }
        return id;
    }

    static final class InProcess implements Contender {
        private final boolean journal;

        InProcess(boolean journal) {
            this.journal = journal;
        }

        @Override
        public String name() {
            return journal ? "hymir-journal" : "hymir";
        }

        @Override
        public Prepared prepare(Shape shape, ExecutionCounter counter) throws IOException {
            Workflow wf = workflowFor(shape, counter);
            // A fresh directory per run: recovery at build() then has nothing to replay, and every
            // run pays for the same journal (the submitted definition plus one record per transition).
            Path dir = journal ? Files.createTempDirectory("hymir-bench-journal") : null;
            HymirEngine.Builder builder = HymirEngine.builder().registry(REGISTRY);
            if (journal) {
                builder.journal(dir).journalDurability(JournalDurability.PROCESS_CRASH);
            }
            HymirEngine engine = builder.build();
            return new Prepared() {
                private String id;
                private JournalSize journalSize;

                @Override
                public void execute() {
                    id = runToSuccess(engine, wf, "hymir", shape);
                }

                @Override
                public boolean holdsStateAfterExecute() {
                    return true;
                }

                @Override
                public void release() {
                    if (id != null) {
                        engine.clear(id);
                    }
                    engine.close();
                    if (dir != null) {
                        journalSize = JournalSize.of(dir);
                        deleteTree(dir);
                    }
                }

                @Override
                public JournalSize journalSize() {
                    return journalSize;
                }

                @Override
                public void abandon() {
                    engine.close();
                    if (dir != null) {
                        deleteTree(dir);
                    }
                }
            };
        }
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
