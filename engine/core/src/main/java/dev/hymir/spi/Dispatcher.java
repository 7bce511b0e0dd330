package dev.hymir.spi;

import java.util.List;

/**
 * Where the engine's core sends the job attempts it admitted (SPI). The default runs each on its own
 * virtual thread in this JVM; others hand them to workers elsewhere. The core calls {@link #capacity}
 * and {@link #dispatch} one pass at a time (never concurrently); neither may block. Outcomes come back
 * through the {@link DispatchContext} from any thread.
 */
public interface Dispatcher extends AutoCloseable {

    /** Called once by the engine before any dispatch. */
    void start(DispatchContext context);

    /**
     * How many more attempts this dispatcher takes now; the core dispatches at most that many and asks
     * again after {@link DispatchContext#capacityFreed}.
     */
    int capacity();

    /** Takes attempts the core admitted (their state is STARTING); runs them, or hands them on. */
    void dispatch(List<? extends JobTicket> tickets);

    /**
     * The engine gave up on an attempt (its timeout passed, its run was cancelled, the engine closes):
     * stop it if possible. Whatever it reports later is ignored.
     */
    void interrupt(JobTicket ticket);

    /**
     * Whether an attempt must be journaled (a {@link Transition.Started} record) before it is
     * dispatched: true for workers in other processes, whose attempts the engine must recognise after
     * a restart. Default false.
     */
    default boolean journalsStarts() {
        return false;
    }

    /**
     * Whether the jobs run in this JVM, resolved through the engine's own {@link dev.hymir.JobRegistry}
     * (default true). False for workers in other processes, which resolve names through their own
     * registries: then {@code run()} accepts a job name the engine's registry does not know (it still
     * checks the arguments of the names it knows, and callbacks, which run in the engine, must
     * resolve), and a name no worker knows fails that job on the workers.
     */
    default boolean runsJobsLocally() {
        return true;
    }

    /**
     * The engine was restarted on its journal: these attempts were dispatched before (their Started
     * records are journaled) and have no outcome yet. The dispatcher finds them (still queued, or
     * running elsewhere) or dispatches them again. Called only for dispatchers that
     * {@link #journalsStarts}, once, before any {@link #dispatch}. Default: dispatch them again.
     */
    default void resume(List<? extends JobTicket> tickets) {
        dispatch(tickets);
    }

    /**
     * The engine applied (or, for an attempt it no longer waited for, ignored) the outcomes of these
     * attempts, and that is durable now: the dispatcher may forget them (e.g. acknowledge the messages
     * that carried them). Called only for dispatchers that {@link #journalsStarts}. Default: nothing.
     */
    default void settled(List<? extends JobTicket> tickets) {
    }

    /** Stops dispatching and releases what the dispatcher holds. */
    @Override
    void close();

    /**
     * Registers the dispatcher's own meters with {@code tags} (the engine's) when the engine is bound to
     * a registry (after {@link #start}); the engine removes every meter with its tags when it closes.
     * Optional: the default registers none.
     */
    default void bindMeters(io.micrometer.core.instrument.MeterRegistry registry, io.micrometer.core.instrument.Tags tags) {
    }
}
