package dev.hymir;

import dev.hymir.internal.json.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Encoding one job's state snapshot as JSON in Hymir's (Python) layout,
 * {@code {"status":N,"retries":n,"context":{...},"exception":null}}, with the engine's mapper
 * ({@code Json.MAPPER}, Jackson). The engine has no JobState encoder yet (the Redis state store will
 * need one), so {@code pythonLayout} measures what such an encoder most simply does: a
 * {@code LinkedHashMap} in that layout built from a {@link JobState} (status as its integer code),
 * then {@code writeValueAsString}. {@code recordDefault} is Jackson's own encoding of the
 * {@code JobState} record for comparison — status by enum name, i.e. <b>not</b> the Python layout.
 * The JobState is built in {@code @Setup}; the map is built per operation (part of the cost).
 *
 * <pre>
 * benchmarks/jmh JobStateJsonBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class JobStateJsonBenchmark {

    /** empty: no CheckLater context (most jobs); small: a two-entry CheckLater context. */
    @Param({"empty", "small"})
    public String context;

    private JobState state;

    @Setup
    public void build() {
        Map<String, Object> ctx = context.equals("empty") ? Map.of() : Map.of("cursor", 42, "token", "a1b2c3");
        state = new JobState(JobState.Status.SUCCESS, 1, ctx, null);
    }

    @Benchmark
    public String pythonLayout() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("status", state.status().code());
        m.put("retries", state.retries());
        m.put("context", state.context());
        m.put("exception", state.exception());
        return Json.MAPPER.writeValueAsString(m);
    }

    @Benchmark
    public String recordDefault() throws Exception {
        return Json.MAPPER.writeValueAsString(state);
    }
}
