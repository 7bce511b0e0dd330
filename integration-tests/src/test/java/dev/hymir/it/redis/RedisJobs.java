package dev.hymir.it.redis;

import dev.hymir.CheckLater;
import dev.hymir.JobFunction;
import dev.hymir.JobState;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Jobs of the Redis tests. */
public final class RedisJobs {
    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    private RedisJobs() {
    }

    @JobFunction
    public static void noop() {
    }

    @JobFunction(output = "vals")
    public static int produce(int i) {
        return i;
    }

    @JobFunction(output = "names")
    public static Map<String, Object> named(String name) {
        return Map.of("name", name, "len", name.length());
    }

    @JobFunction(inputs = "vals")
    public static int sum(List<Integer> vals) {
        return vals.stream().mapToInt(Integer::intValue).sum();
    }

    /** Asks to be checked later once, storing a context, then succeeds. */
    @JobFunction(inputs = "job_state")
    public static Object checkOnce(JobState job_state) {
        if (job_state.context().isEmpty()) {
            return new CheckLater(Duration.ofMillis(1), Map.of("step", 1, "note", "said \"wait\""));
        }
        return "checked";
    }

    @JobFunction
    public static void boom() {
        throw new IllegalStateException("boom: \"quoted\"\nsecond line");
    }

    /** {@link #gate}, then outputs {@code i}: its success and its value reach the store together. */
    @JobFunction(output = "vals")
    public static int gatedProduce(int i) throws InterruptedException {
        gate();
        return i;
    }

    /** Blocks until the test releases it: the test acts (kills Redis) while the run is in the middle. */
    @JobFunction
    public static void gate() throws InterruptedException {
        entered.countDown();
        release.await();
    }
}
