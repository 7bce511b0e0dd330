package dev.hymir.internal.engine;

import com.fasterxml.jackson.databind.JavaType;
import dev.hymir.HymirException;
import dev.hymir.Job;
import dev.hymir.JobCall;
import dev.hymir.JobResult;
import dev.hymir.JobState;
import dev.hymir.Success;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.internal.ReservedInputs;
import dev.hymir.internal.json.Json;
import dev.hymir.internal.registry.JobTarget;
import dev.hymir.internal.registry.Param;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls a job function on the job's own (virtual) thread: binds args, kwargs, inputs and reserved
 * inputs to parameters, converts values to the declared types with Jackson, and turns what comes
 * back into a {@link JobResult}. Its values come from a {@link CallContext}: in this JVM the run's
 * shown state (outputs, states), which the core published before it dispatched the job, so the values
 * the job's predecessors produced are there; on a worker elsewhere, what the coordinator sent.
 *
 * <p>Binding: positional args first; kwargs by parameter name; then each input whose parameter has
 * no explicit kwarg (an explicit kwarg wins). A {@code List}/{@code Collection} parameter receives
 * the input's whole list; a single-valued parameter receives its one value, {@code null} when the
 * variable has no value yet, and the job fails naming the input when it has more than one.
 */
public final class Invoker {

    /**
     * A call in this JVM: values read from the run's shown state. One small record per call (the same
     * allocation as before {@link CallContext} existed).
     */
    record Local(WorkflowRun run, int index, String callbackName, WorkflowState.Status callbackStatus) implements CallContext {
        static Local job(WorkflowRun run, int index) {
            return new Local(run, index, null, null);
        }

        /** A callback sees the status the workflow is about to end with. */
        static Local callback(WorkflowRun run, String name, WorkflowState.Status status) {
            return new Local(run, -1, name, status);
        }

        @Override
        public String workflowId() {
            return run.id();
        }

        /** The job's id ("index + 1", made when asked), or the callback's name. */
        @Override
        public String jobId() {
            return index >= 0 ? Integer.toString(index + 1) : callbackName;
        }

        @Override
        public boolean isCallback() {
            return index < 0;
        }

        @Override
        public List<Object> outputValues(String output) {
            return run.outputValues(output);
        }

        @Override
        public Workflow workflow() {
            return run.workflow();
        }

        @Override
        public JobState jobState() {
            return index >= 0 ? run.jobState(index) : new JobState(JobState.Status.STARTING, 0, Map.of(), null);
        }

        @Override
        public WorkflowState workflowState() {
            return callbackStatus != null ? new WorkflowState(callbackStatus) : run.state();
        }
    }

    private Invoker() {
    }

