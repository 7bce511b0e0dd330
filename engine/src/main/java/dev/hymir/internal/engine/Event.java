package dev.hymir.internal.engine;

import dev.hymir.Callback;
import dev.hymir.JobResult;
import dev.hymir.Workflow;

/**
 * What the scheduler loop consumes, one batch at a time. Applying a batch yields {@link Transition}s,
 * which the loop journals before their effects leave it. {@code job} is a job index (job id minus one).
 */
public sealed interface Event {
    String workflowId();

    /** {@code run()} accepted a workflow; {@code definition} is its JSON when the engine journals, else null. */
    record Submitted(String workflowId, Workflow workflow, String definition) implements Event {
    }

    /**
     * A job's thread ended: with a {@code result}, or with {@code error} (a stack trace or message)
     * when it threw or its result was unusable. {@code limitedName} is the job name when the job holds
     * a slot of a per-name concurrency limit, else {@code null}. {@code payload} is, when the engine
     * journals, the JSON of a Success's output value (if the job has an output) or of a CheckLater's
     * context, written on the job's thread to keep the loop lean; else {@code null}. It names the
     * {@code run} object, not only its id: a late report (a job that outlived its timeout) must not
     * reach a newer run that reuses the id of a cleared one.
     *
     * <p>Not a record: reports, one per job, skip the inbox and go onto the scheduler's lock-free
     * stack, linked through {@link #next} (no queue node per report).
     */
    static final class JobReported implements Event {
        private final WorkflowRun run;
        private final int job;
        private final JobResult result;
        private final String error;
        private final String limitedName;
        private final long nanos;
        private final String payload;
        /** The report pushed before this one; then, once the loop took the stack, the next to apply. */
        JobReported next;

        JobReported(WorkflowRun run, int job, JobResult result, String error, String limitedName, long nanos,
                    String payload) {
            this.run = run;
            this.job = job;
            this.result = result;
            this.error = error;
            this.limitedName = limitedName;
            this.nanos = nanos;
            this.payload = payload;
        }

        @Override
        public String workflowId() {
            return run.id;
        }

        WorkflowRun run() {
            return run;
        }

        int job() {
            return job;
        }

        JobResult result() {
            return result;
        }

        String error() {
            return error;
        }

        String limitedName() {
            return limitedName;
        }

        long nanos() {
            return nanos;
        }

        String payload() {
            return payload;
        }
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

    /** {@code clear(id)} removed a finished run; the loop journals it. */
    record Cleared(String workflowId, WorkflowRun run) implements Event {
    }

    /** {@code close()} was called: cancel what runs, stop the loop. */
    record Shutdown() implements Event {
        @Override
        public String workflowId() {
            return null;
        }
    }
}
