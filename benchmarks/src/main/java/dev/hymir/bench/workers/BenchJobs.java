package dev.hymir.bench.workers;

import dev.hymir.JobFunction;
import dev.hymir.JobRegistry;

/** The jobs the workers benchmark runs: nothing, or a sleep (I/O-bound work that holds no CPU). */
public final class BenchJobs {
    private BenchJobs() {
    }

    static JobRegistry registry() {
        return JobRegistry.explicitOnly().register(BenchJobs.class);
    }

    @JobFunction(name = "bench.noop")
    public static void noop(int i) {
    }

    @JobFunction(name = "bench.sleep")
    public static void sleep(int i, long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
