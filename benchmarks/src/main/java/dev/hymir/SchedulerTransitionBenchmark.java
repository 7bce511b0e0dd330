package dev.hymir;

import dev.hymir.bench.HymirContenders;
import dev.hymir.bench.Shape;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The scheduler's bookkeeping per job, excluding job execution: dispatch (status STARTING) →
 * complete (status SUCCESS, decrement each successor's remaining in-degree, a join node passing the
 * decrement straight on) → ready (enqueue at zero) → dispatch, over a {@link Plan} compiled in
 * {@code @Setup} by the engine's own compiler.
 *
 * <p><b>What exactly is measured.</b> The engine's {@code Scheduler} has no seam to apply events
 * without starting job threads, so this is a model of its loop written against the same data: the
 * plan's CSR arrays, an {@code int[]} of remaining in-degrees copied from the plan per run (as
 * {@code WorkflowRun} does), a {@code byte[]} of statuses and an int ring queue of ready jobs (as
 * {@code IntQueue}). The code mirrors {@code Scheduler.succeed/enqueue/dispatchReady}. It leaves out
 * what the real loop also does per job: the virtual thread, the report {@code Event} and the inbox,
 * the journal record, publishing the change and metrics — those are in the harness figures. One
 * benchmark op = one whole run of the plan; {@code run:jobs} = jobs (each = one Started and one
 * Succeeded transition) per second, so ns per job = 10^9 / that.
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
    static final byte PENDING = 0;
    static final byte STARTING = 1;
    static final byte SUCCESS = 2;

    /** fanout: root → size → sink; chain: size jobs in a row; layered: layers of 1,000, 4 random predecessors each. */
    @Param({"fanout", "chain", "layered"})
    public String shape;

    @Param({"100000"})
    public int size;

    private Plan plan;
    private int[] remaining;
    private byte[] status;
    private int[] ring;

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
        plan = Plan.compile(HymirContenders.toWorkflow(s).dag());
        remaining = new int[plan.nodeCount()];
        status = new byte[plan.jobCount()];
        ring = new int[Integer.highestOneBit(Math.max(2, plan.jobCount()) - 1) << 1]; // a power of two >= jobs
    }

    @Benchmark
    public int run(Jobs counter) {
        int[] offsets = plan.offsets();
        int[] targets = plan.targets();
        int jobs = plan.jobCount();
        System.arraycopy(plan.inDegree(), 0, remaining, 0, remaining.length);
        java.util.Arrays.fill(status, PENDING);
        int mask = ring.length - 1;
        int head = 0;
        int tail = 0;
        for (int v = 0; v < jobs; v++) { // roots are ready at submit
            if (remaining[v] == 0) {
                ring[tail++ & mask] = v;
            }
        }
        int finished = 0;
        while (head != tail) {
            int j = ring[head++ & mask]; // dispatch
            status[j] = STARTING;
            status[j] = SUCCESS; // complete (the job itself is not run)
            finished++;
            for (int e = offsets[j]; e < offsets[j + 1]; e++) {
                int s = targets[e];
                if (--remaining[s] != 0) {
                    continue;
                }
                if (s < jobs) {
                    ring[tail++ & mask] = s; // ready
                    continue;
                }
                for (int f = offsets[s]; f < offsets[s + 1]; f++) { // a join: pass through
                    if (--remaining[targets[f]] == 0) {
                        ring[tail++ & mask] = targets[f];
                    }
                }
            }
        }
        if (finished != jobs) {
            throw new IllegalStateException(finished + " of " + jobs + " jobs finished");
        }
        counter.jobs += jobs;
        return finished;
    }
}
