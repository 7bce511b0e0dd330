package dev.hymir.internal.workers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.hymir.Job;
import dev.hymir.JobState;
import dev.hymir.WorkflowState;
import dev.hymir.internal.ReservedInputs;
import dev.hymir.internal.json.Json;
import dev.hymir.spi.JobTicket;
import dev.hymir.spi.RunView;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The bound call a queue entry carries (field {@code c}), as compact JSON: what the job is (args
 * {@code a}, kwargs {@code k}, output {@code o}, inputs {@code i}, meta {@code m}) and the values its
 * inputs bind: {@code v} each read output's values, {@code r}/{@code x} the job's retries and
 * CheckLater context (when not zero/empty), {@code ws} the workflow's status and {@code wf} a flag
 * (the worker reads the workflow from Redis) for jobs that ask for those reserved inputs. Empty parts
 * are left out: a no-op job's call is {@code {}}.
 */
final class CallCodec {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private CallCodec() {
    }

    /** What a job asks of the reserved inputs that cost something to send. */
    record Needs(boolean workflow, boolean workflowState) {
        static final Needs NONE = new Needs(false, false);

        static Needs of(Job job) {
            if (job.inputs().isEmpty()) {
                return NONE;
            }
            boolean wf = false;
            boolean ws = false;
            for (Job.Input in : job.inputs()) {
                String reserved = ReservedInputs.canonical(in.output());
                wf |= ReservedInputs.WORKFLOW.equals(reserved);
                ws |= ReservedInputs.WORKFLOW_STATE.equals(reserved);
            }
            return wf || ws ? new Needs(wf, ws) : NONE;
        }
    }

    /** The call of {@code ticket}, with the values its inputs read now (the run shows only what is durable). */
    static String encode(JobTicket ticket, Needs needs) {
        Job job = ticket.job();
        RunView run = ticket.run();
        StringWriter out = new StringWriter(32);
        try (JsonGenerator g = WireJson.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            if (!job.args().isEmpty()) {
                g.writeFieldName("a");
                g.writeObject(job.args());
            }
            if (!job.kwargs().isEmpty()) {
                g.writeFieldName("k");
                g.writeObject(job.kwargs());
            }
            if (job.output() != null) {
                g.writeStringField("o", job.output());
            }
            if (!job.meta().isEmpty()) {
                g.writeFieldName("m");
                g.writeObject(job.meta());
            }
            if (!job.inputs().isEmpty()) {
                writeInputs(g, job, run);
            }
            JobState state = run.jobState(Integer.parseInt(ticket.jobId()) - 1);
            if (state.retries() > 0) {
                g.writeNumberField("r", state.retries());
            }
            if (state.context() != null && !state.context().isEmpty()) {
                g.writeFieldName("x");
                g.writeObject(state.context());
            }
            if (needs.workflowState()) {
                g.writeStringField("ws", run.state().status().name());
            }
            if (needs.workflow()) {
                g.writeBooleanField("wf", true);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the call of job " + ticket.jobId() + " (" + job.name() + ")", e);
        }
        return out.toString();
    }

    private static void writeInputs(JsonGenerator g, Job job, RunView run) throws IOException {
        g.writeArrayFieldStart("i");
        Set<String> read = new LinkedHashSet<>();
        for (Job.Input in : job.inputs()) {
            if (in.isRenamed()) {
                g.writeStartArray();
                g.writeString(in.output());
                g.writeString(in.parameter());
                g.writeEndArray();
            } else {
                g.writeString(in.output());
            }
            if (!ReservedInputs.isReserved(in.output())) {
                read.add(in.output()); // (a handler sees every input's values, even one a kwarg overrides)
            }
        }
        g.writeEndArray();
        if (!read.isEmpty()) {
            g.writeObjectFieldStart("v");
            for (String output : read) {
                g.writeFieldName(output);
                g.writeObject(run.outputValues(output, 0));
            }
            g.writeEndObject();
        }
    }

    /** A worker's view of the call; {@code workflows} reads a workflow when the job asks for it. */
    @SuppressWarnings("unchecked")
    static RemoteCall decode(String workflowId, String jobId, String name, String call, WorkerJobs jobs,
                             Function<String, dev.hymir.Workflow> workflows) {
        Map<String, Object> m;
        try {
            m = call.equals("{}") ? Map.of() : WireJson.MAPPER.readValue(call, MAP);
        } catch (IOException e) {
            throw new IllegalArgumentException("job " + jobId + " (" + name + ") of workflow " + workflowId
                    + " came with a call that is not JSON: " + e.getMessage(), e);
        }
        List<Object> args = (List<Object>) m.getOrDefault("a", List.of());
        Map<String, Object> kwargs = (Map<String, Object>) m.getOrDefault("k", Map.of());
        String output = (String) m.get("o");
        Map<String, Object> meta = (Map<String, Object>) m.getOrDefault("m", Map.of());
        List<Job.Input> inputs = List.of();
        Object in = m.get("i");
        if (in instanceof List<?> list && !list.isEmpty()) {
            inputs = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o instanceof List<?> pair) {
                    inputs.add(new Job.Input((String) pair.get(0), (String) pair.get(1)));
                } else {
                    inputs.add(new Job.Input((String) o, (String) o));
                }
            }
        }
        Map<String, List<Object>> values = (Map<String, List<Object>>) m.getOrDefault("v", Map.of());
        int retries = m.get("r") instanceof Number n ? n.intValue() : 0;
        Map<String, Object> context = (Map<String, Object>) m.getOrDefault("x", Map.of());
        Object ws = m.get("ws");
        WorkflowState.Status status = ws == null ? WorkflowState.Status.RUNNING : WorkflowState.Status.valueOf(ws.toString());
        Job job = jobs.job(name, args, kwargs, output, inputs, meta);
        return new RemoteCall(workflowId, jobId, job, values, retries, context, status, workflows);
    }
}
