package dev.hymir.spi;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collection;
import java.util.Set;

/**
 * Where consolidated snapshots of the engine's state go for other processes to read (SPI: the Redis
 * store implements it). The store pulls: the engine tells it which runs changed
 * ({@link #changed}), and the store reads their current durable state through {@link RunView}
 * whenever it writes, so a job that changed a thousand times while the store was busy is written once.
 * The engine's core calls every method here except {@link #close}; none may block it.
 */
public interface StateStore extends AutoCloseable {

    /** What the engine gives a store when it starts it. */
    interface Context {
        /** Every run the engine holds now (for a full rewrite, e.g. after the store lost its data). */
        Collection<? extends RunView> runs();

        /** Where the store's own meters go; null when the engine has no meter registry. */
        MeterRegistry meterRegistry();
    }

    /** Called once by the engine, before anything else; a store serves one engine. */
    void start(Context context);

    /**
     * Registers the store's own meters with {@code tags} (the engine's) when the engine is bound to a
     * registry (after {@link #start}); the engine removes every meter with its tags when it closes.
     * Optional: the default registers none.
     */
    default void bindMeters(io.micrometer.core.instrument.MeterRegistry registry, io.micrometer.core.instrument.Tags tags) {
    }

    /**
     * {@code run} has changes the store has not read (jobs, state or outputs), or is new to it. Called
     * again only after the store drained the run's changes ({@link RunView#drainChangedJobs}).
     */
    void changed(RunView run);

    /**
     * Calls {@code action} with {@code true} once everything of {@code run} durable now is stored, or
     * with {@code false} once the store gave up waiting (its own timeout, or closing); on the store's
     * thread, so it must be quick. The engine reports a finished run finished only then, and journals
     * that its final state is stored (journal retention deletes a finished run only after that).
     */
    void afterStored(RunView run, java.util.function.Consumer<Boolean> action);

    /**
     * Deletes what the store holds of a cleared run (its clear is durable by now), then runs {@code done}.
     */
    void clear(String workflowId, Set<String> outputNames, Runnable done);

    /** Writes what is pending (within the store's own limit) and releases its connections. */
    @Override
    void close();
}
