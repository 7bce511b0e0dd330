package dev.hymir.it.workers;

import dev.hymir.CheckLater;
import dev.hymir.Failure;
import dev.hymir.JobFunction;
import dev.hymir.JobRegistry;
import dev.hymir.JobState;
import dev.hymir.Retry;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Job functions the worker tests run, on workers in this JVM or in child JVMs. */
public final class WorkerJobs {
    /** Runs per job key, in this JVM. */
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    /** When set, every mark appends "J <n>\n" here (child JVMs: the test reads it after). */
    static volatile Path side;

    private WorkerJobs() {
    }

    static JobRegistry registry() {
        return JobRegistry.standard().register(WorkerJobs.class);
    }

    @JobFunction(name = "it.square", output = "squares")
    public static int square(int x) {
        return x * x;
    }

    @JobFunction(name = "it.sum", inputs = "squares")
    public static int sum(List<Integer> squares) {
        return squares.stream().mapToInt(Integer::intValue).sum();
    }

    @JobFunction(name = "it.total", output = "total", inputs = "squares->values")
    public static long total(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    @JobFunction(name = "it.fails")
    public static Failure fails(String why) {
        return new Failure(why);
    }

    @JobFunction(name = "it.throws")
    public static void throwsUp(String why) {
        throw new IllegalStateException(why);
    }

    /** Retries until it has been retried {@code times} times. */
    @JobFunction(name = "it.retries", inputs = "job_state", output = "retried")
    public static Object retries(int times, JobState job_state) {
        return job_state.retries() < times ? Retry.immediately(5) : job_state.retries();
    }

    /** Checks later until its context counts {@code times} checks. */
    @JobFunction(name = "it.checks", inputs = "job_state", output = "checked")
    public static Object checks(int times, JobState job_state) {
        int n = ((Number) job_state.context().getOrDefault("n", 0)).intValue();
        return n < times ? new CheckLater(Duration.ofMillis(10), Map.of("n", n + 1)) : n;
    }

    @JobFunction(name = "it.reserved", output = "seen", inputs = {"workflow_id", "job_id", "workflow", "workflow_state"})
    public static String reserved(String workflow_id, String job_id, Workflow workflow, WorkflowState workflow_state) {
        return workflow_id + "/" + job_id + "/" + workflow.jobs().size() + "/" + workflow_state.status();
    }

    @JobFunction(name = "it.sleep")
    public static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** Counts its runs (per key, in this JVM) and sleeps. */
    @JobFunction(name = "it.counted")
    public static void counted(String key, long millis) throws InterruptedException {
        RUNS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Thread.sleep(millis);
    }

    /** Records that job {@code n} ran (side file when set), sleeps {@code millis}, outputs n. */
    @JobFunction(name = "it.mark", output = "marks")
    public static int mark(int n, long millis) throws InterruptedException, IOException {
        Path file = side;
        if (file != null) {
            synchronized (WorkerJobs.class) {
                Files.writeString(file, "J " + n + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        }
        if (millis > 0) {
            Thread.sleep(millis);
        }
        return n;
    }

    /** Kills the JVM it runs in, as a worker crash would (child workers only). */
    @JobFunction(name = "it.halt")
    public static void halt() {
        Runtime.getRuntime().halt(1);
    }

    /** Reads every mark: how many, their sum, and whether each appears once. */
    @JobFunction(name = "it.collect", inputs = "marks", output = "collected")
    public static Map<String, Object> collect(List<Integer> marks) {
        long distinct = marks.stream().distinct().count();
        return Map.of("count", marks.size(), "distinct", distinct, "sum", marks.stream().mapToLong(Integer::longValue).sum());
    }
}
