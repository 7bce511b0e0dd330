package dev.hymir.spi;

import dev.hymir.JobResult;

/** What a {@link Dispatcher} calls back into the engine with (SPI); thread-safe. */
public interface DispatchContext {

    /**
     * Runs the attempt on the calling thread: resolves the job's function through the engine's
     * registry, binds its inputs, calls it and reports the outcome. For dispatchers that run jobs in
     * this JVM.
     */
    void execute(JobTicket ticket);

    /**
     * Reports the outcome of an attempt run elsewhere: {@code result} when it returned, or
     * {@code error} (a stack trace or message) when it threw; {@code payload} is the JSON of a
     * Success's output value or a CheckLater's context (always give it: the journal needs it), else
     * null. Returns false, and does nothing, if this ticket's outcome was reported already (a
     * duplicate delivery).
     */
    boolean report(JobTicket ticket, JobResult result, String error, String payload, long nanos);

    /** The dispatcher has room again ({@link Dispatcher#capacity}); the core dispatches what waits. */
    void capacityFreed();
}
