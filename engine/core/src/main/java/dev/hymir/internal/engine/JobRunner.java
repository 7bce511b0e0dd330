package dev.hymir.internal.engine;

import dev.hymir.Callback;
import dev.hymir.CheckLater;
import dev.hymir.InvalidJobReturn;
import dev.hymir.InvalidWorkflow;
import dev.hymir.Job;
import dev.hymir.JobResult;
import dev.hymir.Success;
import dev.hymir.WorkflowState;
import dev.hymir.internal.json.Json;
import io.micrometer.observation.Observation;

import java.util.function.Supplier;

/**
 * Runs job attempts and callbacks on the calling thread (a job's own virtual thread): resolves the
 * name through the registry, calls the function through the {@link Invoker}, and fills in the
 * attempt's outcome, with the JSON the journal needs written here rather than in the core.
 */
final class JobRunner {
    private final JobResolver resolver;
    private final boolean journaling;
    private final RunObservations observations; // null: none

    JobRunner(JobResolver resolver, boolean journaling, RunObservations observations) {
        this.resolver = resolver;
        this.journaling = journaling;
        this.observations = observations;
    }

    /** Runs the attempt and records its outcome in it; false if it was abandoned before it began. */
    boolean run(JobExecution x) {
        x.thread = Thread.currentThread();
        if (x.abandoned) {
            x.stopInterrupts();
            return false; // given up before it began (timeout, cancel, close): it never runs
        }
        WorkflowRun run = x.run;
        Job job = run.job(x.job);
        Observation.Scope observed = observations == null ? null : observe(x);
        Throwable thrown = null;
        long started = System.nanoTime();
        try {
            // Resolved here, not in the core: a resolver that throws fails this job, not the core.
            JobResult result = Invoker.invoke(run.compiled.target(x.job, resolver), job, Invoker.Local.job(run, x.job));
            if (result instanceof Success s && job.output() != null) {
                x.payload = toJson(s.result(), () -> run.describe(x.job) + " returned a value for output '"
                        + job.output() + "' that");
            } else if (result instanceof CheckLater later && journaling) {
                x.payload = toJson(later.context(), () -> run.describe(x.job) + " returned a CheckLater context that");
            }
            x.result = result;
        } catch (InvalidWorkflow.UnserializableArgument e) {
            thrown = new InvalidJobReturn(e.getMessage(), e.getCause());
            x.error = Invoker.stackTrace(thrown);
        } catch (Throwable e) {
            thrown = e;
            x.error = Invoker.stackTrace(e);
        }
        x.nanos = System.nanoTime() - started;
        if (observed != null) {
            try {
                observations.jobEnded(observed, x, x.result, thrown);
            } catch (RuntimeException e) { // an observation handler's bug must not lose the job's outcome
                Core.LOG.warn("an observation handler failed ending {}", x, e);
            }
        }
        x.stopInterrupts();
        return true;
    }

    private Observation.Scope observe(JobExecution x) {
        try {
            return observations.jobStarted(x);
        } catch (RuntimeException e) { // an observation handler's bug must not fail the job
            Core.LOG.warn("an observation handler failed starting {}", x, e);
            return null;
        }
    }

    /** Runs a callback; returns its stack trace if it threw, else null. */
    String runCallback(WorkflowRun run, Callback when, Job job, WorkflowState.Status status) {
        try {
            Invoker.invoke(resolver.target(job.name()), job, Invoker.Local.callback(run, when.jsonName(), status));
            return null;
        } catch (Throwable e) {
            return Invoker.stackTrace(e);
        }
    }

    /**
     * Checks that {@code value} serializes; when the engine journals, returns its JSON (written once,
     * here on the job's thread), else null.
     */
    private String toJson(Object value, Supplier<String> what) {
        if (!journaling) {
            Json.requireSerializable(value, what);
            return null;
        }
        try {
            return Json.writeLimited(value, what);
        } catch (InvalidWorkflow.UnserializableArgument e) {
            throw e;
        } catch (RuntimeException e) {
            Json.requireSerializable(value, what); // throws the descriptive UnserializableArgument
            throw e;
        }
    }
}
