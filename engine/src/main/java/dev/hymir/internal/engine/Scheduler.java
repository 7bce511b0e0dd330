package dev.hymir.internal.engine;

import dev.hymir.Callback;
import dev.hymir.CheckLater;
import dev.hymir.EngineClock;
import dev.hymir.Failure;
import dev.hymir.FailurePolicy;
import dev.hymir.InvalidJobReturn;
import dev.hymir.InvalidWorkflow;
import dev.hymir.Job;
import dev.hymir.JobResult;
import dev.hymir.Retry;
import dev.hymir.Success;
import dev.hymir.Workflow;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowState;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.Plan;
import dev.hymir.internal.json.Json;
import dev.hymir.internal.registry.JobTarget;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The in-process engine: one scheduler loop thread owns the state of every workflow run; jobs run
 * on virtual threads and push their outcome onto a lock-free stack; other events go through an MPSC inbox.
 *
 * <p><b>The loop</b> ({@link #loop}) drains the inbox and the report stack in batches, adds the timers that became due,
 * hands the batch to the {@link Journal} (write-ahead), applies it (a success decrements its
 * successors' in-degree counters; a counter reaching 0 makes a job ready; join nodes pass the
 * decrement straight on), starts ready jobs within the concurrency limits, publishes what changed
 * to readers and the {@link StateStore}, and parks until an event or the next timer. Being the only
 * writer, it needs no locks; readers see states as described in {@link WorkflowRun}.
 *
 * <p><b>Ends of a run.</b> SUCCESS when every job succeeded; FAILURE on the first failure under
 * {@link FailurePolicy#FAIL_FAST} (once jobs already running have reported) or, under
 * {@code CONTINUE_OTHER_BRANCHES}, when nothing more can run; CANCELLED by {@link #cancel}. Then the
 * callbacks run on virtual threads, and only after the last one reported is the final status
 * published and the completion future completed. A callback that throws is recorded
 * ({@link WorkflowRun#callbackErrors()}, and logged) and still counts as reported.
 *
 * <p><b>Journal.</b> Applying a batch and dispatching collect {@link Transition}s; {@link #commit}
 * appends them in one call (group commit) and only then lets their effects out: job threads start,
 * callbacks start, completion futures complete, and timers (added while applying) can only fire in
 * a later iteration. So whatever a job, a timer or a caller could observe is journaled first. An
 * engine built on an existing journal replays it before the loop starts ({@link #recover}).
 */
public final class Scheduler {
    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int MAX_BATCH = 65_536;
    private static final int YIELDS_BEFORE_PARK = 4;
    private static final int LAUNCH_CHUNK = 256;
    private static final int DISPATCH_CHUNK = 16_384;

    /** Immutable settings, validated by the builder. {@code maxConcurrency <= 0}: unlimited. */
    public record Config(int maxConcurrency, Duration defaultJobTimeout, FailurePolicy failurePolicy,
                         EngineClock clock, MeterRegistry meterRegistry, Journal journal, StateStore stateStore) {
    }

    private record TimerEntry(long due, long seq, WorkflowRun run, int job, long timeoutStamp) {
    }

    private record Waiting(WorkflowRun run, int job) {
    }

    private static final class NameLimit {
        final int limit;
        int running;
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

        NameLimit(int limit) {
            this.limit = limit;
        }
    }

    /** A changed state; {@code output}/{@code value}: a job that succeeded with an output, for the store. */
    private record Dirty(WorkflowRun run, int job, String output, Object value) {
    }

    private final Config config;
    private final int maxConcurrency;
    private final Function<String, JobTarget> resolver;
    private final EngineMetrics metrics;
    private final boolean storeEnabled;
    private final Map<String, WorkflowRun> runs = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Event> inbox = new ConcurrentLinkedQueue<>();
    /** Job reports, newest first: a Treiber stack linked through {@link Event.JobReported#next}. */
    private final AtomicReference<Event.JobReported> reports = new AtomicReference<>();
    // Jobs do not inherit inheritable thread-locals: they would be copied from the loop thread
    // (which took them from whoever built the engine) at every start, for no job's benefit.
    private final ThreadFactory jobThreads = Thread.ofVirtual().inheritInheritableThreadLocals(false).factory();
    private final Thread loopThread;
    private final Object lifecycle = new Object();
    private final boolean journalEnabled;
    private final Consumer<Workflow> recoveryCheck;
    private final Function<Workflow, Dag> dagOf;
    private final boolean inlineJobs;
    private final Function<Workflow, String> definitionOf;
    private volatile boolean sleeping;
    private volatile boolean closed;
    private volatile boolean halted;

    // Owned by the loop thread.
    private final PriorityQueue<TimerEntry> timers = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final ArrayDeque<WorkflowRun> runsWithReady = new ArrayDeque<>();
    private final Map<String, NameLimit> nameLimits = new HashMap<>();
    private final List<WorkflowRun> touchedRuns = new ArrayList<>();
    private final List<Dirty> dirty = new ArrayList<>();
    private int running;
    private int readyDepth;
    private long timerSeq;
    private long timeoutStamps;
    private boolean shutdown;
    private boolean journaling;       // transitions are collected (false while replaying)
    private boolean replaying;
    private int nextKey;
    private final List<Transition> journalBatch = new ArrayList<>();
    private final List<Thread> toStart = new ArrayList<>();
    private final List<Runnable> toRunInline = new ArrayList<>();
    private final List<WorkflowRun> toComplete = new ArrayList<>();
    private final List<WorkflowRun> toAccept = new ArrayList<>();

    /** Without recovery: for an engine with no journal, and tests. */
    public Scheduler(Config config, Function<String, JobTarget> resolver) {
        this(config, resolver, NO_RECOVERY, wf -> {
        }, Workflow::toJson, false);
    }

    /**
     * For recovery from a journal: {@code dagOf} gives a workflow's DAG; {@code recoveryCheck}
     * validates a workflow read back (its job names resolve, its arguments fit), and when it throws,
     * that run FAILS with its message instead of resuming. {@code definitionOf} gives the JSON the
     * journal records for a submitted workflow ({@code Workflow.fromJson} must read it back).
     */
    public Scheduler(Config config, Function<String, JobTarget> resolver, Function<Workflow, Dag> dagOf,
                     Consumer<Workflow> recoveryCheck, Function<Workflow, String> definitionOf) {
        this(config, resolver, dagOf, recoveryCheck, definitionOf, false);
    }

    /**
     * For the scheduler benchmark ({@code SchedulerTransitionBenchmark}): a scheduler that runs each
     * job's code on the loop thread itself, in {@link #commit}, where it would otherwise start the
     * job's virtual thread. Every transition still takes the engine's own path (report event and stack,
     * apply, decrement, dispatch, publish, metrics); only the thread is left out, so a timeout or a
     * cancel cannot interrupt such a job. Not for production use.
     */
    public static Scheduler withInlineJobs(Config config, Function<String, JobTarget> resolver) {
        return new Scheduler(config, resolver, NO_RECOVERY, wf -> {
        }, Workflow::toJson, true);
    }

    private static final Function<Workflow, Dag> NO_RECOVERY = wf -> {
        throw new UnsupportedOperationException("this scheduler cannot recover workflows from a journal");
    };

    private Scheduler(Config config, Function<String, JobTarget> resolver, Function<Workflow, Dag> dagOf,
                      Consumer<Workflow> recoveryCheck, Function<Workflow, String> definitionOf, boolean inlineJobs) {
        this.config = config;
        this.definitionOf = definitionOf;
        this.inlineJobs = inlineJobs;
        this.maxConcurrency = config.maxConcurrency() <= 0 ? Integer.MAX_VALUE : config.maxConcurrency();
        this.resolver = resolver;
        this.metrics = new EngineMetrics(config.meterRegistry());
        this.storeEnabled = config.stateStore() != StateStore.NONE;
        this.journalEnabled = config.journal() != Journal.NONE;
        this.recoveryCheck = recoveryCheck;
        this.dagOf = dagOf;
        if (journalEnabled) {
            recover(); // on the caller's thread: build() returns with every recovered run queryable
            journaling = true;
        }
        // A virtual thread, like the jobs: starting a job then pushes onto the carrier's own queue and
        // a job's report wakes the loop without waking an OS thread, which in a chain of short jobs
        // is most of the cost per hop (measured: ~13x faster than a platform loop thread on chain
        // 10^5). Virtual threads are daemons, so a forgotten engine cannot keep the JVM alive.
        this.loopThread = Thread.ofVirtual().name("hymir-scheduler-" + INSTANCES.incrementAndGet())
                .inheritInheritableThreadLocals(false)
                .unstarted(this::loop);
        config.clock().onAdvance(() -> LockSupport.unpark(loopThread));
        loopThread.start();
    }

    // ---- called by other threads --------------------------------------------------------------

    /** Registers and starts a run; {@link IllegalStateException} once closed. */
    public WorkflowRun submit(String id, Workflow workflow, Dag dag, Plan plan) {
        WorkflowRun run = new WorkflowRun(id, workflow, dag, plan);
        String definition = journalEnabled ? definitionOf.apply(workflow) : null; // off the loop thread
        // The lock orders submit against close: a Submitted event is always ahead of Shutdown.
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("engine is closed");
            }
            runs.put(id, run);
            metrics.workflowStarted();
            post(new Event.Submitted(id, workflow, definition));
        }
        if (journalEnabled) {
            // A durable engine returns the id only once the submission is journaled.
            try {
                run.accepted.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return run;
    }

    public WorkflowRun get(String id) {
        WorkflowRun run = id == null ? null : runs.get(id);
        if (run == null) {
            throw new WorkflowDoesNotExist(id);
        }
        return run;
    }

    /** The ids of the runs this scheduler holds (a copy). */
    public List<String> ids() {
        return List.copyOf(runs.keySet());
    }

    public void cancel(String id) {
        get(id);
        post(new Event.CancelRequested(id));
    }

    public void clear(String id) {
        WorkflowRun run = get(id);
        WorkflowState.Status status = run.published;
        if (!status.isFinished()) {
            throw new IllegalStateException("workflow '" + id + "' is " + status
                    + ": only a finished workflow can be cleared (await it, or cancel it first)");
        }
        runs.remove(id);
        if (journalEnabled) {
            post(new Event.Cleared(id, run));
        }
    }

    /** The loop's (virtual) thread, for tests that check {@code close()} stops it. */
    public Thread loopThread() {
        return loopThread;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Cancels every unfinished run (running jobs are interrupted, callbacks do not run, futures
     * complete with CANCELLED), then stops the loop thread and waits for it to end.
     */
    public void close() {
        synchronized (lifecycle) {
            if (!closed) {
                closed = true;
                post(new Event.Shutdown());
            }
        }
        if (Thread.currentThread() == loopThread) {
            return;
        }
        boolean interrupted = false;
        while (loopThread.isAlive()) {
            try {
                loopThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Simulates a crash, for recovery tests: the loop stops without journaling anything more (no
     * cancellation), running jobs are interrupted and the journal is closed, releasing its lock.
     */
    public void halt() {
        halted = true;
        close();
    }

    private void post(Event event) {
        inbox.offer(event);
        if (sleeping) { // cheap check; the loop re-reads the inbox after setting sleeping
            LockSupport.unpark(loopThread);
        }
    }

    /** From a job's thread: one CAS, no queue node. */
    private void report(Event.JobReported report) {
        Event.JobReported head;
        do {
            head = reports.get();
            report.next = head;
        } while (!reports.compareAndSet(head, report));
        if (sleeping) { // as in post()
            LockSupport.unpark(loopThread);
        }
    }

    private boolean nothingPosted() {
        return inbox.isEmpty() && reports.get() == null;
    }

    // ---- the loop -----------------------------------------------------------------------------

    private void loop() {
        List<Event> batch = new ArrayList<>();
        try {
            while (!shutdown) {
                Event e;
                while (batch.size() < MAX_BATCH && (e = inbox.poll()) != null) {
                    batch.add(e);
                }
                int applied = applyAll(batch);
                applied += applyReports();
                collectDueTimers(batch); // after the reports: a job that reported in time is not timed out
                applied += applyAll(batch);
                dispatchReady();
                commit();
                publish();
                if (applied > 0) {
                    metrics.batch(applied, readyDepth);
                }
                park();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "the Hymir scheduler loop failed; cancelling every running workflow", t);
        } finally {
            stopAll();
        }
    }

    /**
     * Journals the transitions of this iteration (one append: group commit), then lets their effects
     * out. Until this returns, no job thread of theirs has started and no caller saw them complete.
     */
    private void commit() {
        if (!journalBatch.isEmpty()) {
            try {
                config.journal().append(journalBatch); // write-ahead: journal order is state order
            } catch (RuntimeException | Error e) {
                journaling = false; // the loop stops (nothing of this batch takes effect); never append twice
                toAccept.clear();   // their run() calls fail (stopAll), their threads never start
                discardUnstarted();
                throw e;
            } finally {
                journalBatch.clear();
            }
        }
        for (WorkflowRun run : toAccept) {
            run.accepted.complete(null);
        }
        toAccept.clear();
        startThreads();
        for (WorkflowRun run : toComplete) {
            completeRun(run);
        }
        toComplete.clear();
    }

    private int applyAll(List<Event> batch) {
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            apply(batch.get(i));
        }
        batch.clear();
        return n;
    }

    /** Applies the reports pushed since the last call, in the order they arrived; returns how many. */
    private int applyReports() {
        Event.JobReported r = reports.getAndSet(null);
        Event.JobReported oldest = null;
        int n = 0;
        while (r != null) { // the stack is newest first: reverse its links (the loop owns them now)
            Event.JobReported older = r.next;
            r.next = oldest;
            oldest = r;
            r = older;
            n++;
        }
        for (r = oldest; r != null; r = r.next) {
            apply(r);
        }
        return n;
    }

    private void apply(Event event) {
        if (halted) {
            shutdown = true; // a simulated crash: apply nothing more
            return;
        }
        switch (event) {
            case Event.Submitted s -> start(runs.get(s.workflowId()), s.definition());
            case Event.Cleared c -> {
                if (journaling) {
                    journalBatch.add(new Transition.Cleared(c.run().key));
                }
            }
            case Event.JobReported r -> reported(r);
            case Event.TimerFired t -> timerFired(runs.get(t.workflowId()), t);
            case Event.CancelRequested c -> cancelRun(runs.get(c.workflowId()));
            case Event.CallbackReported c -> callbackReported(runs.get(c.workflowId()), c);
            case Event.Shutdown s -> shutdown = true;
        }
    }

    private void collectDueTimers(List<Event> batch) {
        if (timers.isEmpty()) {
            return;
        }
        long now = config.clock().nanoTime();
        while (!timers.isEmpty() && timers.peek().due <= now) {
            TimerEntry t = timers.poll();
            batch.add(new Event.TimerFired(t.run.id, t.job, t.timeoutStamp));
        }
    }

    private void park() {
        if (shutdown || !nothingPosted() || (readyDepth > 0 && running < maxConcurrency)) {
            return; // more to do now (dispatchReady stopped at its chunk)
        }
        long wait = Long.MAX_VALUE;
        if (!timers.isEmpty()) {
            wait = timers.peek().due - config.clock().nanoTime();
            if (wait <= 0) {
                return;
            }
        }
        // Yield before parking: the loop is a virtual thread, so yielding runs the jobs queued on
        // this carrier, whose reports then arrive as one larger batch, without a park/unpark per job.
        for (int i = 0; i < YIELDS_BEFORE_PARK && nothingPosted(); i++) {
            Thread.yield();
        }
        if (!nothingPosted()) {
            return;
        }
        sleeping = true;
        if (nothingPosted()) {
            if (wait == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, wait); // a manual clock's advance() unparks us early
            }
        }
        sleeping = false;
    }

    // ---- recovery -----------------------------------------------------------------------------

    /**
     * Rebuilds every run from the journal, then resumes the unfinished ones: a job whose terminal
     * transition is journaled keeps it and never runs again; a job Started but not finished runs
     * again (at-least-once); a pending Retry/CheckLater timer fires after its remaining delay
     * (due time minus now, at least 0). Runs on the constructing thread, before the loop starts.
     */
    private void recover() {
        Map<Integer, WorkflowRun> byKey = new HashMap<>();
        replaying = true;
        config.journal().replay(t -> replayOne(t, byKey));
        replaying = false;
        journaling = true; // what resuming does (re-dispatch, failing unresolvable runs) is journaled
        long nowMillis = config.clock().epochMillis();
        List<Integer> keys = new ArrayList<>(byKey.keySet());
        keys.sort(null);
        for (int key : keys) {
            resume(byKey.get(key), nowMillis);
        }
    }

    private void replayOne(Transition t, Map<Integer, WorkflowRun> byKey) {
        nextKey = Math.max(nextKey, t.run() + 1);
        if (t instanceof Transition.Submitted s) {
            WorkflowRun run = rebuild(s);
            if (run != null) {
                byKey.put(s.run(), run);
            }
            return;
        }
        WorkflowRun run = byKey.get(t.run());
        if (run == null) {
            return; // its Submitted was in a journal file retention deleted (it had finished)
        }
        switch (t) {
            case Transition.Submitted s -> throw new AssertionError(s);
            case Transition.Started st -> {
                run.status[st.job()] = WorkflowRun.STARTING;
                run.retries[st.job()] = st.attempt();
                run.dueMillis.remove(st.job());
            }
            case Transition.Succeeded su -> succeed(run, su.job(), su.output() == null ? null : Json.read(su.output()));
            case Transition.Failed f -> fail(run, f.job(), f.exception());
            case Transition.RetryScheduled r -> {
                run.status[r.job()] = WorkflowRun.PENDING;
                run.retries[r.job()] = r.retries();
                run.dueMillis.put(r.job(), r.dueEpochMillis());
            }
            case Transition.CheckLaterScheduled c -> {
                run.status[c.job()] = WorkflowRun.PENDING;
                Object context = c.context() == null ? null : Json.read(c.context());
                if (context instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> ctx = (Map<String, Object>) m;
                    run.contexts.put(c.job(), ctx);
                }
                run.dueMillis.put(c.job(), c.dueEpochMillis());
            }
            case Transition.Cancelled c -> {
                run.cancelled = true;
                run.stopping = true;
            }
            case Transition.Finished f -> {
                run.phase = WorkflowRun.Phase.DONE;
                run.outcome = f.status();
                run.dueMillis = null;
                run.publishedFinished = run.finished;
                run.published = f.status();
                run.completion.complete(run.state());
            }
            case Transition.Cleared c -> {
                runs.remove(run.id);
                byKey.remove(c.run());
            }
        }
    }

    /** A run from its journaled definition, or null (logged) if the definition cannot be read at all. */
    private WorkflowRun rebuild(Transition.Submitted s) {
        Workflow wf;
        try {
            wf = Workflow.fromJson(s.definition());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "journal: workflow '" + s.workflowId()
                    + "' has a definition this version cannot read; it is skipped", e);
            return null;
        }
        Dag dag = dagOf.apply(wf);
        WorkflowRun run = new WorkflowRun(s.workflowId(), wf, dag, Plan.compile(dag));
        run.key = s.run();
        run.dueMillis = new HashMap<>();
        run.phase = WorkflowRun.Phase.RUNNING;
        run.published = WorkflowState.Status.RUNNING;
        run.accepted.complete(null);
        runs.put(run.id, run);
        return run;
    }

    private void resume(WorkflowRun run, long nowMillis) {
        if (run.phase == WorkflowRun.Phase.DONE) {
            return;
        }
        metrics.workflowStarted();
        try {
            recoveryCheck.accept(run.workflow); // only runs that will run jobs again need their names resolved
        } catch (RuntimeException e) {
            run.recoveryError = "workflow '" + run.id + "' cannot resume after restart: " + e.getMessage();
        }
        Map<Integer, Long> due = run.dueMillis;
        run.dueMillis = null;
        changed(run, -1);
        if (run.recoveryError != null) {
            LOG.log(System.Logger.Level.ERROR, run.recoveryError);
            for (int j = 0; j < run.size(); j++) {
                if (run.status[j] != WorkflowRun.SUCCESS && run.status[j] != WorkflowRun.FAILURE) {
                    fail(run, j, run.recoveryError);
                }
            }
            finish(run, WorkflowState.Status.FAILURE);
            return;
        }
        if (run.cancelled) {
            finish(run, WorkflowState.Status.CANCELLED);
            return;
        }
        for (int j = 0; j < run.size(); j++) {
            byte status = run.status[j];
            if (status == WorkflowRun.STARTING) {
                run.status[j] = WorkflowRun.PENDING; // started, never finished: it runs again
                if (!run.stopping) {
                    enqueue(run, j);
                }
            } else if (status == WorkflowRun.PENDING && !run.stopping) {
                Long dueAt = due.get(j);
                if (dueAt != null) {
                    long delayMillis = Math.max(0, dueAt - nowMillis);
                    run.timers++;
                    timers.add(new TimerEntry(config.clock().nanoTime() + delayMillis * 1_000_000, timerSeq++, run, j, -1));
                } else if (run.remaining[j] == 0) {
                    enqueue(run, j);
                }
            }
        }
        checkDone(run);
    }

    // ---- applying events ----------------------------------------------------------------------

    private void start(WorkflowRun run, String definition) {
        if (run == null || run.phase != WorkflowRun.Phase.SUBMITTED) {
            return;
        }
        run.key = nextKey++;
        if (journaling) {
            journalBatch.add(new Transition.Submitted(run.key, run.id, definition));
        }
        toAccept.add(run);
        run.phase = WorkflowRun.Phase.RUNNING;
        run.published = WorkflowState.Status.RUNNING;
        changed(run, -1);
        for (int j = 0; j < run.size(); j++) {
            if (run.remaining[j] == 0) {
                enqueue(run, j);
            }
        }
    }

    private void reported(Event.JobReported r) {
        running--;
        if (r.limitedName() != null) {
            releaseNameSlot(r.limitedName());
        }
        // The report names its run object, not its id: a run cleared meanwhile is DONE, so the
        // check below drops the report even when a new run already reuses the id.
        WorkflowRun run = r.run();
        int j = r.job();
        run.threads[j] = null;
        if (run.phase != WorkflowRun.Phase.RUNNING || run.status[j] != WorkflowRun.STARTING) {
            return; // already settled: timed out, or the run was cancelled
        }
        if (!run.timeoutStamps.isEmpty()) {
            run.timeoutStamps.remove(j);
        }
        run.inFlight--;
        String name = run.job(j).name();
        if (r.error() != null) {
            metrics.jobFinished(name, EngineMetrics.Outcome.FAILURE, r.nanos());
            fail(run, j, r.error());
        } else {
            switch (r.result()) {
                case Success s -> {
                    metrics.jobFinished(name, EngineMetrics.Outcome.SUCCESS, r.nanos());
                    if (journaling) {
                        journalBatch.add(new Transition.Succeeded(run.key, j, r.payload()));
                    }
                    succeed(run, j, s.result());
                }
                case Failure f -> {
                    metrics.jobFinished(name, EngineMetrics.Outcome.FAILURE, r.nanos());
                    fail(run, j, run.describe(j) + " returned Failure(" + f.result() + ")");
                }
                case Retry retry -> retry(run, j, retry, r.nanos());
                case CheckLater later -> {
                    metrics.jobFinished(name, EngineMetrics.Outcome.CHECK_LATER, r.nanos());
                    run.status[j] = WorkflowRun.PENDING;
                    run.contexts.put(j, later.context());
                    changed(run, j);
                    if (journaling) {
                        journalBatch.add(new Transition.CheckLaterScheduled(run.key, j, dueMillis(later.waitFor()),
                                r.payload()));
                    }
                    schedule(run, j, later.waitFor());
                }
            }
        }
        checkDone(run);
    }

    private void succeed(WorkflowRun run, int j, Object value) {
        run.status[j] = WorkflowRun.SUCCESS;
        run.finished++;
        String output = run.job(j).output();
        changed(run, j, output, value);
        if (output != null) {
            run.outputs.computeIfAbsent(output, k -> new ConcurrentLinkedQueue<>()).add(value == null ? WorkflowRun.NULL : value);
        }
        if (run.stopping) {
            return; // a late success under FAIL_FAST starts nothing
        }
        int[] offsets = run.plan.offsets();
        int[] targets = run.plan.targets();
        for (int e = offsets[j]; e < offsets[j + 1]; e++) {
            int s = targets[e];
            if (--run.remaining[s] != 0) {
                continue;
            }
            if (!run.plan.isJoin(s)) {
                enqueue(run, s);
                continue;
            }
            for (int f = offsets[s]; f < offsets[s + 1]; f++) { // a join does no work: pass through
                if (--run.remaining[targets[f]] == 0) {
                    enqueue(run, targets[f]);
                }
            }
        }
    }

    private void fail(WorkflowRun run, int j, String exception) {
        if (journaling) {
            journalBatch.add(new Transition.Failed(run.key, j, exception));
        }
        run.status[j] = WorkflowRun.FAILURE;
        run.finished++;
        run.exceptions.put(j, exception);
        run.failed = true;
        if (config.failurePolicy() == FailurePolicy.FAIL_FAST) {
            run.stopping = true;
        }
        changed(run, j);
    }

    private void retry(WorkflowRun run, int j, Retry retry, long nanos) {
        Integer max = retry.maxRetries();
        if (max != null && run.retries[j] >= max) {
            metrics.jobFinished(run.job(j).name(), EngineMetrics.Outcome.FAILURE, nanos);
            fail(run, j, run.describe(j) + " asked to Retry after " + run.retries[j]
                    + " retries, but maxRetries = " + max + ": giving up");
            return;
        }
        metrics.jobFinished(run.job(j).name(), EngineMetrics.Outcome.RETRY, nanos);
        run.retries[j]++;
        run.status[j] = WorkflowRun.PENDING;
        changed(run, j);
        long min = retry.waitMin().toNanos();
        long span = retry.waitMax().toNanos() - min;
        Duration delay = Duration.ofNanos(span > 0 ? min + ThreadLocalRandom.current().nextLong(span + 1) : min);
        if (journaling) {
            journalBatch.add(new Transition.RetryScheduled(run.key, j, run.retries[j], dueMillis(delay)));
        }
        schedule(run, j, delay);
    }

    /** The wall-clock due time of a delay, rounded up to a millisecond so it never fires early. */
    private long dueMillis(Duration delay) {
        long nanos = delay.toNanos();
        return config.clock().epochMillis() + (nanos + 999_999) / 1_000_000;
    }

    private void schedule(WorkflowRun run, int j, Duration delay) {
        run.timers++;
        timers.add(new TimerEntry(config.clock().nanoTime() + delay.toNanos(), timerSeq++, run, j, -1));
    }

    private void timerFired(WorkflowRun run, Event.TimerFired t) {
        if (run == null) {
            return;
        }
        int j = t.job();
        if (!t.isTimeout()) {
            run.timers--;
            if (run.phase == WorkflowRun.Phase.RUNNING && !run.stopping) {
                enqueue(run, j);
            }
            checkDone(run);
            return;
        }
        Long stamp = run.timeoutStamps.get(j);
        if (run.phase != WorkflowRun.Phase.RUNNING || run.status[j] != WorkflowRun.STARTING
                || stamp == null || stamp != t.timeoutStamp()) {
            return; // the job ended before its timeout
        }
        run.timeoutStamps.remove(j);
        Thread thread = run.threads[j];
        if (thread != null) {
            thread.interrupt();
        }
        run.inFlight--; // settled now; its thread still holds a concurrency slot until it returns
        Duration timeout = timeoutOf(run.job(j));
        metrics.jobFinished(run.job(j).name(), EngineMetrics.Outcome.FAILURE, timeout.toNanos());
        fail(run, j, run.describe(j) + " timed out after " + timeout + " (job meta 'timeout' or the engine's"
                + " defaultJobTimeout) and was interrupted");
        checkDone(run);
    }

    private void cancelRun(WorkflowRun run) {
        if (run == null || run.phase == WorkflowRun.Phase.CALLBACKS || run.phase == WorkflowRun.Phase.DONE) {
            return; // already ending
        }
        run.phase = WorkflowRun.Phase.RUNNING;
        if (journaling) {
            journalBatch.add(new Transition.Cancelled(run.key));
        }
        interruptRunning(run, "the workflow was cancelled");
        finish(run, WorkflowState.Status.CANCELLED);
    }

    private void callbackReported(WorkflowRun run, Event.CallbackReported c) {
        if (run == null || run.phase != WorkflowRun.Phase.CALLBACKS) {
            return;
        }
        if (c.error() != null) {
            run.callbackErrors.put(c.callback().jsonName(), c.error());
            LOG.log(System.Logger.Level.WARNING, "the " + c.callback() + " callback of workflow " + run.id + " failed:\n" + c.error());
        }
        if (--run.callbacksLeft == 0) {
            publishFinal(run);
        }
    }

    // ---- ending a run -------------------------------------------------------------------------

    private void checkDone(WorkflowRun run) {
        if (run.phase != WorkflowRun.Phase.RUNNING || run.inFlight > 0) {
            return;
        }
        if (!run.failed && run.finished == run.size()) {
            finish(run, WorkflowState.Status.SUCCESS);
        } else if (run.failed && (run.stopping || (run.queued == 0 && run.timers == 0))) {
            finish(run, WorkflowState.Status.FAILURE);
        }
    }

    private void finish(WorkflowRun run, WorkflowState.Status status) {
        run.phase = WorkflowRun.Phase.CALLBACKS;
        run.outcome = status;
        run.stopping = true;
        changed(run, -1);
        List<Map.Entry<Callback, Job>> callbacks = new ArrayList<>();
        for (Map.Entry<Callback, Job> e : run.workflow.callbacks().entrySet()) {
            Callback when = e.getKey();
            if (when == Callback.ON_FINISHED
                    || when == Callback.ON_SUCCESS && status == WorkflowState.Status.SUCCESS
                    || when == Callback.ON_FAILURE && status == WorkflowState.Status.FAILURE) {
                callbacks.add(e);
            }
        }
        if (callbacks.isEmpty() || shutdown) {
            publishFinal(run);
            return;
        }
        run.callbacksLeft = callbacks.size();
        for (Map.Entry<Callback, Job> e : callbacks) {
            Callback when = e.getKey();
            Job job = e.getValue();
            toStart.add(jobThreads.newThread(() -> runCallback(run, when, job, status)));
        }
    }

    /** The run is done: journals that; {@link #commit} then publishes it and completes its future. */
    private void publishFinal(WorkflowRun run) {
        run.phase = WorkflowRun.Phase.DONE;
        if (journaling) {
            journalBatch.add(new Transition.Finished(run.key, run.outcome));
        }
        toComplete.add(run);
    }

    private void completeRun(WorkflowRun run) {
        run.publishedFinished = run.finished;
        run.published = run.outcome; // the last volatile write: readers that see it see everything
        changed(run, -1);
        flushStore();
        metrics.workflowFinished(run.outcome);
        // The store has caught up before await() reports the run finished.
        config.stateStore().afterFlushed(() -> run.completion.complete(run.state()));
    }

    private void interruptRunning(WorkflowRun run, String why) {
        for (int j = 0; j < run.size(); j++) {
            if (run.status[j] == WorkflowRun.STARTING) {
                Thread thread = run.threads[j];
                if (thread != null) {
                    thread.interrupt();
                }
                run.status[j] = WorkflowRun.FAILURE;
                run.exceptions.put(j, run.describe(j) + " was interrupted: " + why);
                if (journaling) {
                    journalBatch.add(new Transition.Failed(run.key, j, run.exceptions.get(j)));
                }
                run.finished++;
                changed(run, j);
            }
        }
        run.inFlight = 0;
        run.timeoutStamps.clear();
        run.stopping = true;
    }

    /** On shutdown: every unfinished run ends now, without callbacks. */
    private void stopAll() {
        shutdown = true;
        synchronized (lifecycle) {
            closed = true; // also when the loop died (e.g. the journal failed): run() refuses from now on
        }
        if (halted) {
            journaling = false; // a simulated crash journals nothing more
            journalBatch.clear();
            discardUnstarted(); // never started: their Started transition was not journaled
        }
        for (WorkflowRun run : runs.values()) {
            if (run.phase == WorkflowRun.Phase.DONE) {
                continue;
            }
            if (run.phase != WorkflowRun.Phase.CALLBACKS) {
                if (journaling && run.phase == WorkflowRun.Phase.RUNNING) {
                    journalBatch.add(new Transition.Cancelled(run.key));
                }
                interruptRunning(run, "the engine was closed");
                run.outcome = WorkflowState.Status.CANCELLED;
            }
            publishFinal(run);
        }
        discardUnstarted(); // callbacks do not run on close
        try {
            commit();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not journal the cancellation of the unfinished workflows", e);
            journalBatch.clear();
            toComplete.forEach(this::completeRun);
            toComplete.clear();
        }
        for (WorkflowRun run : runs.values()) {
            // A submit whose Submitted never got applied or journaled must not wait forever.
            run.accepted.completeExceptionally(new IllegalStateException("engine is closed"));
        }
        publish();
        config.journal().close();
        config.stateStore().close();
    }

    // ---- dispatching --------------------------------------------------------------------------

    private void enqueue(WorkflowRun run, int j) {
        if (replaying) {
            return; // readiness is worked out once the whole journal is read (resume)
        }
        run.ready.add(j);
        run.queued++;
        readyDepth++;
        if (!run.enlisted) {
            run.enlisted = true;
            runsWithReady.add(run);
        }
    }

    /** Drops what this iteration dispatched but has not started (threads, or inline job bodies). */
    private void discardUnstarted() {
        toStart.clear();
        toRunInline.clear();
    }

    /**
     * Starts the threads this iteration dispatched (once their transitions are journaled). Starting a virtual thread costs about as much as
     * running a no-op job, so a large batch is started by a few launcher threads in parallel instead of
     * serially by the loop; the loop has already recorded every state change, so only the physical
     * start moves.
     */
    private void startThreads() {
        if (!toRunInline.isEmpty()) {
            for (int i = 0; i < toRunInline.size(); i++) {
                toRunInline.get(i).run(); // reports onto the stack, applied in the next iteration
            }
            toRunInline.clear();
        }
        int n = toStart.size();
        if (n < LAUNCH_CHUNK) {
            for (int i = 0; i < n; i++) {
                toStart.get(i).start();
            }
        } else {
            for (int from = 0; from < n; from += LAUNCH_CHUNK) {
                List<Thread> chunk = List.copyOf(toStart.subList(from, Math.min(n, from + LAUNCH_CHUNK)));
                jobThreads.newThread(() -> chunk.forEach(Thread::start)).start();
            }
        }
        toStart.clear();
    }

    private void dispatchReady() {
        // At most DISPATCH_CHUNK per iteration: their threads start (commit) while the loop comes
        // back for the rest, instead of a 10^6-job fan-out holding 10^6 unstarted threads at once.
        for (int dispatched = 0; running < maxConcurrency && dispatched < DISPATCH_CHUNK; dispatched++) {
            WorkflowRun run = runsWithReady.peekFirst();
            if (run == null) {
                return;
            }
            if (run.ready.isEmpty()) {
                runsWithReady.pollFirst();
                run.enlisted = false;
                continue;
            }
            int j = run.ready.poll();
            run.queued--;
            readyDepth--;
            if (run.phase != WorkflowRun.Phase.RUNNING || run.stopping) {
                checkDone(run); // dropped: the job stays PENDING
                continue;
            }
            dispatch(run, j);
        }
    }

    private void dispatch(WorkflowRun run, int j) {
        Job job = run.job(j);
        String limitedName = null;
        Duration timeout = config.defaultJobTimeout();
        if (!job.meta().isEmpty()) {
            Integer limit = JobMeta.concurrency(job); // validated at run()
            if (limit != null) {
                NameLimit slots = nameLimits.computeIfAbsent(job.name(), k -> new NameLimit(limit));
                if (slots.running >= slots.limit) {
                    slots.waiting.add(new Waiting(run, j));
                    run.queued++;
                    return;
                }
                slots.running++;
                limitedName = job.name();
            }
            Duration own = JobMeta.timeout(job);
            timeout = own != null ? own : timeout;
        }
        run.status[j] = WorkflowRun.STARTING;
        run.inFlight++;
        running++;
        changed(run, j);
        if (journaling) {
            journalBatch.add(new Transition.Started(run.key, j, run.retries[j]));
        }
        String limited = limitedName;
        Runnable body = () -> execute(run, j, job, limited);
        Thread thread = inlineJobs ? null : jobThreads.newThread(body);
        run.threads[j] = thread;
        if (timeout != null) {
            long stamp = timeoutStamps++;
            run.timeoutStamps.put(j, stamp);
            timers.add(new TimerEntry(config.clock().nanoTime() + timeout.toNanos(), timerSeq++, run, j, stamp));
        }
        metrics.jobStarted();
        if (inlineJobs) {
            toRunInline.add(body);
        } else {
            toStart.add(thread); // started by commit(), once its Started transition is journaled
        }
    }

    private void releaseNameSlot(String name) {
        NameLimit slots = nameLimits.get(name);
        slots.running--;
        Waiting next = slots.waiting.poll();
        if (next != null) {
            next.run().queued--;
            enqueue(next.run(), next.job());
        }
    }

    private Duration timeoutOf(Job job) {
        Duration own = job.meta().isEmpty() ? null : JobMeta.timeout(job);
        return own != null ? own : config.defaultJobTimeout();
    }

    // ---- publishing ---------------------------------------------------------------------------

    private void changed(WorkflowRun run, int j) {
        changed(run, j, null, null);
    }

    private void changed(WorkflowRun run, int j, String output, Object value) {
        if (!run.touched) {
            run.touched = true;
            touchedRuns.add(run);
        }
        if (storeEnabled) {
            dirty.add(new Dirty(run, j, output, value));
        }
    }

    /** Makes this batch's writes visible to readers (one volatile write per changed run). */
    private void publish() {
        for (WorkflowRun run : touchedRuns) {
            run.touched = false;
            if (run.phase != WorkflowRun.Phase.DONE) {
                run.publishedFinished = run.finished;
            }
        }
        touchedRuns.clear();
        flushStore();
    }

    /** Hands the states changed since the last flush to the {@link StateStore}. */
    private void flushStore() {
        if (dirty.isEmpty()) {
            return;
        }
        List<StateStore.Change> changes = new ArrayList<>(dirty.size());
        for (Dirty d : dirty) {
            if (runs.get(d.run().id) != d.run()) {
                continue; // cleared (also: replayed from the journal, then cleared): nothing to store
            }
            changes.add(d.job() < 0
                    ? new StateStore.Change(d.run().id, null, null, d.run().state())
                    : new StateStore.Change(d.run().id, Integer.toString(d.job() + 1), d.run().jobState(d.job()), null,
                            d.output(), d.value()));
        }
        dirty.clear();
        config.stateStore().write(changes);
    }

    // ---- on the job's virtual thread ----------------------------------------------------------

    private void execute(WorkflowRun run, int j, Job job, String limitedName) {
        long started = System.nanoTime();
        JobResult result = null;
        String error = null;
        String payload = null;
        try {
            // Resolved here, not on the loop: the loop's time per job stays small, and a resolver
            // that throws fails this job instead of the loop.
            result = Invoker.invoke(resolver.apply(job.name()), job, Invoker.Context.job(run, j));
            if (result instanceof Success s && job.output() != null) {
                payload = toJson(s.result(), () -> run.describe(j) + " returned a value for output '"
                        + job.output() + "' that");
            } else if (result instanceof CheckLater later && journalEnabled) {
                payload = toJson(later.context(), () -> run.describe(j) + " returned a CheckLater context that");
            }
        } catch (InvalidWorkflow.UnserializableArgument e) {
            result = null;
            error = Invoker.stackTrace(new InvalidJobReturn(e.getMessage(), e.getCause()));
        } catch (Throwable e) {
            result = null;
            error = Invoker.stackTrace(e);
        }
        report(new Event.JobReported(run, j, result, error, limitedName, System.nanoTime() - started, payload));
    }

    /**
     * Checks that {@code value} serializes; when the engine journals, returns its JSON (written once,
     * here on the job's thread), else null.
     */
    private String toJson(Object value, java.util.function.Supplier<String> what) {
        if (!journalEnabled) {
            Json.requireSerializable(value, what);
            return null;
        }
        try {
            return Json.write(value);
        } catch (RuntimeException e) {
            Json.requireSerializable(value, what); // throws the descriptive UnserializableArgument
            throw e;
        }
    }

    private void runCallback(WorkflowRun run, Callback when, Job job, WorkflowState.Status status) {
        String error = null;
        try {
            Invoker.invoke(resolver.apply(job.name()), job, Invoker.Context.callback(run, when.jsonName(), status));
        } catch (Throwable e) {
            error = Invoker.stackTrace(e);
        }
        post(new Event.CallbackReported(run.id, when, error));
    }
}
