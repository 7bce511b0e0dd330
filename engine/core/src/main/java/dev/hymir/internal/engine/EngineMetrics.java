package dev.hymir.internal.engine;

import dev.hymir.WorkflowState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The engine's Micrometer meters. Called by the core (one pass at a time, but not always from the
 * same thread), so the per-job-name timer cache is a concurrent map; meters are looked up once and
 * then only incremented. Without a registry every method returns at once.
 */
final class EngineMetrics {
    static final String JOBS_STARTED = "hymir.jobs.started";
    static final String JOBS_FINISHED = "hymir.jobs.finished";
    static final String JOBS_ABANDONED = "hymir.jobs.abandoned";
    static final String JOB_DURATION = "hymir.job.duration";
    static final String WORKFLOWS_ACTIVE = "hymir.workflows.active";
    static final String WORKFLOWS_FINISHED = "hymir.workflows.finished";
    static final String SCHEDULER_READY = "hymir.scheduler.ready";
    static final String SCHEDULER_BATCH_SIZE = "hymir.scheduler.batch.size";
    static final String TIMERS_PENDING = "hymir.timers.pending";

    enum Outcome { SUCCESS, FAILURE, RETRY, CHECK_LATER }

    private final MeterRegistry registry;
    private final Counter started;
    private final Counter abandoned;
    private final Map<Outcome, Counter> finished = new EnumMap<>(Outcome.class);
    private final Map<WorkflowState.Status, Counter> workflowsFinished = new EnumMap<>(WorkflowState.Status.class);
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final DistributionSummary batchSize;

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        if (registry == null) {
            started = null;
            abandoned = null;
            batchSize = null;
            return;
        }
        started = Counter.builder(JOBS_STARTED).description("job attempts dispatched").register(registry);
        abandoned = Counter.builder(JOBS_ABANDONED)
                .description("timed-out jobs whose thread was still running: its slot was freed, its late outcome is ignored")
                .register(registry);
        for (Outcome o : Outcome.values()) {
            finished.put(o, Counter.builder(JOBS_FINISHED).tag("outcome", o.name().toLowerCase())
                    .description("job runs that ended, by outcome").register(registry));
        }
        for (WorkflowState.Status s : WorkflowState.Status.values()) {
            if (s.isFinished()) {
                workflowsFinished.put(s, Counter.builder(WORKFLOWS_FINISHED).tag("status", s.name().toLowerCase())
                        .description("workflow runs that ended, by status").register(registry));
            }
        }
        Gauge.builder(WORKFLOWS_ACTIVE, active, AtomicInteger::get).description("workflow runs not yet finished")
                .register(registry);
        batchSize = DistributionSummary.builder(SCHEDULER_BATCH_SIZE)
                .description("events applied per pass of the core").register(registry);
    }

    /** Registers the gauges read from the core's own counters (read racily: a gauge is a sample). */
    void gauges(IntSupplier readyDepth, IntSupplier timersPending) {
        if (registry == null) {
            return;
        }
        Gauge.builder(SCHEDULER_READY, readyDepth, s -> s.getAsInt())
                .description("jobs ready to run but waiting for a concurrency slot").register(registry);
        Gauge.builder(TIMERS_PENDING, timersPending, s -> s.getAsInt())
                .description("Retry / CheckLater delays and job timeouts pending").register(registry);
    }

    void jobStarted() {
        if (started != null) {
            started.increment();
        }
    }

    void jobAbandoned() {
        if (abandoned != null) {
            abandoned.increment();
        }
    }

    void jobFinished(String jobName, Outcome outcome, long nanos) {
        if (registry == null) {
            return;
        }
        finished.get(outcome).increment();
        durations.computeIfAbsent(jobName, name -> Timer.builder(JOB_DURATION).tag("job", name)
                .description("time a job run took").register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void workflowStarted() {
        active.incrementAndGet();
    }

    void workflowFinished(WorkflowState.Status status) {
        active.decrementAndGet();
        Counter c = workflowsFinished.get(status);
        if (c != null) {
            c.increment();
        }
    }

    void batch(int size) {
        if (batchSize != null && size > 0) {
            batchSize.record(size);
        }
    }
}
