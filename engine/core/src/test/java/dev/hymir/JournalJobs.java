package dev.hymir;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Job functions of the journal recovery tests. Static state survives a simulated crash (the engines
 * share this JVM), which is how the tests see what ran before and after it.
 */
public final class JournalJobs {
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static final Queue<String> CONSUMED = new ConcurrentLinkedQueue<>();
    /** While true, {@link #blockFirst} blocks its first call until interrupted (the crash). */
    static volatile boolean block = true;
    static volatile CountDownLatch blocking = new CountDownLatch(1);

    private JournalJobs() {
    }

    static void reset() {
        CALLS.clear();
        CONSUMED.clear();
        block = true;
        blocking = new CountDownLatch(1);
    }

    static int calls(String name) {
        AtomicInteger c = CALLS.get(name);
        return c == null ? 0 : c.get();
    }

    private static int count(String name) {
        return CALLS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    }

    @JobFunction(output = "greeting")
    public static String produce(String word) {
        count("produce:" + word);
        return "hello " + word;
    }

    @JobFunction
    public static String blockFirst() throws InterruptedException {
        if (count("blockFirst") == 1 && block) {
            blocking.countDown();
            new CountDownLatch(1).await(); // until the crash interrupts it
        }
        return "unblocked";
    }

    @JobFunction(output = "result", inputs = "greeting")
    public static String consume(java.util.List<String> greeting) {
        count("consume");
        String joined = String.join(",", greeting.stream().sorted().toList());
        CONSUMED.add(joined);
        return joined + "!";
    }

    @JobFunction
    public static Object retryOnce() {
        return count("retryOnce") == 1 ? Retry.after(Duration.ofMinutes(1), 3) : "retried";
    }

    @JobFunction(output = "count", inputs = "job_state")
    public static Object checkTwice(JobState job_state) {
        count("checkTwice");
        int n = ((Number) job_state.context().getOrDefault("n", 0)).intValue() + 1;
        return n < 3 ? new CheckLater(Duration.ofSeconds(5), Map.of("n", n)) : n;
    }
}
