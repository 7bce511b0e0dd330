package dev.hymir.internal.workers;

import dev.hymir.CheckLater;
import dev.hymir.Failure;
import dev.hymir.HymirException;
import dev.hymir.InvalidJobReturn;
import dev.hymir.InvalidWorkflow;
import dev.hymir.JobResult;
import dev.hymir.Retry;
import dev.hymir.Success;
import dev.hymir.Workflow;
import dev.hymir.internal.engine.Invoker;
import dev.hymir.internal.json.Json;
import dev.hymir.internal.registry.JobTarget;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one taken entry's job on its virtual thread, as the engine's own runner would: decode the call,
 * bind and invoke through the {@link Invoker}, and turn the result into an {@link Outcomes.Outcome}
 * (with the JSON the coordinator journals written here, and an output Jackson cannot write failing the
 * job with the same message as in one JVM).
 */
final class JobCalls {
    private final Worker worker;
    /** Workflows read for the reserved input "workflow", most recent few. */
    private final Map<String, Workflow> workflows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Workflow> eldest) {
            return size() > 8;
        }
    };

    private final java.util.concurrent.ConcurrentHashMap<Object, Boolean> checkedShapes = new java.util.concurrent.ConcurrentHashMap<>();

    JobCalls(Worker worker) {
        this.worker = worker;
    }

    void run(Held h) {
        h.thread = Thread.currentThread();
        Outcomes.Outcome outcome = null;
        try {
            if (!h.abandoned) { // handed back before it began: it never runs here
                outcome = call(h);
            }
        } finally {
            h.thread = null;
            if (outcome != null && !h.abandoned) {
                h.done = true;
                worker.sender.send(h, outcome);
            }
            worker.jobEnded();
        }
    }

    private Outcomes.Outcome call(Held h) {
        long sent = h.sentMicros();
        long wait = sent < 0 ? -1 : Math.max(0, Streams.epochMicros() - sent);
        long start = System.nanoTime();
        String name = h.name();
        String who = "job " + h.jobId + " (" + name + ")";
        try {
            JobTarget target = worker.jobs.target(name);
            if (target == null) {
                throw new InvalidWorkflow.UnknownJob(name, "unknown job '" + name + "'");
            }
            RemoteCall call = CallCodec.decode(h.workflowId, h.jobId, name, h.fields.get(Streams.CALL), worker.jobs, worker::workflow);
            checkShape(call.job, "job " + h.jobId);
            JobResult result = Invoker.invoke(target, call.job, call);
            long nanos = System.nanoTime() - start;
            return switch (result) {
                case Success s -> new Outcomes.Outcome(h.workflowId, h.jobId, h.attempt, Outcomes.SUCCESS,
                        call.job.output() == null ? null : toJson(s.result(), who + " returned a value for output '"
                                + call.job.output() + "' that"), null, 0, 0, null, nanos, wait);
                case Failure f -> new Outcomes.Outcome(h.workflowId, h.jobId, h.attempt, Outcomes.FAILURE, null,
                        String.valueOf(f.result()), 0, 0, null, nanos, wait);
                case Retry r -> new Outcomes.Outcome(h.workflowId, h.jobId, h.attempt, Outcomes.RETRY, null, null,
                        nanos(r.waitMin()), nanos(r.waitMax()), r.maxRetries(), nanos, wait);
                case CheckLater c -> new Outcomes.Outcome(h.workflowId, h.jobId, h.attempt, Outcomes.CHECK_LATER,
                        toJson(c.context(), who + " returned a CheckLater context that"), null, nanos(c.waitFor()),
                        nanos(c.waitFor()), null, nanos, wait);
            };
        } catch (InvalidWorkflow.UnserializableArgument e) {
            return Outcomes.Outcome.error(h.workflowId, h.jobId, h.attempt,
                    Invoker.stackTrace(new InvalidJobReturn(e.getMessage(), e.getCause())), wait);
        } catch (Throwable e) {
            return Outcomes.Outcome.error(h.workflowId, h.jobId, h.attempt, Invoker.stackTrace(e), wait);
        }
    }

    /** Checks each shape of call (name, arg count, kwarg names, inputs) once: a Group of 10^6 like jobs is one check. */
    private void checkShape(dev.hymir.Job job, String where) {
        Object shape = java.util.List.of(job.name(), job.args().size(), job.kwargs().keySet(), job.inputs());
        if (!checkedShapes.containsKey(shape)) {
            worker.jobs.check(job, where);
            if (checkedShapes.size() < 10_000) {
                checkedShapes.put(shape, Boolean.TRUE);
            }
        }
    }

    private static String toJson(Object value, String what) {
        try {
            return WireJson.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            Json.requireSerializable(value, () -> what); // throws the descriptive UnserializableArgument
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + " to JSON: " + e.getMessage(), e);
        }
    }

    /** A duration in nanoseconds, saturated (a wait of centuries stays a long). */
    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    Workflow workflow(String workflowId) {
        synchronized (workflows) {
            Workflow wf = workflows.get(workflowId);
            if (wf != null) {
                return wf;
            }
        }
        String json = worker.redis.get(Streams.definition(workflowId));
        if (json == null) {
            throw new HymirException("workflow " + workflowId + " is not in Redis (" + Streams.definition(workflowId)
                    + "): a job asked for the reserved input 'workflow', which its coordinator writes there");
        }
        Workflow wf = Workflow.fromJson(json);
        synchronized (workflows) {
            workflows.put(workflowId, wf);
        }
        return wf;
    }
}
