package dev.hymir;

import dev.hymir.internal.engine.JobMeta;
import dev.hymir.internal.engine.Journal;
import dev.hymir.internal.engine.Scheduler;
import dev.hymir.internal.engine.StateStore;
import dev.hymir.internal.engine.WorkflowRun;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.Plan;
import io.micrometer.core.instrument.MeterRegistry;

import dev.hymir.internal.journal.ChronicleJournal;
import dev.hymir.internal.journal.JournalPreconditions;
import dev.hymir.internal.redis.RedisSnapshots;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded workflow engine: every job runs on its own virtual thread, one scheduler thread
 * tracks readiness with in-degree counters, and state is kept in memory.
 *
 * <pre>{@code
 * try (HymirEngine engine = HymirEngine.builder().registry(JobRegistry.standard()).build()) {
 *     String id = engine.run(Workflow.of(Chain.of(Job.of(Reports::onboard), Job.of(Reports::rollup))));
 *     WorkflowState state = engine.await(id);
 *     Map<String, List<Object>> outputs = engine.outputs(id);
 * }
 * }</pre>
 *
 * <p><b>{@link #close()}</b> cancels every workflow that has not finished: running jobs are
 * interrupted, nothing new starts, their callbacks do not run and their futures complete with
 * CANCELLED. It then stops the scheduler thread and returns once that thread has ended. Finished
 * runs stay readable; {@link #run} throws {@link IllegalStateException}.
 *
 * <p>Thread-safe. Reads never block; {@link #cancel} is asynchronous ({@link #await} then returns
 * CANCELLED).
 */
public final class HymirEngine implements WorkflowExecutor {
    private final JobRegistry registry;
    private final Scheduler scheduler;
    private final RedisStateStore redis;

    private HymirEngine(Builder b) {
        this.redis = b.redis;
        this.registry = b.registry;
        Journal journal = Journal.NONE;
        if (b.journalDir != null) {
            journal = ChronicleJournal.open(new ChronicleJournal.Options(b.journalDir, b.journalDurability,
                    b.journalRetention, null, null));
        }
        RedisSnapshots snapshots = null;
        try {
            snapshots = redis == null ? null : redis.attach(b.meterRegistry);
            this.scheduler = new Scheduler(new Scheduler.Config(b.maxConcurrency, b.defaultJobTimeout, b.failurePolicy,
                    b.clock, b.meterRegistry, journal, snapshots == null ? StateStore.NONE : snapshots),
                    registry::target, Workflow::dag, wf -> {
                        registry.validate(wf);
                        validateMeta(wf);
                    }, Workflow::toJournalJson);
        } catch (RuntimeException | Error e) {
            journal.close(); // releases the directory lock; nothing was written
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
        if (snapshots != null) {
            snapshots.start(new SnapshotSource()); // reads go through this.scheduler, set only now
        }
    }

    /** What the Redis flusher reads for a workflow's definition and a full resync; null once unknown. */
    private final class SnapshotSource implements RedisSnapshots.Source {
        @Override
        public Workflow workflow(String id) {
            try {
                return HymirEngine.this.workflow(id);
            } catch (WorkflowDoesNotExist e) {
                return null;
            }
        }

        @Override
        public WorkflowState workflowState(String id) {
            return HymirEngine.this.workflowState(id);
        }

        @Override
        public Map<String, JobState> jobStates(String id) {
            return HymirEngine.this.jobStates(id);
        }

        @Override
        public Map<String, List<Object>> outputs(String id) {
            return HymirEngine.this.outputs(id);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The flags a JVM must be started with for an engine with a {@linkplain Builder#journal journal}
     * (Chronicle Queue), exactly for the running JDK: {@code --add-opens=java.base/java.lang.reflect=ALL-UNNAMED},
     * {@code --add-exports=java.base/sun.nio.ch=ALL-UNNAMED} and
     * {@code --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED}; on JDK 24 and later also
     * {@code --enable-native-access=ALL-UNNAMED} and {@code --sun-misc-unsafe-memory-access=allow}
     * (without them the JVM prints warnings). {@code build()} names any missing one. An engine without
     * a journal needs none. The README's "JVM flags" section shows them in Maven, Gradle and a
     * {@code java} command.
     */
    public static List<String> requiredJvmFlags() {
        return JournalPreconditions.requiredFlags();
    }

    @Override
    public String run(Workflow wf) {
        Args.notNull(wf, "HymirEngine.run", "workflow");
        wf = wf.frozen(); // the callbacks as of now: wf.on(...) after run() does not change this run
        if (scheduler.isClosed()) {
            throw new IllegalStateException("engine is closed");
        }
        registry.validate(wf);
        validateMeta(wf);
        Dag dag = wf.dag();
        String id = UUID.randomUUID().toString();
        scheduler.submit(id, wf, dag, Plan.compile(dag));
        return id;
    }

    @Override
    public List<String> workflowIds() {
        return scheduler.ids();
    }

    @Override
    public Workflow workflow(String id) {
        Args.notNull(id, "HymirEngine.workflow", "id");
        return scheduler.get(id).workflow();
    }

    @Override
    public WorkflowState workflowState(String id) {
        Args.notNull(id, "HymirEngine.workflowState", "id");
        return scheduler.get(id).state();
    }

    @Override
    public JobState jobState(String id, String jobId) {
        Args.notNull(id, "HymirEngine.jobState", "id");
        Args.notNull(jobId, "HymirEngine.jobState", "jobId");
        WorkflowRun run = scheduler.get(id);
        return run.jobState(index(run, jobId));
    }

    @Override
    public Map<String, JobState> jobStates(String id) {
        Args.notNull(id, "HymirEngine.jobStates", "id");
        return scheduler.get(id).jobStates();
    }

    @Override
    public Map<String, JobState> jobStates(String id, Collection<String> jobIds) {
        Args.notNull(id, "HymirEngine.jobStates", "id");
        jobIds = Args.noNulls(jobIds, "HymirEngine.jobStates", "jobIds");
        WorkflowRun run = scheduler.get(id);
        Map<String, JobState> states = new LinkedHashMap<>();
        for (String jobId : jobIds) {
            states.put(jobId, run.jobState(index(run, jobId)));
        }
        return Collections.unmodifiableMap(states);
    }

    @Override
    public Progress progress(String id) {
        Args.notNull(id, "HymirEngine.progress", "id");
        return scheduler.get(id).progress();
    }

    @Override
    public WorkflowState await(String id) {
        Args.notNull(id, "HymirEngine.await", "id");
        CompletableFuture<WorkflowState> done = scheduler.get(id).completion();
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HymirException("interrupted while awaiting workflow '" + id + "'", e);
        } catch (ExecutionException e) {
            throw new HymirException("workflow '" + id + "' ended abnormally", e.getCause());
        }
    }

    @Override
    public WorkflowState await(String id, Duration timeout) {
        Args.notNull(id, "HymirEngine.await", "id");
        Args.notNull(timeout, "HymirEngine.await", "timeout");
        WorkflowRun run = scheduler.get(id);
        try {
            return run.completion().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return run.state();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HymirException("interrupted while awaiting workflow '" + id + "'", e);
        } catch (ExecutionException e) {
            throw new HymirException("workflow '" + id + "' ended abnormally", e.getCause());
        }
    }

    @Override
    public CompletableFuture<WorkflowState> completion(String id) {
        Args.notNull(id, "HymirEngine.completion", "id");
        // A copy: a caller completing or cancelling it must not touch the engine's own future.
        return scheduler.get(id).completion().copy();
    }

    @Override
    public Map<String, List<Object>> outputs(String id) {
        Args.notNull(id, "HymirEngine.outputs", "id");
        return scheduler.get(id).outputs();
    }

    @Override
    public void clear(String id) {
        Args.notNull(id, "HymirEngine.clear", "id");
        Workflow wf = scheduler.get(id).workflow();
        scheduler.clear(id);
        if (redis != null) {
            redis.clear(id, wf.outputs()); // returns once the keys are deleted (bounded; see RedisStateStore)
        }
    }

    @Override
    public void cancel(String id) {
        Args.notNull(id, "HymirEngine.cancel", "id");
        scheduler.cancel(id);
    }

    /** Cancels unfinished workflows and stops the scheduler thread; see the class comment. Idempotent. */
    @Override
    public void close() {
        scheduler.close();
    }

    /**
     * Simulates a crash for recovery tests: the scheduler stops without journaling anything more
     * (no cancellation), running jobs are interrupted, the journal is closed and its lock released.
     */
    void halt() {
        scheduler.halt();
    }

    private static int index(WorkflowRun run, String jobId) {
        int index = run.workflow().indexOf(jobId);
        if (index < 0) {
            throw new JobDoesNotExist(jobId, "workflow '" + run.id() + "' has jobs 1.." + run.size());
        }
        return index;
    }

    private static void validateMeta(Workflow wf) {
        Dag dag = wf.dag();
        for (int i = 0; i < dag.size(); i++) {
            Job job = dag.job(i);
            if (job.meta().isEmpty()) {
                continue;
            }
            try {
                JobMeta.timeout(job);
                JobMeta.concurrency(job);
            } catch (IllegalArgumentException e) {
                throw new InvalidWorkflow.Malformed(e.getMessage());
            }
        }
    }

    /** Settings of a {@link HymirEngine}; every one is optional. */
    public static final class Builder {
        private JobRegistry registry = JobRegistry.standard();
        private MeterRegistry meterRegistry;
        private int maxConcurrency;
        private Duration defaultJobTimeout;
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
        private EngineClock clock = EngineClock.system();
        private Path journalDir;
        private JournalDurability journalDurability = JournalDurability.PROCESS_CRASH;
        private boolean journalRetention;
        private RedisStateStore redis;

        private Builder() {
        }

        /**
         * Also writes every workflow's state to Redis (see {@link RedisStateStore}); the engine closes
         * the store when it closes. Default: state in memory only.
         */
        public Builder stateStore(RedisStateStore store) {
            this.redis = Args.notNull(store, "HymirEngine.Builder.stateStore", "store");
            return this;
        }

        /** Resolves job names; default {@link JobRegistry#standard()}. */
        public Builder registry(JobRegistry registry) {
            this.registry = Args.notNull(registry, "HymirEngine.Builder.registry", "registry");
            return this;
        }

        /** Where the engine's meters go (names in the README); default: no metrics. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Args.notNull(meterRegistry, "HymirEngine.Builder.meterRegistry", "meterRegistry");
            return this;
        }

        /** At most this many jobs run at once, over all workflows; default unlimited. */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** Timeout of jobs without a meta {@code timeout}; default none. */
        public Builder defaultJobTimeout(Duration timeout) {
            Args.notNull(timeout, "HymirEngine.Builder.defaultJobTimeout", "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("defaultJobTimeout must be positive, was " + timeout);
            }
            this.defaultJobTimeout = timeout;
            return this;
        }

        /** What a job failure does to its workflow; default {@link FailurePolicy#FAIL_FAST}. */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Args.notNull(policy, "HymirEngine.Builder.failurePolicy", "policy");
            return this;
        }

        /** The time source for Retry/CheckLater delays and timeouts; tests pass a {@code ManualClock}. */
        public Builder clock(EngineClock clock) {
            this.clock = Args.notNull(clock, "HymirEngine.Builder.clock", "clock");
            return this;
        }

        /**
         * Journals every transition to a Chronicle Queue in {@code dir} (created if missing) before
         * its effects, and on build() recovers what the directory holds: unfinished workflows resume,
         * finished ones stay queryable. The JVM needs Chronicle's flags (build() names any missing);
         * one engine per directory (locked while it runs). Default: no journal, state in memory only.
         */
        public Builder journal(Path dir) {
            this.journalDir = Args.notNull(dir, "HymirEngine.Builder.journal", "dir");
            return this;
        }

        /** What a journaled batch survives; default {@link JournalDurability#PROCESS_CRASH}. */
        public Builder journalDurability(JournalDurability durability) {
            this.journalDurability = Args.notNull(durability, "HymirEngine.Builder.journalDurability", "durability");
            return this;
        }

        /**
         * {@code true}: at build(), after recovery, delete the journal's roll-cycle files (one per day)
         * other than the newest in which every workflow finished or was cleared; those workflows are
         * then unknown to the engine. Keeps replay bounded for long-lived directories. Default false.
         */
        public Builder journalRetention(boolean deleteFinishedFiles) {
            this.journalRetention = deleteFinishedFiles;
            return this;
        }

        public HymirEngine build() {
            return new HymirEngine(this);
        }
    }

    /** The scheduler loop's thread (a virtual thread, so thread dumps list it, getAllStackTraces does not). */
    Thread schedulerThread() {
        return scheduler.loopThread();
    }
}
