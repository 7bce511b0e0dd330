package dev.hymir;

import dev.hymir.internal.engine.Core;
import dev.hymir.internal.engine.LocalDispatcher;
import dev.hymir.internal.engine.WorkflowRun;
import dev.hymir.internal.journal.ChronicleJournal;
import dev.hymir.spi.Dispatcher;
import dev.hymir.spi.Journal;
import dev.hymir.spi.StateStore;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 */
public final class HymirEngine implements WorkflowExecutor {
    private final RegistryCompiler compiler;
    private final Core core;

    private HymirEngine(Builder b) {
        this.compiler = new RegistryCompiler(b.registry);
        Journal journal = b.journal;
        if (journal == null && b.journalDir != null) {
            journal = ChronicleJournal.open(new ChronicleJournal.Options(b.journalDir, b.journalDurability,
                    b.journalRetention, null, null));
        }
        StateStore store = b.stateStore;
        Dispatcher dispatcher = b.dispatcher != null ? b.dispatcher : new LocalDispatcher();
        try {
            this.core = new Core(new Core.Config(b.maxConcurrency, b.defaultJobTimeout, b.failurePolicy, b.clock,
                    b.meterRegistry, journal == null ? Journal.NONE : journal, store, dispatcher, compiler, compiler));
        } catch (RuntimeException | Error e) {
            closeQuietly(journal); // releases the directory lock
            closeQuietly(store);
            closeQuietly(dispatcher);
            throw e;
        }
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

    @Override
    public String run(Workflow wf) {
        Objects.requireNonNull(wf, "workflow");
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
        return core.get(id).workflow();
    }

    @Override
    public WorkflowState workflowState(String id) {
        return core.get(id).state();
    }

    @Override
    public JobState jobState(String id, String jobId) {
        WorkflowRun run = core.get(id);
        return run.jobState(index(run, jobId));
    }

    @Override
    public Map<String, JobState> jobStates(String id) {
        return core.get(id).jobStates();
    }

    @Override
    public Map<String, JobState> jobStates(String id, Collection<String> jobIds) {
        WorkflowRun run = core.get(id);
        Map<String, JobState> states = new LinkedHashMap<>();
        for (String jobId : jobIds) {
            states.put(jobId, run.jobState(index(run, jobId)));
        }
        return Collections.unmodifiableMap(states);
    }

    @Override
    public Progress progress(String id) {
        return core.get(id).progress();
    }

    @Override
    public WorkflowState await(String id) {
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
        // Not the engine's own future: a caller completing or cancelling it must not touch that one,
        // and what it chains runs on a thread of its own, never on the engine's.
        return core.completion(core.get(id));
    }

    @Override
    public Map<String, List<Object>> outputs(String id) {
        return core.get(id).outputs();
    }

    /**
     * Forgets a finished run: once its clear is journaled (a restart does not bring it back) and its
     * keys are deleted from the state store (within the store's {@code finalFlushTimeout}).
     */
    @Override
    public void clear(String id) {
        core.clear(id);
    }

    @Override
    public void cancel(String id) {
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
         * Also writes every workflow's state to a store other processes read: a {@link RedisStateStore}
         * (Python Hymir's Redis layout), or a {@link StateStore} of your own (SPI). The engine starts it,
         * and closes it when it closes. Default: state in memory only.
         */
        public Builder stateStore(StateStore store) {
            this.stateStore = Objects.requireNonNull(store, "stateStore");
            return this;
        }

        /** Resolves job names; default {@link JobRegistry#standard()}. */
        public Builder registry(JobRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Where the engine's meters go (names in the README); default: no metrics. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
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
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("defaultJobTimeout must be positive, was " + timeout);
            }
            this.defaultJobTimeout = timeout;
            return this;
        }

        /** What a job failure does to its workflow; default {@link FailurePolicy#FAIL_FAST}. */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
            return this;
        }

        /** The time source for Retry/CheckLater delays and timeouts; tests pass a {@code ManualClock}. */
        public Builder clock(EngineClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Journals every transition to a Chronicle Queue in {@code dir} (created if missing) before
         * its effects, and on build() recovers what the directory holds: unfinished workflows resume,
         * finished ones stay queryable. The JVM needs Chronicle's flags (build() names any missing);
         * one engine per directory (locked while it runs). Default: no journal, state in memory only.
         */
        public Builder journal(Path dir) {
            this.journalDir = Objects.requireNonNull(dir, "journal dir");
            this.journal = null;
            return this;
        }

        /**
         * Journals to a {@link Journal} of your own (SPI) instead of a Chronicle directory; build()
         * replays it and resumes what it holds. The engine closes it when it closes.
         */
        public Builder journal(Journal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
            this.journalDir = null;
            return this;
        }

        /** What a journaled batch survives; default {@link JournalDurability#PROCESS_CRASH}. */
        public Builder journalDurability(JournalDurability durability) {
            this.journalDurability = Objects.requireNonNull(durability, "journalDurability");
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
         * Where job attempts run (SPI); default: each on its own virtual thread in this JVM.
         */
        public Builder dispatcher(Dispatcher dispatcher) {
            this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
            return this;
        }

        public HymirEngine build() {
            return new HymirEngine(this);
        }
    }
}
