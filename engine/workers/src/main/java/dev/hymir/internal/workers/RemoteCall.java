package dev.hymir.internal.workers;

import dev.hymir.Job;
import dev.hymir.JobState;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.internal.engine.CallContext;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A job call as a worker received it: the job (name, args, kwargs, output, inputs, meta) and the
 * values the coordinator sent for its inputs and reserved inputs. The worker's {@link
 * dev.hymir.internal.engine.Invoker} binds from it exactly as it binds from a run in the engine's JVM.
 */
final class RemoteCall implements CallContext {
    final String workflowId;
    final String jobId;
    final Job job;
    private final Map<String, List<Object>> outputs;
    private final int retries;
    private final Map<String, Object> context;
    private final WorkflowState.Status workflowStatus;
    private final Function<String, Workflow> workflows;

    RemoteCall(String workflowId, String jobId, Job job, Map<String, List<Object>> outputs, int retries,
               Map<String, Object> context, WorkflowState.Status workflowStatus, Function<String, Workflow> workflows) {
        this.workflowId = workflowId;
        this.jobId = jobId;
        this.job = job;
        this.outputs = outputs;
        this.retries = retries;
        this.context = context;
        this.workflowStatus = workflowStatus;
        this.workflows = workflows;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public boolean isCallback() {
        return false;
    }

    @Override
    public List<Object> outputValues(String output) {
        List<Object> values = outputs.get(output);
        return values == null ? List.of() : values;
    }

    /** Read from Redis when asked (the coordinator wrote it there for jobs that ask for it). */
    @Override
    public Workflow workflow() {
        return workflows.apply(workflowId);
    }

    @Override
    public JobState jobState() {
        return new JobState(JobState.Status.STARTING, retries, context, null);
    }

    @Override
    public WorkflowState workflowState() {
        return new WorkflowState(workflowStatus);
    }
}
