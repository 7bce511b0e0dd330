package dev.hymir.spi;

import dev.hymir.JobState;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;

import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * One workflow run as a {@link StateStore} reads it (SPI). Thread-safe, and it shows only what is
 * durable: a state appears here after its journal record is written, never before. Reads are cheap
 * and never block the engine.
 */
public interface RunView {

    /** The run's id. */
    String workflowId();

    /** The workflow the run was started with. */
    Workflow workflow();

    /** The number of jobs. */
    int size();

    /** The run's state now. */
    WorkflowState state();

    /** The state of job {@code index} (job id minus one) now. */
    JobState jobState(int index);

    /**
     * Feeds the index of every job whose state changed since the last call to {@code sink}, and
     * forgets them: a job changed again afterwards is fed again by a later call. One store drains a
     * run; two would each see part of the changes.
     */
    void drainChangedJobs(IntConsumer sink);

    /** Whether the run's own state changed since the last call (then it is forgotten, as above). */
    boolean takeStateChanged();

    /** The output variables the run's jobs write. */
    Set<String> outputNames();

    /** The values of output {@code name} from position {@code from} on, in completion order (a copy). */
    List<Object> outputValues(String name, int from);

    /** The number of values output {@code name} holds now. */
    int outputCount(String name);
}
