package dev.hymir;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads workflows and their states; never changes them. {@link HymirEngine} answers from the runs it
 * holds, {@code RedisExecutor} (hymir-redis) from the Redis snapshots any engine (or Python Hymir) wrote. Every
 * method taking a workflow id throws {@link WorkflowDoesNotExist} for an id the reader does not know,
 * and {@link IllegalArgumentException} naming the parameter for a {@code null} argument.
 */
public interface WorkflowReader extends AutoCloseable {

    /**
     * The ids of the workflows this reader knows now, in no particular order (a snapshot: runs
     * started or cleared afterwards are not reflected).
     */
    List<String> workflowIds();

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

    /** Each output variable's values, in the order the jobs producing them succeeded. */
    Map<String, List<Object>> outputs(String id);

    /** Blocks until the run is finished (its callbacks included) and returns its final state. */
    WorkflowState await(String id);

    /** Like {@link #await(String)}, but returns the current state if the run has not finished in time. */
    WorkflowState await(String id, Duration timeout);

    /** Releases what the reader holds (connections); the engine's close stops the engine. */
    @Override
    void close();
}
