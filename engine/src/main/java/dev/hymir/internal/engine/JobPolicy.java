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
    public static final JobPolicy NONE = new JobPolicy(null, null);

    private final long[] timeoutNanos;   // per job: > 0, or 0 for none; null: no job has one
    private final int[] concurrency;     // per job: > 0, or 0 for none; null: no job has one

    private JobPolicy(long[] timeoutNanos, int[] concurrency) {
        this.timeoutNanos = timeoutNanos;
        this.concurrency = concurrency;
    }

    /** Parses the meta of every job; {@link InvalidWorkflow.Malformed} names a job whose value is bad. */
    public static JobPolicy of(Dag dag) {
        long[] timeouts = null;
        int[] limits = null;
        for (int i = 0; i < dag.size(); i++) {
            Job job = dag.job(i);
            if (job.meta().isEmpty()) {
                continue;
            }
            Duration timeout;
            Integer limit;
            try {
                timeout = JobMeta.timeout(job);
                limit = JobMeta.concurrency(job);
            } catch (IllegalArgumentException e) {
                throw new InvalidWorkflow.Malformed(e.getMessage());
            }
            if (timeout != null) {
                if (timeouts == null) {
                    timeouts = new long[dag.size()];
                }
                timeouts[i] = Durations.toNanosSaturated(timeout);
            }
            if (limit != null) {
                if (limits == null) {
                    limits = new int[dag.size()];
                }
                limits[i] = limit;
            }
        }
        return timeouts == null && limits == null ? NONE : new JobPolicy(timeouts, limits);
    }

    /** The job's own timeout in nanoseconds, or 0 when its meta has none. */
    long timeoutNanos(int job) {
        return timeoutNanos == null ? 0 : timeoutNanos[job];
    }

    /** The job's per-name concurrency limit, or 0 when its meta has none. */
    int concurrency(int job) {
        return concurrency == null ? 0 : concurrency[job];
    }

    @Override
    public String toString() {
        return this == NONE ? "JobPolicy.NONE" : "JobPolicy(timeouts " + (timeoutNanos != null)
                + ", limits " + (concurrency == null ? "none" : Arrays.stream(concurrency).filter(c -> c > 0).count() + " jobs") + ")";
    }
}
