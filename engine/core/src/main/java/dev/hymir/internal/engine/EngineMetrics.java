package dev.hymir.internal.engine;

import dev.hymir.WorkflowState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The engine's Micrometer meters and Observations. Called by the core (one pass at a time, but not
 * always from the same thread). The meters exist only once {@link #bind bound} to a registry (at
 * build, or later through the engine's {@code MeterBinder}): until then every method is one read of a
 * volatile field and a null check, with no allocation and no clock read. Every meter is tagged
 * {@code engine=<name>}, so two engines on one registry have their own, and {@link #unbind} removes
 * them (and any other meter tagged with the engine's name, such as the journal's) when the engine closes.
 */
final class EngineMetrics {
    static final String ENGINE_TAG = "engine";
    static final String JOB_NAME_TAG = "job_name";
    static final String JOBS_STARTED = "hymir.jobs.started";
    static final String JOBS_FINISHED = "hymir.jobs.finished";
    static final String JOBS_ABANDONED = "hymir.jobs.abandoned";
    static final String JOB_DURATION = "hymir.job.duration";
    static final String WORKFLOWS_ACTIVE = "hymir.workflows.active";
    static final String WORKFLOWS_FINISHED = "hymir.workflows.finished";
    static final String SCHEDULER_READY = "hymir.scheduler.ready";
    static final String SCHEDULER_BATCH_SIZE = "hymir.scheduler.batch.size";
    static final String TIMERS_PENDING = "hymir.timers.pending";
    static final String PASS_DURATION = "hymir.core.pass.duration";
    static final String REPORTS_WAITING = "hymir.core.reports.waiting";
    static final String JOURNAL_RECORDS = "hymir.journal.records";
    static final String JOURNAL_BATCH_SIZE = "hymir.journal.batch.size";
    static final String JOURNAL_COMMIT = "hymir.journal.commit.duration";
    static final String JOURNAL_REPLAY_RECORDS = "hymir.journal.replay.records";
    static final String JOURNAL_REPLAY_DURATION = "hymir.journal.replay.duration";

    enum Outcome { SUCCESS, FAILURE, RETRY, CHECK_LATER }

    /** The meters of one binding; created once, then only incremented. */
    private static final class Meters {
        final MeterRegistry registry;
        final String engine;
        final Tags tags;
        final Counter started;
        final Counter abandoned;
        final Counter[] finished = new Counter[Outcome.values().length];
        final Map<WorkflowState.Status, Counter> workflowsFinished = new EnumMap<>(WorkflowState.Status.class);
        final Map<String, Timer> durations = new ConcurrentHashMap<>();
        final DistributionSummary batchSize;
        final Timer pass;
        final LongAdder reportsPushed = new LongAdder();
        volatile long reportsTaken; // written by the core only
        final Counter journalRecords;
        final DistributionSummary journalBatch;
        final Timer commit;

        Meters(MeterRegistry registry, String engine, EngineMetrics m) {
            this.registry = registry;
            this.engine = engine;
            this.tags = Tags.of(ENGINE_TAG, engine);
            started = Counter.builder(JOBS_STARTED).tags(tags).description("job attempts dispatched").register(registry);
            abandoned = Counter.builder(JOBS_ABANDONED).tags(tags)
                    .description("timed-out jobs whose thread was still running: its slot was freed, its late outcome is ignored")
                    .register(registry);
            for (Outcome o : Outcome.values()) {
                finished[o.ordinal()] = Counter.builder(JOBS_FINISHED).tags(tags).tag("outcome", o.name().toLowerCase())
                        .description("job runs that ended, by outcome").register(registry);
            }
            for (WorkflowState.Status s : WorkflowState.Status.values()) {
                if (s.isFinished()) {
                    workflowsFinished.put(s, Counter.builder(WORKFLOWS_FINISHED).tags(tags).tag("status", s.name().toLowerCase())
                            .description("workflow runs that ended, by status").register(registry));
                }
            }
            batchSize = DistributionSummary.builder(SCHEDULER_BATCH_SIZE).tags(tags)
                    .description("events applied per pass of the core").register(registry);
            pass = Timer.builder(PASS_DURATION).tags(tags)
                    .description("time of one pass of the core: apply, admit, journal, publish, release").register(registry);
            journalRecords = Counter.builder(JOURNAL_RECORDS).tags(tags)
                    .description("transitions appended to the journal").register(registry);
            journalBatch = DistributionSummary.builder(JOURNAL_BATCH_SIZE).tags(tags)
                    .description("transitions per journal append (one per pass: group commit)").register(registry);
            commit = Timer.builder(JOURNAL_COMMIT).tags(tags)
                    .description("time of one journal append, until it is as durable as the journal promises").register(registry);
            // Gauges last: a registry that already had this engine's gauge would keep the old one.
            Gauge.builder(WORKFLOWS_ACTIVE, m.active, AtomicInteger::get).tags(tags)
                    .description("workflow runs not yet finished").register(registry);
            Gauge.builder(SCHEDULER_READY, m.readyDepth, IntSupplier::getAsInt).tags(tags)
                    .description("jobs ready to run but waiting for a concurrency slot").register(registry);
            Gauge.builder(TIMERS_PENDING, m.timersPending, IntSupplier::getAsInt).tags(tags)
                    .description("Retry / CheckLater delays and job timeouts pending").register(registry);
            Gauge.builder(REPORTS_WAITING, this, x -> Math.max(0, x.reportsPushed.sum() - x.reportsTaken)).tags(tags)
                    .description("job outcomes reported and not yet applied by the core").register(registry);
            if (m.replayNanos >= 0) {
                FunctionCounter.builder(JOURNAL_REPLAY_RECORDS, m, x -> x.replayRecords).tags(tags)
                        .description("transitions replayed from the journal when the engine was built").register(registry);
                TimeGauge.builder(JOURNAL_REPLAY_DURATION, m, TimeUnit.NANOSECONDS, x -> x.replayNanos).tags(tags)
                        .description("time the replay of the journal took when the engine was built").register(registry);
            }
        }
    }

    private volatile Meters meters;
    private final AtomicInteger active = new AtomicInteger();
    private final RunObservations observations;
    private IntSupplier readyDepth = () -> 0;
    private IntSupplier timersPending = () -> 0;
    private long replayRecords;
    private long replayNanos = -1; // -1: the engine has no journal

    EngineMetrics(RunObservations observations) {
        this.observations = observations;
    }

    /** The core's own counters the gauges read (racily: a gauge is a sample). Before {@link #bind}. */
    void gauges(IntSupplier readyDepth, IntSupplier timersPending) {
        this.readyDepth = readyDepth;
        this.timersPending = timersPending;
    }

    /**
     * Registers the meters in {@code registry}, tagged with the engine's name: {@code name}, or (null)
     * the first of hymir, hymir-2, hymir-3... that no open engine uses there. Returns the name. Binding
     * the registry already bound does nothing; another one, or a name in use, is refused.
     */
    synchronized String bind(MeterRegistry registry, String name) {
        Meters m = meters;
        if (m != null) {
            if (m.registry == registry) {
                return m.engine;
            }
            throw new IllegalStateException("this engine's meters are bound to " + m.registry
                    + " already; an engine binds one MeterRegistry (use a CompositeMeterRegistry for several)");
        }
        synchronized (registry) { // two engines binding at once must not pick the same name
            String engine = name;
            if (engine == null) {
                engine = "hymir";
                for (int i = 2; inUse(registry, engine); i++) {
                    engine = "hymir-" + i;
                }
            } else if (inUse(registry, engine)) {
                throw new IllegalStateException("an open engine named '" + engine + "' has meters in this MeterRegistry"
                        + " already: give each engine on a registry its own name (HymirEngine.Builder.name)");
            }
            meters = new Meters(registry, engine, this);
            return engine;
        }
    }

    private static boolean inUse(MeterRegistry registry, String engine) {
        return registry.find(WORKFLOWS_ACTIVE).tag(ENGINE_TAG, engine).gauge() != null;
    }

    /** Removes every meter of the registry tagged with this engine's name (the engine closed). */
    synchronized void unbind() {
        Meters m = meters;
        if (m == null) {
            return;
        }
        meters = null;
        for (Meter meter : m.registry.getMeters()) {
            if (m.engine.equals(meter.getId().getTag(ENGINE_TAG))) {
                m.registry.remove(meter);
            }
        }
    }

    void jobStarted() {
        Meters m = meters;
        if (m != null) {
            m.started.increment();
        }
    }

    void jobAbandoned() {
        Meters m = meters;
        if (m != null) {
            m.abandoned.increment();
        }
    }

    void jobFinished(String jobName, Outcome outcome, long nanos) {
        Meters m = meters;
        if (m == null) {
            return;
        }
        m.finished[outcome.ordinal()].increment();
        Timer t = m.durations.get(jobName);
        if (t == null) {
            t = m.durations.computeIfAbsent(jobName, name -> Timer.builder(JOB_DURATION).tags(m.tags).tag(JOB_NAME_TAG, name)
                    .description("time a job run took").register(m.registry));
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A run was submitted (on the caller's thread: its observation's parent is the caller's current one) or resumed. */
    void workflowStarted(WorkflowRun run) {
        active.incrementAndGet();
        if (observations != null) {
            run.observation = observations.workflowStarted(run);
        }
    }

    void workflowFinished(WorkflowRun run) {
        active.decrementAndGet();
        if (observations != null) {
            observations.workflowFinished(run);
        }
        Meters m = meters;
        if (m != null) {
            Counter c = m.workflowsFinished.get(run.outcome);
            if (c != null) {
                c.increment();
            }
        }
    }

    RunObservations observations() {
        return observations;
    }

    /** A report goes onto the core's stack; true if it is counted (then {@link #reportsTaken} counts it off). */
    boolean reportPushed() {
        Meters m = meters;
        if (m == null) {
            return false;
        }
        m.reportsPushed.increment();
        return true;
    }

    /** The core took {@code n} counted reports off its stack. */
    void reportsTaken(int n) {
        Meters m = meters;
        if (m != null) {
            m.reportsTaken += n;
        }
    }

    /** {@link System#nanoTime()} when meters are bound, else 0 (no clock read). */
    long startTiming() {
        return meters == null ? 0 : System.nanoTime();
    }

    /** A pass that began at {@code start} (from {@link #startTiming}) applied {@code applied} events. */
    void passEnded(long start, int applied) {
        Meters m = meters;
        if (m == null) {
            return;
        }
        if (applied > 0) {
            m.batchSize.record(applied);
        }
        if (start != 0) {
            m.pass.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** The journal appended {@code records} transitions in one call begun at {@code start}. */
    void committed(long start, int records) {
        Meters m = meters;
        if (m == null || start == 0) {
            return;
        }
        m.commit.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        m.journalRecords.increment(records);
        m.journalBatch.record(records);
    }

    /** The journal's replay at build: how many transitions, how long. Before {@link #bind}. */
    void replayed(long records, long nanos) {
        replayRecords = records;
        replayNanos = nanos;
    }
}
