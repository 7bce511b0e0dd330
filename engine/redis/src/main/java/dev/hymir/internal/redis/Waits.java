package dev.hymir.internal.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * What the engine waits for from the flusher, each with its deadline: {@code afterStored} actions
 * ({@link RunSnapshot.Waiter}) and clears. Past its deadline (finalFlushTimeout) a wait ends anyway and
 * is counted: the engine never waits on Redis for long. The flusher's thread only.
 */
final class Waits {
    private static final Logger LOG = LoggerFactory.getLogger(Waits.class);

    /** A cleared run's keys to delete, then {@code done} to run. */
    static final class Clear {
        final String id;
        final byte[][] keys;
        final Runnable done;
        final long deadline;
        boolean doneRan;

        Clear(String id, byte[][] keys, Runnable done, long deadline) {
            this.id = id;
            this.keys = keys;
            this.done = done;
            this.deadline = deadline;
        }
    }

    private final ArrayDeque<RunSnapshot.Waiter> waiters = new ArrayDeque<>();
    private final ArrayDeque<Clear> clears = new ArrayDeque<>();
    private final Runnable late;

    /** {@code late}: counts a wait that ended at its deadline. */
    Waits(Runnable late) {
        this.late = late;
    }

    void add(RunSnapshot.Waiter w) {
        waiters.add(w); // deadlines are now + a fixed timeout: added in deadline order
    }

    void add(Clear c) {
        clears.add(c);
    }

    /** Ends the waits whose deadline has passed. */
    void expire(long now) {
        while (!waiters.isEmpty() && (waiters.peek().done || now - waiters.peek().deadline >= 0)) {
            RunSnapshot.Waiter w = waiters.poll();
            if (!w.done) {
                complete(w, false, true);
            }
        }
        while (!clears.isEmpty() && (clears.peek().doneRan || now - clears.peek().deadline >= 0)) {
            Clear c = clears.poll();
            if (!c.doneRan) {
                done(c, true);
            }
        }
    }

    /** The earliest deadline, or {@code wake} if that is earlier. */
    long nextDeadline(long wake) {
        if (!waiters.isEmpty() && waiters.peek().deadline - wake < 0) {
            wake = waiters.peek().deadline;
        }
        if (!clears.isEmpty() && clears.peek().deadline - wake < 0) {
            wake = clears.peek().deadline;
        }
        return wake;
    }

    /** Tells a waiter whether its run is stored; {@code atDeadline}: it gave up waiting (counted). */
    void complete(RunSnapshot.Waiter w, boolean stored, boolean atDeadline) {
        if (w.done) {
            return;
        }
        w.done = true;
        if (atDeadline) {
            late.run();
        }
        runQuietly(() -> w.action.accept(stored));
    }

    /** Runs a clear's {@code done}, once; {@code atDeadline}: its keys may not be deleted yet (counted). */
    void done(Clear c, boolean atDeadline) {
        if (c.doneRan) {
            return;
        }
        c.doneRan = true;
        if (atDeadline) {
            late.run();
        }
        runQuietly(c.done);
    }

    /** Closing: every wait ends now (a waiter hears that its run is not stored). */
    void endAll() {
        for (RunSnapshot.Waiter w : waiters) {
            complete(w, false, false);
        }
        for (Clear c : clears) {
            done(c, false);
        }
        waiters.clear();
        clears.clear();
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("an action run after a Redis snapshot failed", e);
        }
    }
}
