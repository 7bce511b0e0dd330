package dev.hymir.internal.engine;

import dev.hymir.spi.DispatchContext;
import dev.hymir.spi.Dispatcher;
import dev.hymir.spi.JobTicket;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default dispatcher: every attempt runs on its own virtual thread in this JVM. It takes at most
 * {@link #WINDOW} attempts whose thread has been started but has not begun running: enough to keep
 * every carrier busy, while a 10^7-job fan-out never holds 10^7 started threads (a few hundred bytes
 * each) at once. A job that begins frees its place; once half the window is free the core is asked
 * for more. Jobs that are running (sleeping, waiting on I/O) take no place: 10^6 sleeping jobs run at
 * once.
 */
public final class LocalDispatcher implements Dispatcher {
    /** Threads started but not yet running, at most. */
    static final int WINDOW = 2048;

    // Jobs do not inherit inheritable thread-locals from the thread that happens to start them.
    private final ThreadFactory threads = Thread.ofVirtual().inheritInheritableThreadLocals(false).factory();
    private final AtomicInteger unstarted = new AtomicInteger();
    private DispatchContext context;

    @Override
    public void start(DispatchContext context) {
        this.context = context;
    }

    @Override
    public int capacity() {
        return WINDOW - unstarted.get();
    }

    @Override
    public void dispatch(List<? extends JobTicket> tickets) {
        unstarted.addAndGet(tickets.size());
        for (int i = 0; i < tickets.size(); i++) {
            JobTicket ticket = tickets.get(i);
            threads.newThread(() -> run(ticket)).start();
        }
    }

    private void run(JobTicket ticket) {
        if (unstarted.decrementAndGet() == WINDOW / 2) {
            context.capacityFreed();
        }
        context.execute(ticket);
    }

    @Override
    public void interrupt(JobTicket ticket) {
        Thread thread = ((JobExecution) ticket).thread;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "LocalDispatcher(virtual threads)";
    }
}
