package dev.hymir;

import java.util.concurrent.CompletableFuture;

/**
 * Runs workflows and answers questions about them (the reads are {@link WorkflowReader}'s). Every method taking a workflow id throws
 * {@link WorkflowDoesNotExist} for an id this executor does not know (never run here, or cleared).
 * Reads ({@code workflowState}, {@code jobState(s)}, {@code progress}, {@code outputs}) never block.
 */
public interface WorkflowExecutor extends WorkflowReader {

    /**
     * Validates and starts {@code wf}; returns the run's id. A bad workflow (unknown job name, wrong
     * arity, ...) throws an {@link InvalidWorkflow} here, before anything runs.
     */
    String run(Workflow wf);

    /** Completes with the final state once the run has finished (its callbacks included). */
    CompletableFuture<WorkflowState> completion(String id);

    /** Forgets a finished run; {@link IllegalStateException} if it has not finished. */
    void clear(String id);

    /** Cancels a run: running jobs are interrupted, nothing new starts, the run ends CANCELLED. */
    void cancel(String id);

    /** Stops the executor; see the implementation for what happens to running workflows. */
    @Override
    void close();
}
