package dev.hymir;

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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiling a Chain/Group tree to the scheduler's plan: {@code Workflow.of(tree)} (validation and
 * the compact DAG) followed by {@code Plan.compile} (CSR arrays, join nodes). The tree is built in
 * {@code @Setup}; only compilation is measured. Lives in package {@code dev.hymir} because
 * {@code Workflow.dag()} is package-private.
 *
 * <p>The {@code compile} figure is compilations per second; {@code compile:jobs} is jobs compiled per
 * second, i.e. the per-job cost (1 / that rate).
 *
 * <pre>
 * benchmarks/jmh PlanCompileBenchmark
 * benchmarks/jmh PlanCompileBenchmark -p shape=chain -p size=100000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlanCompileBenchmark {

    /**
     * chain: Chain of {@code size} jobs; group: root → Group of {@code size} → sink; groups: Chain of
     * two Groups of {@code size/2} (compiles through one join node).
     */
    @Param({"chain", "group", "groups"})
    public String shape;

    @Param({"1000", "100000"})
    public int size;

    private Step tree;

    /** Counts jobs compiled, so JMH reports a per-job rate next to the per-compile one. */
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
        tree = switch (shape) {
            case "chain" -> Chain.of(jobs("bench.step", size));
            case "group" -> Chain.of(Job.named("bench.root"), Group.of(jobs("bench.work", size - 2)),
                    Job.named("bench.sink"));
            case "groups" -> Chain.of(Group.of(jobs("bench.a", size / 2)), Group.of(jobs("bench.b", size / 2)));
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
    }

    private static List<Step> jobs(String name, int count) {
        List<Step> jobs = new ArrayList<>(count);
        Job job = Job.named(name);
        for (int i = 0; i < count; i++) {
            jobs.add(job);
        }
        return jobs;
    }

    @Benchmark
    public Plan compile(Jobs counter) {
        Workflow workflow = Workflow.of(tree);
        counter.jobs += workflow.size();
        return Plan.compile(workflow.dag());
    }
}
