package dev.hymir;

import dev.hymir.bench.HymirContenders;
import dev.hymir.bench.Shape;
import dev.hymir.internal.engine.InlineDispatcher;
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
 * The core's cost per job, excluding job execution: a {@link HymirEngine} with no journal and no
 * state store whose dispatcher is the {@link InlineDispatcher}, so a dispatched job runs on the thread
 * that has the core instead of a virtual thread of its own. Each job therefore takes exactly the
 * production path — admission (status STARTING, metrics) → the no-op job (one handler call through
 * the {@code JobRegistry}) → its report on the lock-free stack → the next pass applies it (SUCCESS,
 * decrement each successor's in-degree, join nodes pass through) → ready → admission — minus starting
 * and scheduling a thread. The workflow is built in {@code @Setup}; one op = one whole run
 * ({@code run} (validation and plan compile included) → await → {@code clear}). {@code run:jobs} =
 * jobs per second; ns per job = 10^9 / that.
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
    private HymirEngine engine;

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
        JobRegistry registry = JobRegistry.explicitOnly().register(NOOP, call -> null);
        engine = HymirEngine.builder().registry(registry).dispatcher(new InlineDispatcher()).build();
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
    }

    @Benchmark
    public WorkflowState run(Jobs counter) {
        String id = engine.run(workflow);
        WorkflowState state = engine.await(id);
        if (state.status() != WorkflowState.Status.SUCCESS || engine.progress(id).finished() != workflow.size()) {
            throw new IllegalStateException("run " + id + " ended " + state + " with " + engine.progress(id));
        }
        engine.clear(id);
        counter.jobs += workflow.size();
        return state;
    }
}
