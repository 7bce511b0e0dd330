package dev.hymir.internal.engine;

import dev.hymir.CheckLater;
import dev.hymir.Failure;
import dev.hymir.HymirException;
import dev.hymir.JobResult;
import dev.hymir.Retry;
import dev.hymir.Success;
import dev.hymir.WorkflowState;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * A Micrometer {@link Observation} per workflow run and per job attempt, for an engine built with an
 * {@link ObservationRegistry} (with Micrometer Tracing: a trace per workflow, a span per job). Names and
 * low-cardinality tags are bounded (job names, outcomes, statuses); ids are high-cardinality.
 *
 * <p>Jobs run on virtual threads the engine starts, where no observation is current: a job's parent is
 * set explicitly to its run's observation, and the job's is current (its scope open) while the job's
 * code runs, so what the job observes or traces nests under it.
 */
final class RunObservations {
    static final String WORKFLOW = "hymir.workflow";
    static final String JOB = "hymir.job";
    static final String WORKFLOW_ID = "hymir.workflow.id";
    static final String WORKFLOW_STATUS = "hymir.workflow.status";
    static final String JOB_NAME = "hymir.job.name";
    static final String JOB_ID = "hymir.job.id";
    static final String JOB_ATTEMPT = "hymir.job.attempt";
    static final String JOB_OUTCOME = "hymir.job.outcome";

    private final ObservationRegistry registry;

    private RunObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** Null (nothing observed, nothing allocated) without a registry. */
    static RunObservations of(ObservationRegistry registry) {
        return registry == null || registry.isNoop() ? null : new RunObservations(registry);
    }

    /** Starts the run's observation; its parent is whatever is current on the calling thread. */
    Observation workflowStarted(WorkflowRun run) {
        try {
            return Observation.createNotStarted(WORKFLOW, registry)
                    .contextualName("hymir workflow")
                    .highCardinalityKeyValue(WORKFLOW_ID, run.id)
                    .start();
        } catch (RuntimeException e) { // an observation handler's bug must not fail the run
            Core.LOG.warn("an observation handler failed starting workflow {}", run.id, e);
            return null;
        }
    }

    /** Stops the run's observation (on the core: a handler that throws is logged, never fails the pass). */
    void workflowFinished(WorkflowRun run) {
        Observation o = run.observation;
        if (o == null) {
            return;
        }
        run.observation = null;
        try {
            WorkflowState.Status status = run.outcome;
            o.lowCardinalityKeyValue(WORKFLOW_STATUS, status == null ? "unknown" : status.name().toLowerCase());
            if (status == WorkflowState.Status.FAILURE) {
                o.error(new HymirException("workflow '" + run.id + "' failed"));
            }
            o.stop();
        } catch (RuntimeException e) {
            Core.LOG.warn("an observation handler failed stopping workflow {}", run.id, e);
        }
    }

    /** Starts the attempt's observation, a child of its run's, and makes it current on this thread. */
    Observation.Scope jobStarted(JobExecution x) {
        WorkflowRun run = x.run;
        String name = run.job(x.job).name();
        Observation o = Observation.createNotStarted(JOB, registry)
                .contextualName(name)
                .parentObservation(run.observation)
                .lowCardinalityKeyValue(JOB_NAME, name)
                .highCardinalityKeyValue(WORKFLOW_ID, run.id)
                .highCardinalityKeyValue(JOB_ID, x.jobId())
                .highCardinalityKeyValue(JOB_ATTEMPT, Integer.toString(x.attempt))
                .start();
        return o.openScope();
    }

    /** The attempt ended: {@code thrown} if its code threw, else its result. */
    void jobEnded(Observation.Scope scope, JobExecution x, JobResult result, Throwable thrown) {
        Observation o = scope.getCurrentObservation();
        scope.close();
        String outcome;
        if (thrown != null) {
            outcome = "failure";
            o.error(thrown);
        } else {
            outcome = switch (result) {
                case Success s -> "success";
                case Failure f -> {
                    o.error(new HymirException(x.run.describe(x.job) + " returned Failure(" + f.result() + ")"));
                    yield "failure";
                }
                case Retry r -> "retry";
                case CheckLater c -> "check_later";
                case null -> "failure";
            };
        }
        o.lowCardinalityKeyValue(JOB_OUTCOME, outcome);
        o.stop();
    }
}
