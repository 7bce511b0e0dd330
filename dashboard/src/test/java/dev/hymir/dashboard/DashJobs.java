package dev.hymir.dashboard;

import dev.hymir.JobFunction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** Job functions of the dashboard tests: quick ones, ones that wait for a gate, ones that throw. */
public final class DashJobs {
    private static final Map<String, Semaphore> GATES = new ConcurrentHashMap<>();

    private DashJobs() {
    }

    /** The gate named {@code name}: each {@link #gated} job takes one permit; tests release them. */
    static Semaphore gate(String name) {
        return GATES.computeIfAbsent(name, k -> new Semaphore(0));
    }

    @JobFunction
    public static int quick(int i) {
        return i;
    }

    @JobFunction(output = "parts")
    public static int part(int i) {
        return i;
    }

    @JobFunction
    public static void gated(String gate) throws InterruptedException {
        gate(gate).acquire();
    }

    @JobFunction
    public static void fail(String message) {
        throw new IllegalStateException(message);
    }
}
