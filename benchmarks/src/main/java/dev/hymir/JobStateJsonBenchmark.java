package dev.hymir;

import dev.hymir.internal.json.Json;
import dev.hymir.internal.redis.SnapshotFormat;
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
 * Encoding one job's state as the JSON the Redis state store writes into {@code <id>:jobs},
 * Python Hymir's layout {@code {"status": N, "retries": n, "context": {...}, "exception": "..." or null}}.
 * {@code snapshotFormat} is the engine's own encoder, {@link SnapshotFormat#jobJson(JobState)} (what
 * {@code RedisSnapshots} calls for every changed job). {@code mapJackson} is the obvious alternative
 * for comparison: a {@code LinkedHashMap} in that layout (status as its integer code) built per
 * operation, then {@code Json.MAPPER.writeValueAsString} — same fields, but Jackson's compact spacing,
 * not Python's {@code json.dumps} spacing that {@code jobJson} writes. The {@link JobState} is built in
 * {@code @Setup}.
 *
 * <pre>
 * benchmarks/jmh JobStateJsonBenchmark
 * benchmarks/jmh JobStateJsonBenchmark -p state=failure
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class JobStateJsonBenchmark {

    /**
     * success: SUCCESS, no context, no exception (most jobs); context: PENDING after a CheckLater
     * with a 2-entry context; failure: FAILURE after 2 retries with a multi-line stack trace.
     */
    @Param({"success", "context", "failure"})
    public String state;

    private JobState job;

    @Setup
    public void build() {
        job = switch (state) {
            case "success" -> new JobState(JobState.Status.SUCCESS, 0, Map.of(), null);
            case "context" -> new JobState(JobState.Status.PENDING, 0, orderedContext(), null);
            case "failure" -> new JobState(JobState.Status.FAILURE, 2, Map.of(), """
                    java.lang.IllegalStateException: upstream answered 503 "Service Unavailable"
                    \tat com.example.reports.Inventory.fetch(Inventory.java:42)
                    \tat com.example.reports.Inventory.run(Inventory.java:17)
                    \tat dev.hymir.internal.engine.JobRunner.call(JobRunner.java:88)
                    \tat java.base/java.lang.VirtualThread.run(VirtualThread.java:466)
                    Caused by: java.net.SocketTimeoutException: Read timed out
                    \tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)
                    \t... 4 more""");
            default -> throw new IllegalArgumentException("unknown state " + state);
        };
    }

    private static Map<String, Object> orderedContext() {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("cursor", 42);
        ctx.put("token", "a1b2c3");
        return ctx;
    }

    @Benchmark
    public String snapshotFormat() {
        return SnapshotFormat.jobJson(job);
    }

    @Benchmark
    public String mapJackson() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("status", job.status().code());
        m.put("retries", job.retries());
        m.put("context", job.context());
        m.put("exception", job.exception());
        return Json.MAPPER.writeValueAsString(m);
    }
}
