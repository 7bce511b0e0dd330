package dev.hymir.internal.engine;

import dev.hymir.Job;
import dev.hymir.JobState;
import dev.hymir.Progress;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.Plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One workflow run's state, in flat arrays indexed by job index (job id minus one).
 *
 * <p><b>Who writes, who reads.</b> Only the scheduler loop writes. Other threads read through the
 * public methods, which first read the volatile {@link #publishedFinished} (or {@link #published}):
 * the loop writes those after each batch, so every plain write of that batch to {@code status} and
 * {@code retries} happens-before the reader's later plain reads. A reader may also see a newer
 * value of a single byte or int (such reads never tear); contexts, exceptions and outputs live in
 * concurrent collections because they are objects. Once {@link #published} is a finished status
 * nothing changes any more, so reads of a finished run are exact.
 */
public final class WorkflowRun {
    static final byte PENDING = 0;
    static final byte STARTING = 1;
    static final byte SUCCESS = 2;
    static final byte FAILURE = 3;

    /** ConcurrentLinkedQueue holds no nulls; a job that succeeds with null appends this. */
    static final Object NULL = new Object();

    enum Phase { SUBMITTED, RUNNING, CALLBACKS, DONE }

    final String id;
    final Workflow workflow;
    final Dag dag;
    final Plan plan;

    // Written by the loop only (see the class comment for how readers see them).
    final int[] remaining;
    final byte[] status;
    final int[] retries;
    final Map<Integer, Map<String, Object>> contexts = new ConcurrentHashMap<>();
    final Map<Integer, String> exceptions = new ConcurrentHashMap<>();
    final Map<String, ConcurrentLinkedQueue<Object>> outputs = new ConcurrentHashMap<>();
    final CompletableFuture<WorkflowState> completion = new CompletableFuture<>();
    /** Completed once the run's Submitted transition is journaled: run() returns only then. */
    final CompletableFuture<Void> accepted = new CompletableFuture<>();

    // Loop-only bookkeeping, never read by other threads.
    final Thread[] threads;
    final IntQueue ready = new IntQueue();
    final Map<Integer, Long> timeoutStamps = new HashMap<>();
    boolean enlisted;       // in the scheduler's list of runs with ready jobs
    boolean touched;        // changed in the current batch: publish at its end
    int queued;             // ready, or waiting for a per-name slot
    int inFlight;           // STARTING jobs whose outcome is still to be applied
    int timers;             // Retry / CheckLater delays pending
    int finished;           // jobs SUCCESS or FAILURE
    boolean failed;
    boolean stopping;       // nothing new starts (FAIL_FAST after a failure, or cancelled)
    Phase phase = Phase.SUBMITTED;
    WorkflowState.Status outcome;
    int callbacksLeft;
    int key = -1;           // journal key, given when the Submitted transition is made
    boolean cancelled;      // replay: a Cancelled transition was seen
    String recoveryError;   // replay: why the run cannot resume (a job name no longer resolves)
    Map<Integer, Long> dueMillis; // replay: pending Retry/CheckLater due times (epoch millis) by job
    final Map<String, String> callbackErrors = new ConcurrentHashMap<>();

    volatile WorkflowState.Status published = WorkflowState.Status.PENDING;
    volatile int publishedFinished;

    WorkflowRun(String id, Workflow workflow, Dag dag, Plan plan) {
        this.id = id;
        this.workflow = workflow;
        this.dag = dag;
        this.plan = plan;
        int n = dag.size();
        this.remaining = plan.inDegree().clone();
        this.status = new byte[n];
        this.retries = new int[n];
        this.threads = new Thread[n];
    }

    public String id() {
        return id;
    }

    public Workflow workflow() {
        return workflow;
    }

    public int size() {
        return dag.size();
    }

    public WorkflowState state() {
        return new WorkflowState(published);
    }

    public CompletableFuture<WorkflowState> completion() {
        return completion;
    }

    /** The state of job {@code index}; see the class comment for why this read is safe. */
    public JobState jobState(int index) {
        int unused = publishedFinished; // volatile read first: see the batch's plain writes
        JobState.Status s = JobState.Status.ofCode(status[index]);
        Map<String, Object> context = contexts.getOrDefault(index, Map.of());
        return new JobState(s, retries[index], context, exceptions.get(index));
    }

    public Map<String, JobState> jobStates() {
        Map<String, JobState> states = new LinkedHashMap<>();
        for (int i = 0; i < dag.size(); i++) {
            states.put(Integer.toString(i + 1), jobState(i));
        }
        return Collections.unmodifiableMap(states);
    }

    public Progress progress() {
        return new Progress(publishedFinished, dag.size());
    }

    /** Each output's values in completion order (a copy). */
    public Map<String, List<Object>> outputs() {
        Map<String, List<Object>> copy = new TreeMap<>();
        for (Map.Entry<String, ConcurrentLinkedQueue<Object>> e : outputs.entrySet()) {
            copy.put(e.getKey(), values(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The values of output {@code name} so far (empty if none). */
    List<Object> outputValues(String name) {
        ConcurrentLinkedQueue<Object> q = outputs.get(name);
        return q == null ? List.of() : values(q);
    }

    /** Errors of callbacks that threw, by callback name; empty if none did. */
    public Map<String, String> callbackErrors() {
        return Collections.unmodifiableMap(callbackErrors);
    }

    private static List<Object> values(ConcurrentLinkedQueue<Object> q) {
        List<Object> list = new ArrayList<>();
        for (Object v : q) {
            list.add(v == NULL ? null : v);
        }
        return Collections.unmodifiableList(list);
    }

    Job job(int index) {
        return dag.job(index);
    }

    String describe(int index) {
        Job job = dag.job(index);
        return "job " + job.identity() + " (" + job.name() + ")";
    }
}
