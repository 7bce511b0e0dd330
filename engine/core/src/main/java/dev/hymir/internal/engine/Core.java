package dev.hymir.internal.engine;

import dev.hymir.Callback;
import dev.hymir.EngineClock;
import dev.hymir.FailurePolicy;
import dev.hymir.HymirException;
import dev.hymir.Job;
import dev.hymir.JobResult;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowState;
import dev.hymir.spi.DispatchContext;
import dev.hymir.spi.Dispatcher;
import dev.hymir.spi.JobTicket;
import dev.hymir.spi.Journal;
import dev.hymir.spi.StateStore;
import dev.hymir.spi.Transition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine's core: it owns the state of every run and moves it, one <em>pass</em> at a time.
 *
 * <p><b>Who runs a pass.</b> There is no loop thread. Whoever posts work (a job reporting its outcome,
 * {@code run()}, a timer, a cancel) then tries to take the core ({@link #drive}); the one that gets it
 * runs passes while work waits, and the others leave their work for it (flat combining). So a job's
 * report is applied on the thread that just ran the job, without waking another thread, and the
 * state is still written by one thread at a time: plain fields, no locks on the hot path. A job
 * thread keeps the core while work arrives; other threads do one pass and hand the rest to a fresh
 * virtual thread, so {@code run()} returns promptly. Timers have their own platform thread
 * ({@link Timers}), so they fire while CPU-bound jobs hold every carrier.
 *
 * <p><b>A pass</b> ({@link #pass}): apply the reports and events that arrived, admit ready jobs
 * ({@link Admission}), append the pass's journal records in one call (group commit), then show the
 * new states to readers and the state store, and only then let the effects out: attempts go to the
 * {@link Dispatcher}, interrupts, callbacks, clears, completed futures. Nothing is visible before it
 * is durable; journal order is state order.
 */
public final class Core implements DispatchContext {
    static final Logger LOG = LoggerFactory.getLogger("dev.hymir.engine");

    /** Immutable settings, validated by the engine's builder. {@code maxConcurrency <= 0}: unlimited. */
    public record Config(int maxConcurrency, Duration defaultJobTimeout, FailurePolicy failurePolicy, EngineClock clock,
                         MeterRegistry meterRegistry, ObservationRegistry observationRegistry, Journal journal,
                         StateStore stateStore, Dispatcher dispatcher, WorkflowCompiler compiler, JobResolver resolver) {
    }

    private final Config config;
    private final boolean journaling;
    private final boolean storing;
    private final long defaultTimeoutNanos;
    private final EngineMetrics metrics;
    private final Timers timers;
    private final Admission admission;
    private final RunRules rules;
    private final JobRunner runner;
    private final Map<String, WorkflowRun> runs = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Event> inbox = new ConcurrentLinkedQueue<>();
    private final ReportStack reports;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicBoolean drainerStarted = new AtomicBoolean();
    private volatile boolean dispatchRequested;
    /** Whether a job's thread may run the next job itself (jobs run on this JVM's virtual threads). */
    private final boolean keepsNextJob;
    // Set by the thread that has the core: it may keep one attempt; the one kept.
    private boolean keeping;
    private JobExecution keptTicket;
    // Jobs and callbacks do not inherit inheritable thread-locals from whoever happened to start them.
    private final ThreadFactory userThreads = Thread.ofVirtual().inheritInheritableThreadLocals(false).factory();
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private volatile RuntimeException journalFailure;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    // One pass at a time.
    private final Pass pass = new Pass();
    private boolean shutdown;
    private int nextKey;

    public Core(Config config) {
        this.config = config;
        this.keepsNextJob = config.dispatcher() instanceof LocalDispatcher;
        this.journaling = config.journal() != Journal.NONE;
        this.storing = config.stateStore() != null;
        this.defaultTimeoutNanos = config.defaultJobTimeout() == null ? 0 : Durations.toNanosSaturated(config.defaultJobTimeout());
        this.metrics = new EngineMetrics(RunObservations.of(config.observationRegistry()));
        this.reports = new ReportStack(metrics);
        this.timers = new Timers(config.clock(), this::timerFired);
        this.admission = new Admission(config.maxConcurrency(), defaultTimeoutNanos, config.dispatcher(), timers, metrics);
        this.rules = new RunRules(config.failurePolicy(), config.clock(), admission, timers, metrics, this);
        this.runner = new JobRunner(config.resolver(), journaling, metrics.observations());
        metrics.gauges(admission::readyDepth, timers::pending);
        if (storing) {
            config.stateStore().start(new StoreContext(runs, config.meterRegistry()));
        }
        config.dispatcher().start(this);
        pass.journaling = journaling;
        pass.trackSettled = config.dispatcher().journalsStarts();
        if (journaling) {
            // On the building thread: build() returns with every recovered run readable.
            Recovery recovery = new Recovery(this, config.compiler(), rules, admission, pass, config.dispatcher().journalsStarts());
            nextKey = recovery.recover(config.journal(), config.clock().epochMillis());
            for (int key : config.journal().deleteDone(key -> recovery.isDone(key, storing))) {
                recovery.forget(key); // its records are gone: the engine no longer knows it
            }
            if (storing) {
                for (WorkflowRun run : recovery.cleared()) { // the delete may not have happened before a crash
                    config.stateStore().clear(run.id, run.outputNames(), () -> { });
                }
            }
        }
        timers.start();
        dispatchRequested = true; // show what recovery rebuilt, dispatch what it made ready
        drive(false, false);
    }

    // ---- called by other threads --------------------------------------------------------------

    /** Registers and starts a run; once the engine journals, returns only when its submission is durable. */
    public WorkflowRun submit(String id, CompiledWorkflow compiled) {
        WorkflowRun run = newRun(id, compiled);
        byte[] definition = journaling ? config.compiler().definition(compiled.workflow()) : null; // off the core
        synchronized (lifecycle) { // orders submit against close: a Submitted is always ahead of Shutdown
            if (closed) {
                throw closedError();
            }
            runs.put(id, run);
            metrics.workflowStarted(run);
            inbox.add(new Event.Submitted(run, definition));
        }
        drive(false, false);
        if (journaling) {
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

    /** The ids of the runs the core holds (a copy). */
    public List<String> ids() {
        return List.copyOf(runs.keySet());
    }

    public void cancel(String id) {
        post(new Event.CancelRequested(get(id)));
    }

    /** Forgets a finished run once its clear is durable (and the state store deleted it, within the store's limit). */
    public void clear(String id) {
        WorkflowRun run = get(id);
        WorkflowState.Status status = run.published;
        if (!status.isFinished()) {
            throw new IllegalStateException("workflow '" + id + "' is " + status
                    + ": only a finished workflow can be cleared (await it, or cancel it first)");
        }
        if (stopped.isDone()) {
            throw closedError();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(new Event.ClearRequested(run, done));
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Cancels every unfinished run (running jobs are interrupted, callbacks do not run, futures
     * complete with CANCELLED), closes the journal, the store and the dispatcher, and returns once done.
     */
    public void close() {
        synchronized (lifecycle) {
            if (!closed) {
                closed = true;
                inbox.add(new Event.Shutdown());
            }
        }
        drive(false, false);
        stopped.join();
    }

    /** The engine's platform threads (its timer thread), for tests that check close() stops them. */
    public List<Thread> threads() {
        return List.of(timers.thread());
    }

    private void post(Event event) {
        inbox.add(event);
        drive(false, false);
    }

    // ---- DispatchContext: attempts run here or elsewhere report through these ----------------------

    @Override
    public void execute(JobTicket ticket) {
        // The job's thread then takes the core, and may come back with a job that became ready: it
        // runs that one next, rather than ending while a new thread is started for it (a chain's
        // hop then costs no thread start).
        JobExecution x = (JobExecution) ticket;
        while (x != null && runner.run(x)) {
            reports.push(x);
            x = drive(true, keepsNextJob);
        }
    }

    @Override
    public boolean report(JobTicket ticket, JobResult result, String error, String payload, long nanos) {
        JobExecution x = (JobExecution) ticket;
        if (!x.claimReport()) {
            return false;
        }
        x.result = result;
        x.error = error;
        x.payload = payload;
        x.nanos = nanos;
        push(x);
        return true;
    }

    @Override
    public void capacityFreed() {
        dispatchRequested = true;
        drive(false, false);
    }

    /** Pushes the report; then this thread (its job is done) serves the core while work arrives. */
    private void push(JobExecution x) {
        reports.push(x);
        drive(true, false);
    }

    private void timerFired(Timers.Entry entry) {
        post(new Event.TimerFired(entry));
    }

    void startCallback(WorkflowRun run, Callback when, Job job, WorkflowState.Status status) {
        userThreads.newThread(() -> {
            String error = runner.runCallback(run, when, job, status);
            inbox.add(new Event.CallbackReported(run, when, error));
            drive(true, false);
        }).start();
    }

    // ---- taking the core ------------------------------------------------------------------------

    private boolean hasWork() {
        return !reports.isEmpty() || !inbox.isEmpty() || dispatchRequested;
    }

    /**
     * Runs passes while work waits, if no other thread has the core (that one then sees this work:
     * it re-checks after letting go). {@code persistent}: keep going while work arrives (a job thread
     * whose job is done); else one pass, and a fresh virtual thread carries on if work remains.
     * {@code mayKeep}: a local job's thread may keep one attempt the pass dispatches, to run it next
     * (returned; it then stops serving the core, so that job is not held up).
     */
    private JobExecution drive(boolean persistent, boolean mayKeep) {
        JobExecution kept = null;
        while (hasWork()) {
            if (stopped.isDone()) {
                reports.clear();
                inbox.clear();
                return kept;
            }
            if (leading.get() || !leading.compareAndSet(false, true)) {
                return kept; // the thread that has the core sees this work before it lets go
            }
            try {
                keeping = mayKeep && kept == null;
                do {
                    dispatchRequested = false;
                    pass();
                } while (persistent && keptTicket == null && hasWork() && !stopped.isDone());
            } finally {
                if (keptTicket != null) {
                    kept = keptTicket;
                    keptTicket = null;
                }
                keeping = false;
                leading.set(false);
            }
            if (!persistent || kept != null) {
                if (hasWork() && drainerStarted.compareAndSet(false, true)) {
                    userThreads.newThread(() -> {
                        drainerStarted.set(false);
                        drive(true, false);
                    }).start();
                }
                return kept;
            }
        }
        return kept;
    }

    // ---- a pass ---------------------------------------------------------------------------------

    private void pass() {
        long started = metrics.startTiming();
        int applied = applyReports();
        for (Event e; (e = inbox.poll()) != null; ) {
            apply(e);
            applied++;
        }
        if (!shutdown) {
            admission.dispatch(pass, rules);
        }
        finishPass();
        metrics.passEnded(started, applied);
    }

    /** Applies the reports pushed since the last pass, in the order they arrived; returns how many. */
    private int applyReports() {
        int n = 0;
        JobExecution oldest = reports.takeOldestFirst();
        while (oldest != null) {
            JobExecution next = oldest.next;
            oldest.next = null;
            apply(oldest);
            oldest = next;
            n++;
        }
        return n;
    }

    private void apply(Event event) {
        try {
            switch (event) {
                case JobExecution x -> rules.reported(x, pass);
                case Event.Submitted s -> {
                    if (shutdown) {
                        s.run().accepted.completeExceptionally(closedError());
                    } else {
                        rules.start(s.run(), nextKey++, s.definition(), pass);
                    }
                }
                case Event.CancelRequested c -> rules.cancel(c.run(), pass);
                case Event.ClearRequested c -> clearRun(c.run(), c.done());
                case Event.TimerFired t -> rules.timerFired(t.entry(), pass);
                case Event.CallbackReported c -> rules.callbackReported(c.run(), c.callback(), c.error(), pass);
                case Event.Stored s -> {
                    if (!s.run().storedRecorded && runs.get(s.run().id) == s.run()) {
                        s.run().storedRecorded = true;
                        pass.record(new Transition.Stored(s.run().key));
                    }
                }
                case Event.Shutdown s -> shutdown = true;
            }
        } catch (RuntimeException | StackOverflowError e) {
            WorkflowRun run = Event.runOf(event);
            LOG.error("the Hymir core failed applying {}{}", event,
                    run == null ? "" : "; workflow " + run.id + " fails, the others go on", e);
            if (run != null) {
                rules.abort(run, "the engine failed on this workflow: " + e, pass);
            }
        }
    }

    private void clearRun(WorkflowRun run, CompletableFuture<Void> done) {
        if (runs.get(run.id) != run || run.phase != WorkflowRun.Phase.DONE) {
            done.complete(null); // cleared already
            return;
        }
        pass.record(new Transition.Cleared(run.key));
        pass.afterCommit.add(() -> { // durable first: a crash now leaves it cleared, keys and all
            runs.remove(run.id, run);
            if (storing) {
                config.stateStore().clear(run.id, run.outputNames(), () -> done.complete(null));
            } else {
                done.complete(null);
            }
        });
    }

    /** Journals, then shows, then lets out; see the class comment. */
    private void finishPass() {
        if (shutdown && !stopped.isDone()) {
            cancelAll();
        }
        if (!commit()) {
            return;
        }
        Publication.publish(pass, this);
        release();
        if (shutdown && !stopped.isDone()) {
            closeResources();
        }
    }

    /** Appends the pass's records (one call: group commit); false when the journal failed. */
    private boolean commit() {
        if (pass.records.isEmpty()) {
            return true;
        }
        try {
            long started = metrics.startTiming();
            config.journal().append(pass.records);
            metrics.committed(started, pass.records.size());
            return true;
        } catch (RuntimeException | Error e) {
            journalFailed(e);
            return false;
        } finally {
            pass.records.clear();
        }
    }

    private void release() {
        if (keeping && keptTicket == null && !pass.tickets.isEmpty()) {
            keptTicket = pass.tickets.removeLast();
        }
        if (!pass.tickets.isEmpty()) {
            config.dispatcher().dispatch(pass.tickets);
            pass.tickets.clear();
        }
        for (JobExecution x : pass.interrupts) {
            x.abandoned = true;
            config.dispatcher().interrupt(x);
        }
        pass.interrupts.clear();
        if (!pass.resumed.isEmpty()) {
            config.dispatcher().resume(pass.resumed);
            pass.resumed.clear();
        }
        if (!pass.settled.isEmpty()) {
            config.dispatcher().settled(pass.settled);
            pass.settled.clear();
        }
        for (Runnable r : pass.afterCommit) {
            r.run();
        }
        pass.afterCommit.clear();
    }

    /** On shutdown: every unfinished run ends now, CANCELLED, without callbacks. */
    private void cancelAll() {
        for (WorkflowRun run : runs.values()) {
            if (run.phase == WorkflowRun.Phase.DONE || run.phase == WorkflowRun.Phase.SUBMITTED) {
                continue;
            }
            if (run.phase == WorkflowRun.Phase.RUNNING) {
                pass.record(new Transition.Cancelled(run.key));
                rules.interruptRunning(run, "the engine was closed", pass);
                run.outcome = WorkflowState.Status.CANCELLED;
            }
            rules.end(run, pass);
        }
    }

    /**
     * The journal could not append: nothing of this pass is durable, so none of it is shown, and the
     * engine stops as a crash would (its journal says where to resume). Reads keep showing the last
     * durable states; awaiting callers get the failure instead of waiting forever.
     */
    private void journalFailed(Throwable e) {
        RuntimeException failure = new HymirException("the engine stopped: its journal could not append (" + e
                + "); what was journaled before resumes when an engine is built on the journal again", e);
        journalFailure = failure;
        LOG.error(failure.getMessage(), e);
        synchronized (lifecycle) {
            closed = true;
        }
        for (JobExecution x : pass.tickets) {
            x.abandoned = true;
        }
        pass.discard();
        pass.journaling = false;
        for (WorkflowRun run : runs.values()) {
            for (JobExecution x : run.running) {
                if (x != null) {
                    x.abandoned = true;
                    config.dispatcher().interrupt(x);
                }
            }
            run.accepted.completeExceptionally(closedError());
            run.completion.completeExceptionally(failure);
        }
        closeResources();
    }

    private void closeResources() {
        timers.close();
        metrics.unbind();
        closeQuietly(config.dispatcher());
        closeQuietly(config.journal());
        if (storing) {
            closeQuietly(config.stateStore());
        }
        stopped.complete(null);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c, e);
        }
    }

    private RuntimeException closedError() {
        RuntimeException failure = journalFailure;
        return failure != null ? new IllegalStateException("engine is closed: " + failure.getMessage(), failure)
                : new IllegalStateException("engine is closed");
    }

    // ---- for the parts of the core ----------------------------------------------------------------

    WorkflowRun newRun(String id, CompiledWorkflow compiled) {
        return new WorkflowRun(id, compiled, journaling, storing);
    }

    void register(WorkflowRun run) {
        runs.put(run.id, run);
    }

    void forget(WorkflowRun run) {
        runs.remove(run.id, run);
    }

    boolean isShuttingDown() {
        return shutdown;
    }

    long defaultTimeoutNanos() {
        return defaultTimeoutNanos;
    }

    EngineMetrics metrics() {
        return metrics;
    }

    /** Registers the engine's meters in {@code registry}, tagged {@code engine=<name>}; see {@link EngineMetrics#bind}. */
    public String bindMetrics(MeterRegistry registry, String name) {
        synchronized (lifecycle) {
            if (closed) {
                throw closedError();
            }
            return metrics.bind(registry, name);
        }
    }

    StateStore store() {
        return storing ? config.stateStore() : null;
    }

    /**
     * Completes the run's own future here (await()ers wake; nothing of a user's runs on it: users get
     * {@link #completion}, whose dependents run on a thread of their own).
     */
    void complete(WorkflowRun run) {
        run.completion.complete(run.state());
    }

    /**
     * The store called back on a finished run: report it finished (whether the store has it or gave up
     * waiting), and, once the store has it, journal that (retention may delete the run only then).
     */
    void storedOrGaveUp(WorkflowRun run, boolean stored) {
        complete(run);
        if (stored && journaling && !run.storedRecorded && !stopped.isDone()) {
            post(new Event.Stored(run));
        }
    }

    /**
     * The run's completion for users: completed on a virtual thread of its own after the run's, so
     * whatever they chain on it never runs on the core (it may even await another run).
     */
    public CompletableFuture<WorkflowState> completion(WorkflowRun run) {
        return run.completion.thenApplyAsync(state -> state, task -> userThreads.newThread(task).start());
    }

    int readyDepth() {
        return admission.readyDepth();
    }
}
