package dev.hymir.internal.engine;

import dev.hymir.JobState;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.util.List;

/**
 * Where a job call's values come from, besides its {@link dev.hymir.Job}: the values of the outputs it
 * reads and what its reserved inputs resolve to. In this JVM they are read from the run itself
 * ({@link Invoker.Local}); a worker in another process supplies what the coordinator sent it.
 */
public interface CallContext {

    /** The run's id (reserved input {@code workflow_id}). */
    String workflowId();

    /** The job's id ("1", "2", ...), or the callback's name (reserved input {@code job_id}). */
    String jobId();

    /** Whether this is a callback rather than a job of the graph (for messages). */
    boolean isCallback();

    /** The values of output variable {@code output} so far, in completion order (empty if none). */
    List<Object> outputValues(String output);

    /** The run's workflow (reserved input {@code workflow}). */
    Workflow workflow();

    /** The job's own state (reserved input {@code job_state}; {@link dev.hymir.JobCall#context()}, {@code retries()}). */
    JobState jobState();

    /** The run's state (reserved input {@code workflow_state}). */
    WorkflowState workflowState();
}
