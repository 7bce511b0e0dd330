package dev.hymir.bench;

import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hymir's own contenders. {@code hymir} is the in-process engine with no journal and no state store
 * (the embedded default); journal-on and Redis-on variants join this list with their issues.
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
        return List.of(new InProcess());
    }

    /** The no-op job: records its execution in the counter of the run in progress. */
    static final String NOOP = "bench.noop";

    private static volatile ExecutionCounter current;

    private static final JobRegistry REGISTRY = JobRegistry.explicitOnly().register(NOOP, call -> {
        current.ran(Integer.parseInt(call.jobId()) - 1);
        return null;
    });

    /** The shape as a Workflow: one no-op job per node, join nodes expanded back into Hymir's edges. */
    static Workflow toWorkflow(Shape shape) {
        Workflow.Builder b = Workflow.builder();
        Job noop = Job.named(NOOP);
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

    static final class InProcess implements Contender {
        private final Map<String, Workflow> workflows = new HashMap<>();

        @Override
        public String name() {
            return "hymir";
        }

        @Override
        public Prepared prepare(Shape shape, ExecutionCounter counter) {
            current = counter;
            Workflow wf = workflows.computeIfAbsent(shape.name(), k -> toWorkflow(shape));
            HymirEngine engine = HymirEngine.builder().registry(REGISTRY).build();
            return new Prepared() {
                private String id;

                @Override
                public void execute() {
                    id = engine.run(wf);
                    WorkflowState state = engine.await(id);
                    if (state.status() != WorkflowState.Status.SUCCESS) {
                        throw new IllegalStateException("hymir ended " + state.status() + " on " + shape.name());
                    }
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
                }

                @Override
                public void abandon() {
                    engine.close();
                }
            };
        }
    }
}
