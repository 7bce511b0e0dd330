package dev.hymir.internal.engine;

import dev.hymir.spi.DispatchContext;
import dev.hymir.spi.Dispatcher;
import dev.hymir.spi.JobTicket;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default dispatcher: every attempt runs on its own virtual thread in this JVM.
 *
 * <p><b>Who starts the threads.</b> Starting a virtual thread costs about as much as running a no-op
 * job, so the core does not start them all itself: it hands a pass's attempts over in one batch and
 * starts {@link #FIRST_STARTS} of them; every job then starts up to {@link #STARTS_PER_JOB} more as it
 * begins, so a fan-out of 10^6 is started by the jobs themselves, on every carrier at once.
 *
 * <p><b>Bounded.</b> At most {@link #WINDOW} attempts are handed over and not yet running: enough to
 * keep every carrier busy, while a 10^7-job fan-out never holds 10^7 threads (a few hundred bytes
 * each) at once. A job that begins frees its place; once half the window is free the core is asked for
 * more. Jobs that are running (sleeping, waiting on I/O) take no place: 10^6 sleeping jobs run at once.
 */
public final class LocalDispatcher implements Dispatcher {
    /** Attempts handed over but not yet running, at most. */
    static final int WINDOW = 2048;
    static final int FIRST_STARTS = 2;
    static final int STARTS_PER_JOB = 2;

    /** A pass's attempts; starters take them in order through {@link #next}. */
    private static final class Batch {
        final JobTicket[] tickets;
        final AtomicInteger next = new AtomicInteger();

        Batch(JobTicket[] tickets) {
            this.tickets = tickets;
        }
    }

    // Jobs do not inherit inheritable thread-locals from the thread that happens to start them.
    private final ThreadFactory threads = Thread.ofVirtual().inheritInheritableThreadLocals(false).factory();
    private final ConcurrentLinkedQueue<Batch> unstartedBatches = new ConcurrentLinkedQueue<>();
    /** Attempts handed over whose job has not begun (queued or started). */
    private final AtomicInteger waiting = new AtomicInteger();
    private DispatchContext context;

    @Override
    public void start(DispatchContext context) {
        this.context = context;
    }

    @Override
    public int capacity() {
        return WINDOW - waiting.get();
    }

    @Override
    public void dispatch(List<? extends JobTicket> tickets) {
        int n = tickets.size();
        waiting.addAndGet(n);
        if (n <= FIRST_STARTS) {
            for (int i = 0; i < n; i++) {
                startThread(tickets.get(i));
            }
            return;
        }
        unstartedBatches.add(new Batch(tickets.toArray(new JobTicket[0])));
        startSome(FIRST_STARTS);
    }

    /** Starts up to {@code max} queued attempts; returns how many. */
    private int startSome(int max) {
        int started = 0;
        while (started < max) {
            Batch batch = unstartedBatches.peek();
            if (batch == null) {
                break;
            }
            int i = batch.next.getAndIncrement();
            if (i >= batch.tickets.length) {
                unstartedBatches.remove(batch);
                continue;
            }
            JobTicket ticket = batch.tickets[i];
            batch.tickets[i] = null;
            startThread(ticket);
            started++;
        }
        return started;
    }

    private void startThread(JobTicket ticket) {
        threads.newThread(() -> run(ticket)).start();
    }

    private void run(JobTicket ticket) {
        startSome(STARTS_PER_JOB); // queued attempts: each job that begins starts the next ones
        if (waiting.decrementAndGet() == WINDOW / 2) {
            context.capacityFreed();
        }
        context.execute(ticket);
    }

    @Override
    public void interrupt(JobTicket ticket) {
        ((JobExecution) ticket).interruptThread();
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "LocalDispatcher(virtual threads)";
    }
}
