package dev.hymir.internal.engine;

import dev.hymir.JobState;
import dev.hymir.WorkflowState;

import java.util.List;

/**
 * Where consolidated state snapshots go for other processes to read (Redis, later). The scheduler
 * loop hands it the states changed by each batch, after the batch was applied; an implementation that
 * does I/O must hand them to its own flusher thread and return at once, never block the loop.
 */
public interface StateStore extends AutoCloseable {

    /** One changed state: a job's ({@code jobId != null}) or the workflow's ({@code jobId == null}). */
    record Change(String workflowId, String jobId, JobState job, WorkflowState workflow) {
    }

    /** Takes the states changed by one batch, in order. */
    void write(List<Change> changes);

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
