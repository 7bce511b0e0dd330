package dev.hymir.internal.engine;

import dev.hymir.EngineClock;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Retry / CheckLater delays and job timeouts, fired by one platform thread of its own: it never
 * shares a carrier with job threads, so timers fire on time while CPU-bound jobs hold every carrier.
 * A timer that came due is handed to {@code fire} (the core's inbox); the core decides what it still
 * means (a timeout of a job that already reported means nothing). Time is the engine's
 * {@link EngineClock}; a manual clock's advance wakes the thread.
 */
final class Timers implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * A timer: {@code attempt} is the timed-out attempt for a timeout, null for a Retry / CheckLater
     * delay of job {@code job}.
     */
    record Entry(long dueNanos, long seq, WorkflowRun run, int job, JobExecution attempt) {
        boolean isTimeout() {
            return attempt != null;
        }
    }

    private final EngineClock clock;
    private final Consumer<Entry> fire;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(
            (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private final Thread thread;
    private long seq;
    private boolean closed;

    Timers(EngineClock clock, Consumer<Entry> fire) {
        this.clock = clock;
        this.fire = fire;
        this.thread = Thread.ofPlatform().daemon().name("hymir-timers-" + INSTANCES.incrementAndGet()).unstarted(this::run);
        clock.onAdvance(this::wakeUp);
    }

    void start() {
        thread.start();
    }

    /** Fires after {@code delayNanos} (clamped: a delay of centuries never fires). */
    void schedule(long delayNanos, WorkflowRun run, int job, JobExecution attempt) {
        long due = Durations.addSaturated(clock.nanoTime(), delayNanos);
        lock.lock();
        try {
            Entry e = new Entry(due, seq++, run, job, attempt);
            queue.add(e);
            if (queue.peek() == e) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void wakeUp() {
        lock.lock();
        try {
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            Entry due;
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        return;
                    }
                    Entry first = queue.peek();
                    long now = clock.nanoTime();
                    boolean never = first == null || first.dueNanos == Long.MAX_VALUE; // clamped: centuries away
                    if (!never && first.dueNanos - now <= 0) {
                        due = queue.poll();
                        break;
                    }
                    long wait = never ? Long.MAX_VALUE : first.dueNanos - now;
                    try {
                        changed.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } finally {
                lock.unlock();
            }
            fire.accept(due);
        }
    }

    /** Pending timers (for the {@code hymir.timers.pending} gauge). */
    int pending() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    boolean isTimerThread() {
        return Thread.currentThread() == thread;
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signal();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
