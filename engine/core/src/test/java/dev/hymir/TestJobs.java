package dev.hymir;

import dev.hymir.testing.ManualClock;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Job functions of the engine tests. Static fields observe what ran; {@link #reset()} before each test. */
public final class TestJobs {
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    static final Queue<String> CALLBACKS = new ConcurrentLinkedQueue<>();
    static final AtomicReference<Object> SEEN = new AtomicReference<>();
    static volatile CountDownLatch started = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);
    static volatile boolean interrupted;
    static volatile ManualClock clock = new ManualClock();

    private TestJobs() {
    }

    static void reset() {
        CALLS.clear();
        RUNNING.set(0);
        MAX_RUNNING.set(0);
        CALLBACKS.clear();
        SEEN.set(null);
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
        interrupted = false;
        clock = new ManualClock();
    }

    static int calls(String name) {
        AtomicInteger c = CALLS.get(name);
        return c == null ? 0 : c.get();
    }

    private static int count(String name) {
        return CALLS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    }

    @JobFunction
    public static void noop() {
    }

    @JobFunction
    public static String succeeds() {
        count("succeeds");
        return "ok";
    }

    @JobFunction
    public static Failure fails() {
        count("fails");
        return new Failure("no");
    }

    @JobFunction
    public static void neverRuns() {
        count("neverRuns");
    }

    @JobFunction
    public static Retry alwaysRetries() {
        count("alwaysRetries");
        return Retry.immediately(3);
    }

    @JobFunction
    public static Object retriesTwiceThenSucceeds(@JobFunction.Param("job_state") JobState state) {
        count("retriesTwiceThenSucceeds");
        return state.retries() < 2 ? Retry.after(Duration.ofSeconds(10), 5) : "done after " + state.retries();
    }

    @JobFunction
    public static Object checksUntilThreeMinutes() {
        count("checksUntilThreeMinutes");
        return clock.elapsed().compareTo(Duration.ofMinutes(3)) < 0 ? CheckLater.after(Duration.ofMinutes(1)) : "late enough";
    }

    @JobFunction(output = "count", inputs = "job_state")
    public static Object countsInContext(JobState job_state) {
        count("countsInContext");
        int n = ((Number) job_state.context().getOrDefault("n", 0)).intValue() + 1;
        return n < 3 ? new CheckLater(Duration.ofSeconds(5), Map.of("n", n)) : n;
    }

    @JobFunction
    public static void throwsException() {
        throw new IllegalStateException("boom in a job");
    }

    @JobFunction(output = "ids", inputs = {"job_id", "workflow_id", "workflow"})
    public static Map<String, String> ids(String job_id, String workflow_id, Workflow workflow) {
        SEEN.set(workflow);
        return Map.of("job_id", job_id, "workflow_id", workflow_id);
    }

    @JobFunction(output = "ids", inputs = {"jobId", "workflowId"})
    public static Map<String, String> camelIds(String jobId, String workflowId) {
        return Map.of("job_id", jobId, "workflow_id", workflowId);
    }

    @JobFunction
    public static String blocks() throws InterruptedException {
        count("blocks");
        started.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        }
        return "released";
    }

    @JobFunction(output = "bad")
    public static Object unserializable() {
        return new Object();
    }

    @JobFunction(output = "values")
    public static int produce(int value) {
        return value;
    }

    @JobFunction(inputs = "values")
    public static int consumeOne(int values) {
        return values;
    }

    @JobFunction
    public static void tracked(String key) throws InterruptedException {
        int now = RUNNING.incrementAndGet();
        MAX_RUNNING.accumulateAndGet(now, Math::max);
        count("tracked");
        Thread.sleep(1); // overlap, so a broken limit would show; nothing asserts on time
        RUNNING.decrementAndGet();
    }

    // ---- the reports workflow ----

    @JobFunction
    public static String onboarding(String customer) {
        count("onboarding");
        return "onboarded " + customer;
    }

    @JobFunction(output = "inventory_reports")
    public static Map<String, Object> report(String kind, Map<String, Object> options) {
        count("report");
        return Map.of("kind", kind, "rows", options.getOrDefault("rows", 0));
    }

    @JobFunction(output = "counts", inputs = "inventory_reports->reports")
    public static int processReports(List<Map<String, Object>> reports) {
        count("processReports");
        SEEN.set(reports);
        int rows = 0;
        for (Map<String, Object> r : reports) {
            rows += ((Number) r.get("rows")).intValue();
        }
        return rows;
    }

    @JobFunction(inputs = "counts")
    public static String rollups(int counts) {
        count("rollups");
        return "rolled up " + counts;
    }

    @JobFunction(inputs = {"workflow_state", "counts"})
    public static void notifyDone(WorkflowState workflow_state, List<Integer> counts) {
        CALLBACKS.add("finished " + workflow_state.status() + " " + counts);
    }

    @JobFunction
    public static void notifyFailure() {
        CALLBACKS.add("failure");
    }

    @JobFunction
    public static void notifySuccess() {
        CALLBACKS.add("success");
    }

    @JobFunction
    public static void callbackThrows() {
        CALLBACKS.add("threw");
        throw new IllegalStateException("callback boom");
    }
}
