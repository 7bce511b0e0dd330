package dev.hymir.testing;

import dev.hymir.JobFunction;

import java.util.concurrent.CountDownLatch;

/** Jobs the extension's fixture tests run. */
public final class FixtureJobs {
    /** Counted down when {@link #blocks} starts. */
    static volatile CountDownLatch started = new CountDownLatch(1);

    private FixtureJobs() {
    }

    @JobFunction
    public static int one() {
        return 1;
    }

    @JobFunction
    public static int two() {
        return 2;
    }

    /** Runs until interrupted (a timeout interrupts it). */
    @JobFunction
    public static void blocks() throws InterruptedException {
        started.countDown();
        new CountDownLatch(1).await();
    }
}
