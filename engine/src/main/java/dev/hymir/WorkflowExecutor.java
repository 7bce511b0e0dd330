package dev.hymir;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs workflows and answers questions about them. Every method taking a workflow id throws
 * {@link WorkflowDoesNotExist} for an id this executor does not know (never run here, or cleared).
 * Reads ({@code workflowState}, {@code jobState(s)}, {@code progress}, {@code outputs}) never block.
 */
public interface WorkflowExecutor extends AutoCloseable {

    /**
     * Validates and starts {@code wf}; returns the run's id. A bad workflow (unknown job name, wrong
     * arity, ...) throws an {@link InvalidWorkflow} here, before anything runs.
     */
    String run(Workflow wf);

    /** The workflow a run was started with. */
    Workflow workflow(String id);

    /** The run's state now (non-blocking). */
    WorkflowState workflowState(String id);

    /** The state of job {@code jobId} ("1", "2", ...); {@link JobDoesNotExist} for an id not in the workflow. */
    JobState jobState(String id, String jobId);

    /** The state of every job, by job id in id order. */
    Map<String, JobState> jobStates(String id);

    /** The state of the given jobs, in the given order. */
    Map<String, JobState> jobStates(String id, Collection<String> jobIds);

    /** How many jobs have finished (SUCCESS or FAILURE), of how many. */
    Progress progress(String id);

    /** Blocks until the run is finished (its callbacks included) and returns its final state. */
    WorkflowState await(String id);

    /** Like {@link #await(String)}, but returns the current state if the run has not finished in time. */
    WorkflowState await(String id, Duration timeout);

    /** Completes with the final state once the run has finished (its callbacks included). */
    CompletableFuture<WorkflowState> completion(String id);

    /** Each output variable's values, in the order the jobs producing them succeeded. */
    Map<String, List<Object>> outputs(String id);

    /** Forgets a finished run; {@link IllegalStateException} if it has not finished. */
    void clear(String id);

    /** Cancels a run: running jobs are interrupted, nothing new starts, the run ends CANCELLED. */
    void cancel(String id);

    /** Stops the executor; see the implementation for what happens to running workflows. */
    @Override
    void close();
}
