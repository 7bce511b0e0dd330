package dev.hymir;

import dev.hymir.bench.HymirContenders;
import dev.hymir.bench.Shape;
import dev.hymir.internal.engine.Journal;
import dev.hymir.internal.engine.Scheduler;
import dev.hymir.internal.engine.StateStore;
import dev.hymir.internal.engine.WorkflowRun;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.Plan;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The scheduler's cost per job, excluding job execution: the engine's own {@code Scheduler} with
 * no journal and no state store, built by {@link Scheduler#withInlineJobs} so that a dispatched job
 * runs on the loop thread instead of a virtual thread of its own. Each job therefore takes exactly
 * the production path — dispatch (status STARTING, Started bookkeeping, metrics) → the no-op job
 * (one handler call through the {@code JobRegistry}) → its report event through the inbox →
 * complete (SUCCESS, decrement each successor's in-degree, join nodes pass through) → ready →
 * dispatch — minus starting and scheduling a thread. The {@link Plan} and {@link Dag} are built in
 * {@code @Setup}; one op = one whole run ({@code submit} → completion → {@code clear}), so the per
 * run costs (state arrays, the in-degree copy) are included. {@code run:jobs} = jobs per second;
 * ns per job = 10^9 / that.
 *
 * <pre>
 * benchmarks/jmh SchedulerTransitionBenchmark
 * benchmarks/jmh SchedulerTransitionBenchmark -p shape=layered -p size=1000000
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SchedulerTransitionBenchmark {
    private static final String NOOP = "bench.transition.noop";

    /** fanout: root → size → sink; chain: size jobs in a row; layered: layers of 1,000, 4 random predecessors each. */
    @Param({"fanout", "chain", "layered"})
    public String shape;

    @Param({"100000"})
    public int size;

    private Workflow workflow;
    private Dag dag;
    private Plan plan;
    private Scheduler scheduler;
    private long runs;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Jobs {
        public long jobs;

        @Setup(Level.Iteration)
        public void reset() {
            jobs = 0;
        }
    }

    @Setup(Level.Trial)
    public void build() {
        Shape s = switch (shape) {
            case "fanout" -> Shape.fanOut(size);
            case "chain" -> Shape.chain(size);
            case "layered" -> Shape.layered(size, 1_000, 42);
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
        workflow = HymirContenders.toWorkflow(s, NOOP);
        dag = workflow.dag();
        plan = Plan.compile(dag);
        JobRegistry registry = JobRegistry.explicitOnly().register(NOOP, call -> null);
        scheduler = Scheduler.withInlineJobs(new Scheduler.Config(0, null, FailurePolicy.FAIL_FAST,
                EngineClock.system(), null, Journal.NONE, StateStore.NONE), registry::target);
    }

    @TearDown(Level.Trial)
    public void close() {
        scheduler.close();
    }

    @Benchmark
    public WorkflowState run(Jobs counter) {
        String id = Long.toString(runs++);
        WorkflowRun run = scheduler.submit(id, workflow, dag, plan);
        WorkflowState state = run.completion().join();
        if (state.status() != WorkflowState.Status.SUCCESS || run.progress().finished() != dag.size()) {
            throw new IllegalStateException("run " + id + " ended " + state + " with " + run.progress());
        }
        scheduler.clear(id);
        counter.jobs += dag.size();
        return state;
    }
}
