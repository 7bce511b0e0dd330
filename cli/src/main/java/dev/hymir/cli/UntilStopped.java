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

    private UntilStopped(long cleanupSeconds, boolean exitZero) {
        hook = new Thread(() -> {
            stop.countDown();
            try {
                if (cleaned.await(cleanupSeconds, TimeUnit.SECONDS) && exitZero) {
                    // A stop on request that cleaned up is a success: without this the JVM ends with 143 (128 + SIGTERM).
                    // (The command's own System.exit would wait forever: shutdown has begun.)
                    Runtime.getRuntime().halt(0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hymir-shutdown");
    }

    static UntilStopped install() {
        UntilStopped u = new UntilStopped(CLEANUP_SECONDS, false);
        Runtime.getRuntime().addShutdownHook(u.hook);
        return u;
    }

    /**
     * Like {@link #install()}, for a command whose stop on Ctrl-C or SIGTERM is its normal end ({@code hymir
     * worker}): the hook waits up to {@code cleanupSeconds} for {@link #close()}, then ends the JVM with status 0.
     */
    static UntilStopped installExitingZero(long cleanupSeconds) {
        UntilStopped u = new UntilStopped(cleanupSeconds, true);
        Runtime.getRuntime().addShutdownHook(u.hook);
        return u;
    }

    /** Whether a stop was asked for (the hook ran) — false when this thread was interrupted instead. */
    boolean requested() {
        return stop.getCount() == 0;
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