    /** Binds and calls {@code target} on the calling thread; what it returns as a {@link JobResult}. */
    public static JobResult invoke(JobTarget target, Job job, CallContext ctx) throws Exception {
        Object value;
        if (target instanceof JobTarget.MethodTarget m) {
            Object[] argv = bind(m, job, ctx);
            try {
                value = m.method().invoke(m.receiver(), argv);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        } else {
            JobTarget.HandlerTarget h = (JobTarget.HandlerTarget) target;
            value = h.handler().handle(new Call(job, ctx, inputsByParameter(job, ctx)));
        }
        if (value == null) {
            return Success.empty(); // shared: most jobs return nothing
        }
        return value instanceof JobResult r ? r : new Success(value);
    }

    private static Object[] bind(JobTarget.MethodTarget m, Job job, CallContext ctx) {
        List<Param> params = m.params();
        Object[] argv = new Object[params.size()];
        List<Object> args = job.args();
        for (int i = 0; i < args.size(); i++) {
            argv[i] = convert(args.get(i), params.get(i));
        }
        if (job.kwargs().isEmpty() && job.inputs().isEmpty()) {
            return argv;
        }
        Map<String, Param> byName = new HashMap<>();
        for (Param p : params) {
            if (p.name() != null) {
                byName.put(p.name(), p);
            }
        }
        for (Map.Entry<String, Object> e : job.kwargs().entrySet()) {
            Param p = byName.get(e.getKey());
            argv[p.position()] = convert(e.getValue(), p); // JobRegistry.validate checked it exists
        }
        for (Job.Input input : job.inputs()) {
            if (job.kwargs().containsKey(input.parameter())) {
                continue;
            }
            Param p = byName.get(input.parameter());
            String reserved = ReservedInputs.canonical(input.output());
            if (reserved != null) {
                argv[p.position()] = convert(reservedValue(reserved, ctx), p);
                continue;
            }
            List<Object> values = ctx.outputValues(input.output());
            if (p.multiValued()) {
                argv[p.position()] = convert(values, p);
            } else if (values.size() > 1) {
                throw new HymirException("input '" + input + "' of " + who(job, ctx) + " has " + values.size()
                        + " values but parameter '" + p.name() + "' takes one: declare it as a List to receive them all");
            } else {
                argv[p.position()] = values.isEmpty() ? null : convert(values.get(0), p);
            }
        }
        return argv;
    }

    private static Map<String, List<Object>> inputsByParameter(Job job, CallContext ctx) {
        if (job.inputs().isEmpty()) {
            return Map.of();
        }
        Map<String, List<Object>> inputs = new LinkedHashMap<>();
        for (Job.Input input : job.inputs()) {
            String reserved = ReservedInputs.canonical(input.output());
            inputs.put(input.parameter(), reserved != null
                    ? Collections.singletonList(reservedValue(reserved, ctx))
                    : ctx.outputValues(input.output()));
        }
        return Collections.unmodifiableMap(inputs);
    }

    private static Object reservedValue(String canonical, CallContext ctx) {
        return switch (canonical) {
            case ReservedInputs.WORKFLOW_ID -> ctx.workflowId();
            case ReservedInputs.JOB_ID -> ctx.jobId();
            case ReservedInputs.WORKFLOW -> ctx.workflow();
            case ReservedInputs.JOB_STATE -> ctx.jobState();
            case ReservedInputs.WORKFLOW_STATE -> ctx.workflowState();
            default -> throw new IllegalStateException("unhandled reserved input " + canonical);
        };
    }

    /** Values of the declared type pass as they are; anything else goes through Jackson. */
    private static Object convert(Object value, Param p) {
        if (value == null) {
            return null;
        }
        Type type = p.type();
        if (type instanceof Class<?> c && !c.isPrimitive() && c.isInstance(value)) {
            return value;
        }
        JavaType javaType = Json.MAPPER.getTypeFactory().constructType(type);
        try {
            return Json.MAPPER.convertValue(value, javaType);
        } catch (IllegalArgumentException e) {
            throw new HymirException("cannot convert " + value.getClass().getName() + " to " + type.getTypeName()
                    + " for parameter '" + p.name() + "': " + e.getMessage(), e);
        }
    }

    private static String who(Job job, CallContext ctx) {
        return !ctx.isCallback() ? "job " + ctx.jobId() + " (" + job.name() + ")" : ctx.jobId() + " callback (" + job.name() + ")";
    }

    /** The full stack trace of {@code e}, as a failed job's exception text. */
    public static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** The {@link JobCall} a {@link dev.hymir.JobHandler} receives. */
    private record Call(Job job, CallContext ctx, Map<String, List<Object>> inputs) implements JobCall {
        @Override
        public String workflowId() {
            return ctx.workflowId();
        }

        @Override
        public String jobId() {
            return ctx.jobId();
        }

        @Override
        public List<Object> args() {
            return job.args();
        }

        @Override
        public Map<String, Object> kwargs() {
            return job.kwargs();
        }

        @Override
        public Map<String, Object> context() {
            return ctx.jobState().context();
        }

        @Override
        public int retries() {
            return ctx.jobState().retries();
        }
    }
}
