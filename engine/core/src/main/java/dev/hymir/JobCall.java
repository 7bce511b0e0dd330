package dev.hymir;

import java.util.List;
import java.util.Map;

/** What a {@link JobHandler} is called with. */
public interface JobCall {
    /** The workflow run's id. */
    String workflowId();

    /** The job's id in its workflow ("1", "2", ...), or the callback's name for a callback. */
    String jobId();

    /** The job's definition. */
    Job job();

    /** Positional args, as set on the job. */
    List<Object> args();

    /** Keyword args, as set on the job. */
    Map<String, Object> kwargs();

    /** Each input's values by parameter name (always the whole list of the output variable). */
    Map<String, List<Object>> inputs();

    /** The context stored by this job's last {@link CheckLater}, empty on its first run. */
    Map<String, Object> context();

    /** How many times this job has been retried so far. */
    int retries();
}
