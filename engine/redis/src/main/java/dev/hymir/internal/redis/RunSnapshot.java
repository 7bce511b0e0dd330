package dev.hymir.internal.redis;

import dev.hymir.WorkflowState;
import dev.hymir.spi.RunView;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * What the flusher knows of one run: what of it Redis holds and what it writes next. The flusher's
 * thread only.
 *
 * <p><b>Reading a run.</b> The run's state is read <em>before</em> its changed jobs are drained and
 * its outputs read, and written only once every job drained with it is written: a reader that sees a
 * final state sees final jobs and every output value. A job that changed many times since the last
 * drain is read once, as it is now (coalescing costs nothing). Drained jobs wait in {@link #carry}
 * when a round has no room for them all; no new drain happens until they are written.
 *
 * <p><b>Rewrite.</b> The first write of a run, and every write after its snapshot failed or Redis
 * lost its data, deletes the run's keys and writes it whole from the engine: stale or foreign keys
 * under its id are replaced, and nothing depends on what a failed write left behind.
 */
final class RunSnapshot {
    private static final java.util.function.IntConsumer IGNORE = j -> {
    };

    final RunView view;
    final String id;
    final byte[] defKey;
    final byte[] stateKey;
    final byte[] jobsKey;
    final byte[] metaKey;
    final String[] outputs;
    final byte[][] crumbKeys;

    // ---- what must be written ----
    boolean rewrite = true;             // the next part deletes the keys and writes the run whole
    private int rewriteNext = -1;       // during a rewrite: every job from here on is still to be written
    private final IntList carry = new IntList();
    /**
     * Jobs that were STARTING when read, not written yet, in batches by when they were read: a job
     * usually finishes within milliseconds of starting, and written then it is written once. A batch
     * is read again after {@link #DEFER_NANOS} (or as soon as the run's state is final) and its jobs
     * still STARTING are written then; the others changed since, so the engine reported them again
     * and they were written as they are now.
     */
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
    static final long DEFER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200);

    private record Deferred(int[] jobs, int count, long since) {
    }

    private WorkflowState state;        // read before the last drain, not written yet
    private WorkflowState lastRead;     // the state last read (written or not)
    private boolean stateUnread;        // it changed after the last read (raced with the drain)
    long generation;                    // rewrites so far: a definition written for an older one is stale
    boolean definitionWritten;          // for this generation (the state is written only after it)
    boolean definitionAsked;            // asked of the DefinitionWriter for this generation
    int definitionsInFlight;            // asked and not answered (any generation): a clear waits for them
    private final int[] crumbsWritten;  // per output: values Redis holds
    private final int[] crumbsRead;     // per output: values the run held at the last drain
    long drains;
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    // ---- the flusher's bookkeeping ----
    boolean ready;                      // in the flusher's ready queue
    boolean parked;                     // waits for its deferred jobs' time (or the engine's next notification)
    long parkedUntil;
    boolean inParkedList;
    int failures;                       // consecutive failed writes
    long retryAt;                       // System.nanoTime() before which a failing run is not written
    long rewrites;                      // rewrites after the first write

    /** Tells {@code action} true once a drain numbered {@code drains} or later is stored, false at {@code deadline}. */
    static final class Waiter {
        final java.util.function.Consumer<Boolean> action;
        final long drains;
        final long deadline;
        boolean done;

        Waiter(java.util.function.Consumer<Boolean> action, long drains, long deadline) {
            this.action = action;
            this.drains = drains;
            this.deadline = deadline;
        }
    }

    RunSnapshot(RunView view, SnapshotFormat format) {
        this.view = view;
        this.id = view.workflowId();
        this.defKey = bytes(format.def(id));
        this.stateKey = bytes(format.state(id));
        this.jobsKey = bytes(format.jobs(id));
        this.metaKey = bytes(format.meta(id));
        this.outputs = new TreeSet<>(view.outputNames()).toArray(String[]::new);
        this.crumbKeys = new byte[outputs.length][];
        for (int k = 0; k < outputs.length; k++) {
            crumbKeys[k] = bytes(format.crumb(id, outputs[k]));
        }
        this.crumbsWritten = new int[outputs.length];
        this.crumbsRead = new int[outputs.length];
    }

    /** Every key of the run, for a delete. */
    byte[][] keys() {
        byte[][] keys = new byte[4 + crumbKeys.length][];
        keys[0] = defKey;
        keys[1] = stateKey;
        keys[2] = jobsKey;
        keys[3] = metaKey;
        System.arraycopy(crumbKeys, 0, keys, 4, crumbKeys.length);
        return keys;
    }

    /** Starts over: the next part deletes the keys and writes everything (after a failure or a Redis restart). */
    void rewriteWhole() {
        rewrite = true;
        rewriteNext = -1;
        carry.clear();
        deferred.clear();
        generation++;
        definitionWritten = false;
        definitionAsked = false;
    }

    /**
     * What one round writes of this run: at most {@code budget} job states. Reads the run's state,
     * drains its changed jobs and reads its output counts first when nothing drained before waits.
     */
    Part nextPart(int budget, long now) {
        Part part = new Part(this);
        if (rewriteNext < 0 && carry.isEmpty()) {
            if (rewrite) {
                rewrite = false;
                part.deleteFirst = true;
                // Never drained: every job that left PENDING is marked changed, so the drain finds them
                // all. Drained before: the jobs written since are not marked, so every job is read.
                rewriteNext = drains == 0 ? -1 : 0;
                Arrays.fill(crumbsWritten, 0);
                stateUnread = true;
            }
            boolean read = view.takeStateChanged() | stateUnread;
            stateUnread = false;
            if (read) {
                state = view.state();
                lastRead = state;
            }
            view.drainChangedJobs(rewriteNext >= 0 ? IGNORE : carry::add); // a rewrite writes every job anyway
            drains++;
            // The state changed between the read and the drain (the engine notifies a store again only
            // after a drain): read it again next round, before that round's drain.
            stateUnread = view.takeStateChanged();
            for (int k = 0; k < outputs.length; k++) {
                crumbsRead[k] = view.outputCount(outputs[k]);
            }
        }
        // Deferred jobs whose time has come go first (only those still STARTING are written).
        boolean finalRead = lastRead != null && lastRead.isFinished();
        IntList due = new IntList();
        while (!deferred.isEmpty() && (finalRead || now - deferred.peek().since() >= DEFER_NANOS)) {
            Deferred d = deferred.poll();
            for (int i = 0; i < d.count(); i++) {
                due.add(d.jobs()[i]);
            }
        }
        int[] again = due.take(Integer.MAX_VALUE);
        part.deferredSince = now;
        int[] jobs;
        if (rewriteNext >= 0) {
            int n = Math.min(budget, view.size() - rewriteNext);
            jobs = new int[n];
            for (int i = 0; i < n; i++) {
                jobs[i] = rewriteNext++;
            }
            part.skipDefaults = true; // Python reads a missing field as PENDING: the rewrite leaves them out
            if (rewriteNext == view.size()) {
                rewriteNext = -1;
            }
        } else {
            jobs = carry.take(budget);
        }
        part.dueDeferred = again.length;
        part.jobs = again.length == 0 ? jobs : concat(again, jobs);
        // Never when the state read is final: its jobs must be in Redis before it.
        part.mayDefer = !finalRead;
        part.crumbFrom = crumbsWritten.clone();
        part.crumbTo = crumbsRead.clone();
        part.drains = drains;
        part.generation = generation;
        if (rewriteNext < 0 && carry.isEmpty()) {
            part.state = state; // every job drained with it is in this part or written: it may follow them
        }
        return part;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Records what Redis now holds after {@code part} was written without error. */
    void written(Part part) {
        if (part.deferredCount > 0) {
            deferred.add(new Deferred(part.deferred, part.deferredCount, part.deferredSince));
        }
        for (int k = 0; k < outputs.length; k++) {
            crumbsWritten[k] = Math.max(crumbsWritten[k], part.crumbTo[k]);
        }
        if (part.stateSent && state == part.state) {
            state = null;
        }
        failures = 0;
    }

    /** Whether everything drained so far is in Redis (waiters for those drains can run). */
    boolean isStored() {
        if (rewrite || rewriteNext >= 0 || !carry.isEmpty() || !deferred.isEmpty() || !definitionWritten || state != null
                || stateUnread) {
            return false;
        }
        for (int k = 0; k < outputs.length; k++) {
            if (crumbsWritten[k] < crumbsRead[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the run has something to write now (else it waits for the engine's next notification, or
     * for {@link #deferredDue} when only deferred jobs wait).
     */
    boolean hasWork() {
        // A state waits for the definition (asked after the first write): not work for the flusher until then.
        if (rewrite || rewriteNext >= 0 || !carry.isEmpty() || (state != null && definitionWritten) || stateUnread) {
            return true;
        }
        for (int k = 0; k < outputs.length; k++) {
            if (crumbsWritten[k] < crumbsRead[k]) {
                return true;
            }
        }
        return !waiters.isEmpty() && waiters.peek().drains > drains;
    }

    /** Whether jobs wait in a deferred batch ({@link #deferredDue}: when the oldest is read again). */
    boolean hasDeferred() {
        return !deferred.isEmpty();
    }

    long deferredDue() {
        return deferred.peek().since() + DEFER_NANOS;
    }

    /** Job states drained (or due in a rewrite) and not yet written. */
    int pendingJobs() {
        int waiting = 0;
        for (Deferred d : deferred) {
            waiting += d.count();
        }
        return carry.size() + waiting + (rewriteNext >= 0 ? view.size() - rewriteNext : rewrite ? view.size() : 0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What one round writes of a run, kept until Redis acknowledged it so that a round whose reply was
     * lost is sent again exactly (every command in it is idempotent: HSET and SET of current values,
     * and output values pushed by a script only while the list holds as many as before).
     */
    static final class Part {
        final RunSnapshot run;
        boolean deleteFirst;
        int[] jobs;
        int dueDeferred;        // the first jobs are deferred ones read again: written only if still STARTING
        boolean mayDefer;       // a later job found STARTING may be deferred
        long deferredSince;     // when the jobs this part defers were read
        boolean skipDefaults;
        int[] deferred;         // filled while sending: the jobs deferred
        int deferredCount;
        int fields;             // job states sent
        int[] crumbFrom;
        int[] crumbTo;
        WorkflowState state;    // written last, if the definition is in Redis by then
        long drains;
        long generation;        // the run's rewrite number when this part was read

        // Filled while sending.
        boolean stateSent;
        String error;           // a command of this part failed: the run is rewritten after a backoff

        Part(RunSnapshot run) {
            this.run = run;
        }

        int jobCount() {
            return jobs.length;
        }
    }
}
