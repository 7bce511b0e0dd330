package dev.hymir;

import dev.hymir.internal.engine.Core;
import dev.hymir.internal.engine.LocalDispatcher;
import dev.hymir.internal.engine.WorkflowRun;
import dev.hymir.internal.journal.JournalPreconditions;
import dev.hymir.spi.Dispatcher;
import dev.hymir.spi.Journal;
import dev.hymir.spi.JournalFactory;
import dev.hymir.spi.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded workflow engine: every job runs on its own virtual thread, the engine's core tracks
 * readiness with in-degree counters over a compiled plan, and state is kept in memory (optionally
 * journaled, and snapshotted to Redis).
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
 * CANCELLED. It then closes the journal, the state store and the dispatcher, stops the engine's timer
 * thread and returns. Finished runs stay readable; {@link #run} throws {@link IllegalStateException}.
 *
 * <p>Thread-safe. Reads never block; {@link #cancel} is asynchronous ({@link #await} then returns
 * CANCELLED).
 *
 * <p><b>Observability.</b> An engine is a Micrometer {@link MeterBinder}: its meters (names in the README)
 * go to the registry given to {@link Builder#meterRegistry} or to {@link #bindTo}, tagged with the
 * engine's {@linkplain Builder#name name}, and are removed when it closes. With an
 * {@link Builder#observationRegistry ObservationRegistry}, every workflow run and job attempt is an
 * Observation (with Micrometer Tracing: a trace per workflow, a span per job). Without either, nothing
 * is recorded and nothing is allocated for them.
 */
public final class HymirEngine implements WorkflowExecutor, MeterBinder {
    private final RegistryCompiler compiler;
    private final Core core;
    private final Journal journal;
    private final StateStore store;
    private final Dispatcher dispatcher;
    private final String name;

    private HymirEngine(Builder b) {
        Dispatcher dispatcher = b.dispatcher != null ? b.dispatcher : new LocalDispatcher();
        this.compiler = new RegistryCompiler(b.registry, !dispatcher.runsJobsLocally());
        Journal journal = b.journal;
        StateStore store = b.stateStore;
        if (journal == null && b.journalDir != null) {
            try {
                journal = journalFactory(b.journalDir).open(b.journalDir, b.journalDurability, b.journalRetention);
            } catch (RuntimeException | Error e) {
                closeQuietly(store); // given to this engine: a store or dispatcher may hold connections and locks
                closeQuietly(dispatcher);
                throw e;
            }
        }
        this.journal = journal;
        this.store = store;
        this.dispatcher = dispatcher;
        this.name = b.name;
        try {
            this.core = new Core(new Core.Config(b.maxConcurrency, b.defaultJobTimeout, b.failurePolicy, b.clock,
                    b.meterRegistry, b.observationRegistry, journal == null ? Journal.NONE : journal, store, dispatcher,
                    compiler, compiler));
        } catch (RuntimeException | Error e) {
            closeQuietly(journal); // releases the directory lock
            closeQuietly(store);
            closeQuietly(dispatcher);
            throw e;
        }
        if (b.meterRegistry != null) {
            try {
                bindTo(b.meterRegistry);
            } catch (RuntimeException e) { // e.g. another open engine of that name on the registry
                core.close();
                throw e;
            }
        }
    }

    /**
     * Registers this engine's meters (names in the README) in {@code registry}, each tagged
     * {@code engine=<name>}: the {@linkplain Builder#name name} given, else the first of {@code hymir},
     * {@code hymir-2}, ... that no open engine uses on that registry. They are removed when the engine
     * closes. {@link Builder#meterRegistry} calls this at build; as a {@link MeterBinder}, an engine that
     * is a Spring bean is bound to the application's registry by Spring Boot. Binding the same registry
     * again does nothing.
     *
     * @throws IllegalStateException if the engine is bound to another registry already, another open
     *                               engine on {@code registry} has this engine's name, or the engine is closed
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Args.notNull(registry, "HymirEngine.bindTo", "registry");
        String engine = core.bindMetrics(registry, name);
        Tags tags = Tags.of("engine", engine);
        if (journal != null) {
            journal.bindMeters(registry, tags);
        }
        if (store != null) {
            store.bindMeters(registry, tags);
        }
        dispatcher.bindMeters(registry, tags);
    }

    /** The journal module's factory (a service), or a message saying which artifact to add. */
    private static JournalFactory journalFactory(Path dir) {
        return ServiceLoader.load(JournalFactory.class, HymirEngine.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("HymirEngine.Builder.journal(" + dir + ") needs the journal"
                        + " module on the classpath: add the dependency dev.hymir:hymir-journal (or pass a Journal"
                        + " of your own to journal(Journal))"));
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception | Error suppressed) {
            // already failing: the first error is the one to report
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
        if (core.isClosed()) {
            throw new IllegalStateException("engine is closed");
        }
        String id = UUID.randomUUID().toString();
        core.submit(id, compiler.compile(wf));
        return id;
    }

    @Override
    public List<String> workflowIds() {
        return core.ids();
    }

    @Override
    public Workflow workflow(String id) {
        Args.notNull(id, "HymirEngine.workflow", "id");
        return core.get(id).workflow();
    }

    @Override
    public WorkflowState workflowState(String id) {
        Args.notNull(id, "HymirEngine.workflowState", "id");
        return core.get(id).state();
    }

    @Override
    public JobState jobState(String id, String jobId) {
        Args.notNull(id, "HymirEngine.jobState", "id");
        Args.notNull(jobId, "HymirEngine.jobState", "jobId");
        WorkflowRun run = core.get(id);
        return run.jobState(index(run, jobId));
    }

    @Override
    public Map<String, JobState> jobStates(String id) {
        Args.notNull(id, "HymirEngine.jobStates", "id");
        return core.get(id).jobStates();
    }

    @Override
    public Map<String, JobState> jobStates(String id, Collection<String> jobIds) {
        Args.notNull(id, "HymirEngine.jobStates", "id");
        jobIds = Args.noNulls(jobIds, "HymirEngine.jobStates", "jobIds");
        WorkflowRun run = core.get(id);
        Map<String, JobState> states = new LinkedHashMap<>();
        for (String jobId : jobIds) {
            states.put(jobId, run.jobState(index(run, jobId)));
        }
        return Collections.unmodifiableMap(states);
    }

    @Override
    public Progress progress(String id) {
        Args.notNull(id, "HymirEngine.progress", "id");
        return core.get(id).progress();
    }

    @Override
    public WorkflowState await(String id) {
        Args.notNull(id, "HymirEngine.await", "id");
        CompletableFuture<WorkflowState> done = core.get(id).completion();
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HymirException("interrupted while awaiting workflow '" + id + "'", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof HymirException h ? h : new HymirException("workflow '" + id + "' ended abnormally", e.getCause());
        }
    }

    @Override
    public WorkflowState await(String id, Duration timeout) {
        Args.notNull(id, "HymirEngine.await", "id");
        Args.notNull(timeout, "HymirEngine.await", "timeout");
        WorkflowRun run = core.get(id);
        try {
            return run.completion().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return run.state();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HymirException("interrupted while awaiting workflow '" + id + "'", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof HymirException h ? h : new HymirException("workflow '" + id + "' ended abnormally", e.getCause());
        }
    }

    @Override
    public CompletableFuture<WorkflowState> completion(String id) {
        Args.notNull(id, "HymirEngine.completion", "id");
        // Not the engine's own future: a caller completing or cancelling it must not touch that one,
        // and what it chains runs on a thread of its own, never on the engine's.
        return core.completion(core.get(id));
    }

    @Override
    public Map<String, List<Object>> outputs(String id) {
        Args.notNull(id, "HymirEngine.outputs", "id");
        return core.get(id).outputs();
    }

    /**
     * Forgets a finished run: once its clear is journaled (a restart does not bring it back) and its
     * keys are deleted from the state store (within the store's {@code finalFlushTimeout}).
     */
    @Override
    public void clear(String id) {
        Args.notNull(id, "HymirEngine.clear", "id");
        core.clear(id);
    }

    @Override
    public void cancel(String id) {
        Args.notNull(id, "HymirEngine.cancel", "id");
        core.cancel(id);
    }

    /** Cancels unfinished workflows and stops the engine; see the class comment. Idempotent. */
    @Override
    public void close() {
        core.close();
    }

    private static int index(WorkflowRun run, String jobId) {
        int index = run.workflow().indexOf(jobId);
        if (index < 0) {
            throw new JobDoesNotExist(jobId, "workflow '" + run.id() + "' has jobs 1.." + run.size());
        }
        return index;
    }

    /** Settings of a {@link HymirEngine}; every one is optional. */
    public static final class Builder {
        private JobRegistry registry = JobRegistry.standard();
        private MeterRegistry meterRegistry;
        private ObservationRegistry observationRegistry;
        private String name;
        private int maxConcurrency;
        private Duration defaultJobTimeout;
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
        private EngineClock clock = EngineClock.system();
        private Path journalDir;
        private Journal journal;
        private JournalDurability journalDurability = JournalDurability.PROCESS_CRASH;
        private boolean journalRetention;
        private StateStore stateStore;
        private Dispatcher dispatcher;

        private Builder() {
        }

        /**
         * Also writes every workflow's state to a store other processes read: a {@code RedisStateStore} (hymir-redis)
         * (Python Hymir's Redis layout), or a {@link StateStore} of your own (SPI). The engine starts it,
         * and closes it when it closes. Default: state in memory only.
         */
        public Builder stateStore(StateStore store) {
            this.stateStore = Args.notNull(store, "HymirEngine.Builder.stateStore", "store");
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

        /**
         * Observes every workflow run and job attempt with Micrometer's Observation API: with Micrometer
         * Tracing (e.g. its OpenTelemetry bridge), a trace per workflow ({@code hymir.workflow}, its
         * parent whatever observation is current where {@code run()} is called) with a span per job
         * attempt ({@code hymir.job}, named after the job; an error when it threw or returned
         * {@link Failure}). Tags in the README. Default: nothing observed.
         */
        public Builder observationRegistry(ObservationRegistry observationRegistry) {
            this.observationRegistry = Args.notNull(observationRegistry, "HymirEngine.Builder.observationRegistry",
                    "observationRegistry");
            return this;
        }

        /**
         * The engine's name: the {@code engine} tag of its meters, so several engines share a registry.
         * Default: {@code hymir}, or {@code hymir-2}, {@code hymir-3}... when an open engine on the same
         * registry has it. Two open engines on one registry cannot have the same name.
         */
        public Builder name(String name) {
            Args.notNull(name, "HymirEngine.Builder.name", "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("HymirEngine.Builder.name: name must not be blank");
            }
            this.name = name;
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
         * Journals every transition to a Chronicle Queue in {@code dir} (created if missing; needs the
         * {@code hymir-journal} artifact on the classpath) before its effects, and on build() recovers what the directory holds: unfinished workflows resume,
         * finished ones stay queryable. The JVM needs Chronicle's flags (build() names any missing);
         * one engine per directory (locked while it runs). Default: no journal, state in memory only.
         */
        public Builder journal(Path dir) {
            this.journalDir = Args.notNull(dir, "HymirEngine.Builder.journal", "dir");
            this.journal = null;
            return this;
        }

        /**
         * Journals to a {@link Journal} of your own (SPI) instead of a Chronicle directory; build()
         * replays it and resumes what it holds. The engine closes it when it closes.
         */
        public Builder journal(Journal journal) {
            this.journal = Args.notNull(journal, "HymirEngine.Builder.journal", "journal");
            this.journalDir = null;
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

        /**
         * Where job attempts run: {@code RedisWorkers} (hymir-workers) hands them to {@code HymirWorker}s in other
         * processes, or a {@link Dispatcher} of your own (SPI). Default: each on its own virtual thread
         * in this JVM. The engine starts it, and closes it when it closes.
         */
        public Builder dispatcher(Dispatcher dispatcher) {
            this.dispatcher = Args.notNull(dispatcher, "HymirEngine.Builder.dispatcher", "dispatcher");
            return this;
        }

        public HymirEngine build() {
            return new HymirEngine(this);
        }
    }
}
