package dev.hymir.internal.engine;

import dev.hymir.JobState;
import dev.hymir.WorkflowState;

import java.util.List;

/**
 * Where consolidated state snapshots go for other processes to read ({@code internal.redis.RedisSnapshots}). The scheduler
 * loop hands it the states changed by each batch, after the batch was applied; an implementation that
 * does I/O must hand them to its own flusher thread and return at once, never block the loop.
 */
public interface StateStore extends AutoCloseable {

    /**
     * One changed state: a job's ({@code jobId != null}) or the workflow's ({@code jobId == null}).
     * When a job with an output succeeded, {@code output} names it and {@code value} is what the job
     * returned (the store appends it to that output's values); otherwise {@code output} is null.
     */
    record Change(String workflowId, String jobId, JobState job, WorkflowState workflow, String output, Object value) {
        public Change(String workflowId, String jobId, JobState job, WorkflowState workflow) {
            this(workflowId, jobId, job, workflow, null, null);
        }
    }

    /** Takes the states changed by one batch, in order. */
    void write(List<Change> changes);

    /**
     * Runs {@code action} once every change written so far is stored (or the store gave up waiting,
     * see the implementation). The loop completes a finished run's future this way, so that await()
     * reports a run finished only once its final state is in the store. Default: at once.
     */
    default void afterFlushed(Runnable action) {
        action.run();
    }

    @Override
    void close();

    /** Stores nothing; the loop skips building changes for it. The engine's own memory is the state. */
    StateStore NONE = new StateStore() {
        @Override
        public void write(List<Change> changes) {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "StateStore.NONE";
        }
    };
}
