package dev.hymir.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a serving command ({@code hymir dashboard}, {@code hymir demo --dashboard-port}) running
 * until Ctrl-C or SIGTERM (or, in tests, an interrupt of its thread), and lets it close what it
 * opened before the JVM exits: the shutdown hook waits (at most {@link #CLEANUP_SECONDS}) for
 * {@link #close()}, which the command reaches after its own try-with-resources have closed.
 *
 * <pre>{@code
 * try (UntilStopped stop = UntilStopped.install()) {
 *     try (HymirDashboard d = ...) { d.start(); stop.await(); }
 * }
 * }</pre>
 */
final class UntilStopped implements AutoCloseable {
    static final int CLEANUP_SECONDS = 10;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch cleaned = new CountDownLatch(1);
    private final Thread hook;

    private UntilStopped() {
        hook = new Thread(() -> {
            stop.countDown();
            try {
                cleaned.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hymir-shutdown");
    }

    static UntilStopped install() {
        UntilStopped u = new UntilStopped();
        Runtime.getRuntime().addShutdownHook(u.hook);
        return u;
    }

    /** Blocks until the JVM is asked to stop or this thread is interrupted. */
    void await() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        cleaned.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that cleanup is done
        }
    }
}
