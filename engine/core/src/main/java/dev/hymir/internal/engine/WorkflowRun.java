package dev.hymir.internal.engine;

import dev.hymir.Job;
import dev.hymir.JobState;
import dev.hymir.Progress;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.Plan;
import dev.hymir.spi.RunView;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * One workflow run's state, in flat arrays indexed by job index (job id minus one).
 *
 * <p><b>Two copies of what changes.</b> The core (one pass at a time, see {@link Core}) works on the
 * <em>working</em> state: {@code status}, {@code remaining}, the counters. Readers (the API, the
 * state store, jobs binding their inputs) see the <em>shown</em> state, which the core updates only
 * after the pass's journal records are written ({@link Core}'s publish step): nothing is visible
 * before it is durable. Without a journal the two status arrays are one array. A reader first reads
 * the volatile {@link #shownFinished} (written last by each publish), so the plain writes of that
 * publish happen-before its reads; once {@link #published} is a finished status nothing changes.
 */
public final class WorkflowRun implements RunView {
    static final byte PENDING = 0;
    static final byte STARTING = 1;
    static final byte SUCCESS = 2;
    static final byte FAILURE = 3;

    enum Phase { SUBMITTED, RUNNING, CALLBACKS, DONE }

    final String id;
    final CompiledWorkflow compiled;
    final Dag dag;
    final Plan plan;

    // ---- working state: the core only ----
    final int[] remaining;
    final byte[] status;
    final JobExecution[] running;       // the attempt the core waits for, per job (null: none)
    final Map<Integer, Integer> retries = new HashMap<>(); // jobs retried at least once
    final Map<Integer, Integer> dispatches = new HashMap<>(); // dispatchers that journal starts: attempts made per job
    final IntQueue ready = new IntQueue();
    boolean enlisted;       // in Admission's list of runs with ready jobs
    boolean touched;        // changed in the current pass: publish at its end
    int queued;             // ready, or waiting for a per-name slot
    int inFlight;           // attempts dispatched whose outcome is not applied yet
    /** With an ObservationRegistry: the run's observation, set before its Submitted is posted (jobs' parent). */
    io.micrometer.observation.Observation observation;
    int timers;             // Retry / CheckLater delays pending
    int finished;           // jobs SUCCESS or FAILURE
    boolean failed;
    boolean stopping;       // nothing new starts (FAIL_FAST after a failure, or cancelled)
    boolean cancelled;
    Phase phase = Phase.SUBMITTED;
    WorkflowState.Status outcome;
    int callbacksLeft;
    int key = -1;           // journal key, given when the Submitted transition is made
    String recoveryError;   // replay: why the run cannot resume
    boolean storedRecorded; // a Stored transition is journaled: its final state reached the state store
    Map<Integer, Long> dueMillis; // replay: pending Retry/CheckLater due times (epoch millis) by job

    // ---- shown state: written by the core's publish step, read by anyone ----
    private final byte[] shown;
    private final Map<Integer, Integer> shownRetries = new ConcurrentHashMap<>();
    final Map<Integer, Map<String, Object>> contexts = new ConcurrentHashMap<>();
    final Map<Integer, String> exceptions = new ConcurrentHashMap<>();
    private final Map<String, OutputValues> outputs = new ConcurrentHashMap<>();
    final Map<String, String> callbackErrors = new ConcurrentHashMap<>();
    final CompletableFuture<WorkflowState> completion = new CompletableFuture<>();
    /** Completed once the run's Submitted transition is durable: run() returns only then. */
    final CompletableFuture<Void> accepted = new CompletableFuture<>();
    volatile WorkflowState.Status published = WorkflowState.Status.PENDING;
    volatile int shownFinished;

    // ---- changes a state store has not read yet (only kept when the engine has a store) ----
    private final long[] changedJobs;   // one bit per job
    private final AtomicBoolean stateChanged = new AtomicBoolean();
    final AtomicBoolean storeNotified = new AtomicBoolean();

    WorkflowRun(String id, CompiledWorkflow compiled, boolean separateShownState, boolean trackChanges) {
        this.id = id;
        this.compiled = compiled;
        this.dag = compiled.dag();
        this.plan = compiled.plan();
        int n = dag.size();
        this.remaining = plan.inDegree().clone();
        this.status = new byte[n];
        this.shown = separateShownState ? new byte[n] : status;
        this.running = new JobExecution[n];
        this.changedJobs = trackChanges ? new long[(n + 63) >>> 6] : null;
    }

    // ---- the core's publish step ----

    /** Makes job {@code j}'s working status (and retries) visible; core only. */
    void show(int j) {
        shown[j] = status[j];
        if (!retries.isEmpty()) { // most runs never retry: no boxing, no lookup
            Integer r = retries.get(j);
            if (r != null) {
                shownRetries.put(j, r);
            }
        }
        if (changedJobs != null) {
            LONGS.getAndBitwiseOr(changedJobs, j >>> 6, 1L << j);
        }
    }

    /** Appends a succeeded job's value to its output; core only, after the success is durable. */
    void showOutput(String output, Object value) {
        outputs.computeIfAbsent(output, k -> new OutputValues()).add(value);
    }

    /** Publishes the counters and the run's state (the volatile writes readers synchronise on). */
    void showRun(WorkflowState.Status state) {
        if (state != published) {
            published = state;
            stateChanged.set(true);
        }
        shownFinished = finished;
    }

    // ---- reads, from any thread ----

    public String id() {
        return id;
    }

    @Override
    public String workflowId() {
        return id;
    }

    @Override
    public Workflow workflow() {
        return compiled.workflow();
    }

    @Override
    public int size() {
        return dag.size();
    }

    @Override
    public WorkflowState state() {
        return new WorkflowState(published);
    }

    public CompletableFuture<WorkflowState> completion() {
        return completion;
    }

    /** The state of job {@code index}; see the class comment for why this read is safe. */
    @Override
    public JobState jobState(int index) {
        int unused = shownFinished; // volatile read first: see the last publish's plain writes
        JobState.Status s = JobState.Status.ofCode(shown[index]);
        Map<String, Object> context = contexts.getOrDefault(index, Map.of());
        int retried = shownRetries.isEmpty() ? 0 : shownRetries.getOrDefault(index, 0);
        return new JobState(s, retried, context, exceptions.isEmpty() ? null : exceptions.get(index));
    }

    public Map<String, JobState> jobStates() {
        Map<String, JobState> states = new LinkedHashMap<>();
        for (int i = 0; i < dag.size(); i++) {
            states.put(Integer.toString(i + 1), jobState(i));
        }
        return Collections.unmodifiableMap(states);
    }

    public Progress progress() {
        return new Progress(shownFinished, dag.size());
    }

    /** Each output's values in completion order (a copy). */
    public Map<String, List<Object>> outputs() {
        Map<String, List<Object>> copy = new TreeMap<>();
        for (Map.Entry<String, OutputValues> e : outputs.entrySet()) {
            copy.put(e.getKey(), e.getValue().from(0));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The values of output {@code name} so far (empty if none). */
    List<Object> outputValues(String name) {
        return outputValues(name, 0);
    }

    @Override
    public List<Object> outputValues(String name, int from) {
        OutputValues values = outputs.get(name);
        return values == null ? List.of() : values.from(from);
    }

    @Override
    public int outputCount(String name) {
        OutputValues values = outputs.get(name);
        return values == null ? 0 : values.size();
    }

    @Override
    public Set<String> outputNames() {
        return compiled.workflow().outputs();
    }

    @Override
    public void drainChangedJobs(IntConsumer sink) {
        storeNotified.set(false); // changes from now on notify the store again
        if (changedJobs == null) {
            return;
        }
        for (int w = 0; w < changedJobs.length; w++) {
            if ((long) LONGS.getVolatile(changedJobs, w) == 0) {
                continue;
            }
            long bits = (long) LONGS.getAndSet(changedJobs, w, 0L);
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                sink.accept((w << 6) + b);
            }
        }
    }

    @Override
    public boolean takeStateChanged() {
        return stateChanged.get() && stateChanged.getAndSet(false);
    }

    /** Errors of callbacks that threw, by callback name; empty if none did. */
    public Map<String, String> callbackErrors() {
        return Collections.unmodifiableMap(callbackErrors);
    }

    /** Job {@code index} without its identity (which is {@code index + 1}): the shared template. */
    Job job(int index) {
        return dag.template(index);
    }

    int retriesOf(int j) {
        return retries.isEmpty() ? 0 : retries.getOrDefault(j, 0);
    }

    String describe(int index) {
        return "job " + (index + 1) + " (" + dag.template(index).name() + ")";
    }

    @Override
    public String toString() {
        return "WorkflowRun(" + id + ", " + published + ", " + shownFinished + "/" + dag.size() + ")";
    }

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
}
