package dev.hymir.internal.engine;

import dev.hymir.Callback;
import dev.hymir.JobResult;
import dev.hymir.Workflow;

/**
 * What the scheduler loop consumes, one batch at a time. The batch is handed to the {@link Journal}
 * before any of it is applied (write-ahead), so replaying the events in journal order rebuilds the
 * same state. Dispatching a ready job is a consequence of applying events and is not journaled here.
 * {@code job} is a job index (job id minus one).
 */
public sealed interface Event {
    String workflowId();

    /** {@code run()} accepted a workflow. */
    record Submitted(String workflowId, Workflow workflow) implements Event {
    }

    /**
     * A job's thread ended: with a {@code result}, or with {@code error} (a stack trace or message)
     * when it threw or its result was unusable. {@code limitedName} is the job name when the job holds
     * a slot of a per-name concurrency limit, else {@code null}.
     */
    record JobReported(String workflowId, int job, JobResult result, String error, String limitedName,
                       long nanos) implements Event {
    }

    /** A Retry / CheckLater delay ended ({@code timeoutStamp < 0}) or a job's timeout expired. */
    record TimerFired(String workflowId, int job, long timeoutStamp) implements Event {
        boolean isTimeout() {
            return timeoutStamp >= 0;
        }
    }

    /** {@code cancel(id)} was called. */
    record CancelRequested(String workflowId) implements Event {
    }

    /** A callback job ended; {@code error} is its stack trace if it threw. */
    record CallbackReported(String workflowId, Callback callback, String error) implements Event {
    }

    /** {@code close()} was called: cancel what runs, stop the loop. */
    record Shutdown() implements Event {
        @Override
        public String workflowId() {
            return null;
        }
    }
}
