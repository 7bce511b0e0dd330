package dev.hymir.internal.engine;

import dev.hymir.InvalidWorkflow;
import dev.hymir.Job;
import dev.hymir.internal.graph.Dag;

import java.time.Duration;
import java.util.Arrays;

/**
 * What each job's meta asks of the core, parsed once per run: its timeout and its per-name
 * concurrency limit. Workflows without meta (most) share {@link #NONE}, which costs nothing per job.
 */
public final class JobPolicy {
    /** No job has a meta timeout or concurrency. */
    public static final JobPolicy NONE = new JobPolicy(null, null, null);

    private final Dag dag;
    private final long[] timeoutNanos;   // per template: > 0, or 0 for none; null: no job has one
    private final int[] concurrency;     // per template: > 0, or 0 for none; null: no job has one

    private JobPolicy(Dag dag, long[] timeoutNanos, int[] concurrency) {
        this.dag = dag;
        this.timeoutNanos = timeoutNanos;
        this.concurrency = concurrency;
    }

    /** Parses the meta of every job; {@link InvalidWorkflow.Malformed} names a job whose value is bad. */
    public static JobPolicy of(Dag dag) {
        int templates = dag.templateCount();
        if (dag.templates().stream().allMatch(job -> job.meta().isEmpty())) {
            return NONE;
        }
        int[] first = firstJobs(dag);
        long[] timeouts = null;
        int[] limits = null;
        for (int t = 0; t < templates; t++) {
            Job job = dag.templateAt(t);
            if (job.meta().isEmpty()) {
                continue;
            }
            Duration timeout;
            Integer limit;
            try {
                timeout = JobMeta.timeout(job, first[t]);
                limit = JobMeta.concurrency(job, first[t]);
            } catch (IllegalArgumentException e) {
                throw new InvalidWorkflow.Malformed(e.getMessage());
            }
            if (timeout != null) {
                if (timeouts == null) {
                    timeouts = new long[templates];
                }
                timeouts[t] = Durations.toNanosSaturated(timeout);
            }
            if (limit != null) {
                if (limits == null) {
                    limits = new int[templates];
                }
                limits[t] = limit;
            }
        }
        return timeouts == null && limits == null ? NONE : new JobPolicy(dag, timeouts, limits);
    }

    /** Per template, the id of the first job that is it (for messages). */
    private static int[] firstJobs(Dag dag) {
        int[] first = new int[dag.templateCount()];
        for (int i = dag.size() - 1; i >= 0; i--) {
            first[dag.templateIndex(i)] = i + 1;
        }
        return first;
    }

    /** The job's own timeout in nanoseconds, or 0 when its meta has none. */
    long timeoutNanos(int job) {
        return timeoutNanos == null ? 0 : timeoutNanos[dag.templateIndex(job)];
    }

    /** The job's per-name concurrency limit, or 0 when its meta has none. */
    int concurrency(int job) {
        return concurrency == null ? 0 : concurrency[dag.templateIndex(job)];
    }

    @Override
    public String toString() {
        return this == NONE ? "JobPolicy.NONE" : "JobPolicy(timeouts " + (timeoutNanos != null)
                + ", limits " + (concurrency == null ? "none" : Arrays.stream(concurrency).filter(c -> c > 0).count() + " jobs") + ")";
    }
}
