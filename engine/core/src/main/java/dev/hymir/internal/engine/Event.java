package dev.hymir.internal.engine;

import dev.hymir.Callback;

import java.util.concurrent.CompletableFuture;

/**
 * What the core consumes, one pass at a time. Job outcomes ({@link JobExecution}s) arrive on their
 * own lock-free stack; everything else through the inbox. Applying them yields journal records,
 * which are written before any of their effects is visible.
 */
sealed interface Event permits Event.Submitted, Event.CancelRequested, Event.ClearRequested, Event.TimerFired,
        Event.CallbackReported, Event.Stored, Event.Shutdown, JobExecution {

    /** {@code run()} accepted a workflow; {@code definition} is its journal JSON, or null without a journal. */
    record Submitted(WorkflowRun run, byte[] definition) implements Event {
    }

    /** {@code cancel(id)} was called. */
    record CancelRequested(WorkflowRun run) implements Event {
    }

    /** {@code clear(id)} on a finished run; {@code done} completes once the clear is durable and applied. */
    record ClearRequested(WorkflowRun run, CompletableFuture<Void> done) implements Event {
    }

    /** A timer came due: a Retry / CheckLater delay ended, or a job's timeout passed. */
    record TimerFired(Timers.Entry entry) implements Event {
    }

    /** A callback job ended; {@code error} is its stack trace if it threw. */
    record CallbackReported(WorkflowRun run, Callback callback, String error) implements Event {
    }

    /** The state store holds the finished run's final state: the core journals that (for retention). */
    record Stored(WorkflowRun run) implements Event {
    }

    /** {@code close()} was called: cancel what runs, stop. */
    record Shutdown() implements Event {
    }

    /** The run an event is about; null for {@link Shutdown}. */
    static WorkflowRun runOf(Event event) {
        return switch (event) {
            case JobExecution x -> x.run;
            case Submitted s -> s.run();
            case CancelRequested c -> c.run();
            case ClearRequested c -> c.run();
            case TimerFired t -> t.entry().run();
            case CallbackReported c -> c.run();
            case Stored s -> s.run();
            case Shutdown s -> null;
        };
    }
}
