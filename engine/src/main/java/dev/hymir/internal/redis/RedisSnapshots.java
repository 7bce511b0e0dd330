package dev.hymir.internal.redis;

import dev.hymir.JobState;
import dev.hymir.Workflow;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowState;
import dev.hymir.spi.RunView;
import dev.hymir.spi.StateStore;
import dev.hymir.internal.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Redis snapshot flusher. The scheduler loop only enqueues ({@link #write}: one lock, a few map
 * puts per change, no I/O); a daemon thread takes the pending states in FIFO batches and writes each
 * batch as one pipelined MULTI/EXEC with many fields per HSET.
 *
 * <p><b>Pending map.</b> One entry per job state and per workflow state (a newer change replaces the
 * pending one in place: at most one pending write per state), plus append-only entries for output
 * values ("crumbs", which must all be pushed, in order) and for a workflow's first sight, resync and
 * clear. Entries carry increasing sequence numbers in map order, so "everything up to seq S is
 * written" is one number ({@code flushedSeq}) and a barrier ({@link #afterFlushed}) waits for it.
 *
 * <p><b>Outage.</b> A failed batch is retried with exponential backoff (capped at 1 s) until it is
 * written; the transaction makes a retry safe (a batch is applied whole or not at all, so a crumb is
 * never pushed twice). Meanwhile changes keep accumulating, superseding by key. When more than
 * {@code maxPending} entries wait, the workflow whose change overflows stops queueing single changes:
 * its pending entries are dropped and one "resync" entry stands for them; when that entry is written,
 * the workflow's def, every job state, its outputs and its state are read from the engine and written
 * whole. A workflow stays in that mode until one resync completes with no change in between, so the
 * last resync reads its final state.
 */
public final class RedisSnapshots implements StateStore {
    private static final System.Logger LOG = System.getLogger(RedisSnapshots.class.getName());
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    /** The engine's current state, read for a workflow's definition and for a resync. Null: unknown id. */
    public interface Source {
        Workflow workflow(String id);

        WorkflowState workflowState(String id);

        Map<String, JobState> jobStates(String id);

        Map<String, List<Object>> outputs(String id);
    }

    /**
     * One changed state: a job's ({@code jobId != null}) or the workflow's ({@code jobId == null}).
     * {@code output}/{@code value}: a value appended to that output (the store appends it to its list).
     */
    record Change(String workflowId, String jobId, JobState job, WorkflowState workflow, String output, Object value) {
    }

    /** {@code url}: only to scrub its password out of logged Redis messages. */
    public record Settings(RedisUrl url, SnapshotFormat format, int maxPending, int batchSize, Duration finalFlushTimeout,
                           MeterRegistry meterRegistry) {
    }

    private sealed interface Op {
        String wf();
    }

    private record JobOp(String wf, String job, JobState state) implements Op {
    }

    private record StateOp(String wf, WorkflowState state) implements Op {
    }

    private record CrumbOp(String wf, String output, Object value) implements Op {
    }

    /** First sight of a workflow: its def, every job PENDING, its output lists emptied (recovery re-pushes them). */
    private record DefOp(String wf) implements Op {
    }

    private record ResyncOp(String wf) implements Op {
    }

    private record ClearOp(String wf, Set<String> outputs) implements Op {
    }

    private record JobKey(String wf, String job) {
    }

    private record StateKey(String wf) {
    }

    private record ResyncKey(String wf) {
    }

    private record Entry(long seq, Op op) {
    }

    /** {@code action} hears true once everything up to {@code target} is written, false if it gave up first. */
    private record Barrier(long target, long deadline, java.util.function.Consumer<Boolean> action) {
    }

    private final RedisClient client;
    private final Settings settings;
    private final SnapshotFormat format;
    private final Thread flusher;
    private volatile Source source;

    // Guarded by "this".
    private final LinkedHashMap<Object, Entry> pending = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> resyncing = new HashSet<>();
    /** Per pending resync entry: the smallest seq it stands for (of the entries it replaced). */
    private final Map<String, Long> resyncCovers = new HashMap<>();
    private final ArrayDeque<Barrier> barriers = new ArrayDeque<>();
    private long nextSeq = 1;
    private long flushedSeq;
    private boolean started;
    private boolean closing;
    private long closeDeadline;
    private volatile int lag;

    private final Timer flushDuration;
    private final DistributionSummary batchSize;
    private final Counter failures;
    private final Counter finalFlushTimeouts;
    private final Counter resyncs;

    public RedisSnapshots(RedisClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.format = settings.format();
        this.flusher = Thread.ofPlatform().daemon().name("hymir-redis-flusher").unstarted(this::run);
        MeterRegistry registry = settings.meterRegistry();
        if (registry == null) {
            flushDuration = null;
            batchSize = null;
            failures = null;
            finalFlushTimeouts = null;
            resyncs = null;
        } else {
            flushDuration = Timer.builder("hymir.snapshot.flush.duration")
                    .description("time to write one snapshot batch to Redis").register(registry);
            batchSize = DistributionSummary.builder("hymir.snapshot.batch.size")
                    .description("states written per snapshot batch").register(registry);
            Gauge.builder("hymir.snapshot.lag", this, s -> s.lag)
                    .description("changed states waiting to be written to Redis").register(registry);
            failures = Counter.builder("hymir.snapshot.failures")
                    .description("snapshot batch writes that failed (retried with backoff)").register(registry);
            finalFlushTimeouts = Counter.builder("hymir.snapshot.final.timeouts")
                    .description("finished workflows reported before their final state reached Redis").register(registry);
            resyncs = Counter.builder("hymir.snapshot.resyncs")
                    .description("workflows switched to a full resync because too many states were pending")
                    .register(registry);
        }
    }

    // ---- the engine's StateStore seam: it tells which runs changed; this reads them (core thread) ----

    /** Per run (core thread only): how many values of each output were handed to the flusher. */
    private final Map<String, Map<String, Integer>> crumbCursors = new HashMap<>();

    @Override
    public void start(Context context) {
        start(new Source() {
            private RunView find(String id) {
                for (RunView run : context.runs()) {
                    if (run.workflowId().equals(id)) {
                        return run;
                    }
                }
                return null;
            }

            @Override
            public Workflow workflow(String id) {
                RunView run = find(id);
                return run == null ? null : run.workflow();
            }

            @Override
            public WorkflowState workflowState(String id) {
                RunView run = find(id);
                if (run == null) {
                    throw new WorkflowDoesNotExist(id);
                }
                return run.state();
            }

            @Override
            public Map<String, JobState> jobStates(String id) {
                RunView run = find(id);
                if (run == null) {
                    throw new WorkflowDoesNotExist(id);
                }
                Map<String, JobState> states = new LinkedHashMap<>();
                for (int j = 0; j < run.size(); j++) {
                    states.put(Integer.toString(j + 1), run.jobState(j));
                }
                return states;
            }

            @Override
            public Map<String, List<Object>> outputs(String id) {
                RunView run = find(id);
                if (run == null) {
                    throw new WorkflowDoesNotExist(id);
                }
                Map<String, List<Object>> outputs = new LinkedHashMap<>();
                for (String name : run.outputNames()) {
                    List<Object> values = run.outputValues(name, 0);
                    if (!values.isEmpty()) {
                        outputs.put(name, values);
                    }
                }
                return outputs;
            }
        });
    }

    @Override
    public void changed(RunView run) {
        String id = run.workflowId();
        List<Change> changes = new ArrayList<>();
        boolean stateChanged = run.takeStateChanged();
        run.drainChangedJobs(j -> changes.add(new Change(id, Integer.toString(j + 1), run.jobState(j), null, null, null)));
        Map<String, Integer> cursors = crumbCursors.computeIfAbsent(id, k -> new HashMap<>());
        for (String name : run.outputNames()) {
            int from = cursors.getOrDefault(name, 0);
            List<Object> values = run.outputValues(name, from);
            for (Object value : values) {
                changes.add(new Change(id, null, null, null, name, value));
            }
            cursors.put(name, from + values.size());
        }
        if (stateChanged || !seenByCore.contains(id)) {
            changes.add(new Change(id, null, null, run.state(), null, null));
        }
        seenByCore.add(id);
        write(changes);
    }

    private final Set<String> seenByCore = new HashSet<>();

    @Override
    public void afterStored(RunView run, java.util.function.Consumer<Boolean> action) {
        afterFlushed(action);
    }

    /** Starts the flusher; changes written before are kept and flushed then. */
    public synchronized void start(Source source) {
        if (started) {
            throw new IllegalStateException("this RedisStateStore is already used by an engine; use one per engine");
        }
        this.source = source;
        started = true;
        flusher.start();
    }

    // ---- called by the scheduler loop ---------------------------------------------------------

    synchronized void write(List<Change> changes) {
        if (closing) {
            return;
        }
        for (Change c : changes) {
            String wf = c.workflowId();
            if (resyncing.contains(wf)) {
                bumpResync(wf, Long.MAX_VALUE);
                continue;
            }
            if (seen.add(wf)) {
                add(new Object(), new DefOp(wf));
            }
            if (pending.size() >= settings.maxPending()) {
                enterResync(wf);
                continue;
            }
            if (c.output() != null) {
                add(new Object(), new CrumbOp(wf, c.output(), c.value()));
            } else if (c.jobId() == null) {
                put(new StateKey(wf), new StateOp(wf, c.workflow()));
            } else {
                put(new JobKey(wf, c.jobId()), new JobOp(wf, c.jobId(), c.job()));
            }
        }
        lag = pending.size();
        notifyAll();
    }

    void afterFlushed(java.util.function.Consumer<Boolean> action) {
        boolean written;
        synchronized (this) {
            long target = nextSeq - 1;
            if (flushedSeq < target && !closing) {
                barriers.add(new Barrier(target, System.nanoTime() + settings.finalFlushTimeout().toNanos(), action));
                notifyAll();
                return;
            }
            written = flushedSeq >= target;
        }
        action.accept(written);
    }

    /** Deletes a workflow's keys (after anything of it already being written); runs {@code done} after. */
    @Override
    public void clear(String wf, Set<String> outputs, Runnable done) {
        synchronized (this) {
            seenByCore.remove(wf);
            crumbCursors.remove(wf);
            pending.values().removeIf(e -> e.op().wf().equals(wf));
            resyncing.remove(wf);
            resyncCovers.remove(wf);
            seen.remove(wf);
            add(new Object(), new ClearOp(wf, Set.copyOf(outputs)));
            lag = pending.size();
        }
        afterFlushed(stored -> done.run());
    }

    private void put(Object key, Op op) {
        Entry old = pending.get(key);
        // Replacing in place keeps the entry's position and seq, so map order stays seq order.
        pending.put(key, new Entry(old != null ? old.seq() : nextSeq++, op));
    }

    private void add(Object key, Op op) {
        pending.put(key, new Entry(nextSeq++, op));
    }

    private void enterResync(String wf) {
        long covers = Long.MAX_VALUE;
        for (Iterator<Entry> it = pending.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.op().wf().equals(wf)) {
                covers = Math.min(covers, e.seq());
                it.remove();
            }
        }
        resyncing.add(wf);
        if (resyncs != null) {
            resyncs.increment();
        }
        LOG.log(System.Logger.Level.WARNING, "more than " + settings.maxPending() + " snapshot states wait to be written"
                + " (Redis slow or down); workflow " + wf + " will be written whole from the engine's state instead");
        bumpResync(wf, covers);
    }

    /**
     * Moves the workflow's resync entry to the tail with a new seq: it then covers this change too. It
     * also stands for the entries it replaced ({@code covers}: their smallest seq), so a barrier
     * waiting for those waits for the resync.
     */
    private void bumpResync(String wf, long covers) {
        ResyncKey key = new ResyncKey(wf);
        pending.remove(key);
        long seq = nextSeq++;
        resyncCovers.merge(wf, Math.min(covers, seq), Math::min);
        pending.put(key, new Entry(seq, new ResyncOp(wf)));
    }

    // ---- the flusher thread -------------------------------------------------------------------

    private void run() {
        long backoff = 10;
        String serverRunId = runId();
        while (true) {
            List<Entry> batch = new ArrayList<>();
            long flushedIfWritten;
            synchronized (this) {
                while (pending.isEmpty() && !closing) {
                    waitQuietly(1_000); // no barrier waits while nothing is pending: all are satisfied
                }
                if (pending.isEmpty()) {
                    break; // closing, all written
                }
                Iterator<Entry> it = pending.values().iterator();
                while (it.hasNext() && batch.size() < settings.batchSize()) {
                    Entry e = it.next();
                    batch.add(e);
                    it.remove();
                    if (e.op() instanceof ResyncOp r) {
                        resyncCovers.remove(r.wf());
                    }
                }
                flushedIfWritten = pending.isEmpty() ? nextSeq - 1 : pending.values().iterator().next().seq() - 1;
                for (long covers : resyncCovers.values()) {
                    flushedIfWritten = Math.min(flushedIfWritten, covers - 1); // a pending resync stands for them
                }
                lag = pending.size();
            }
            while (true) {
                long start = System.nanoTime();
                try {
                    writeBatch(batch);
                    if (flushDuration != null) {
                        flushDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        batchSize.record(batch.size());
                    }
                    if (backoff > 10) {
                        LOG.log(System.Logger.Level.INFO, "Redis accepts snapshot writes again; catching up");
                        String now = runId();
                        if (now == null || !now.equals(serverRunId)) {
                            // Another server process (a restart): it may have lost what was written before.
                            serverRunId = now;
                            resyncAll();
                        }
                    }
                    backoff = 10;
                    break;
                } catch (RuntimeException e) {
                    if (!(e instanceof JedisException)) {
                        // Not Redis: a retry would fail the same way forever and stall every later state.
                        LOG.log(System.Logger.Level.ERROR, "dropping a snapshot batch of " + batch.size()
                                + " states that cannot be written", e);
                        if (failures != null) {
                            failures.increment();
                        }
                        break;
                    }
                    if (failures != null) {
                        failures.increment();
                    }
                    if (backoff == 10) {
                        LOG.log(System.Logger.Level.WARNING, "cannot write snapshots to Redis (" + e.getClass().getSimpleName()
                                + ": " + settings.url().scrub(RedisClients.describe(e)) + "); the engine keeps running, retrying with backoff");
                    }
                    List<Runnable> expired;
                    synchronized (this) {
                        expired = expiredBarriers();
                        if (closing && System.nanoTime() - closeDeadline > 0) {
                            LOG.log(System.Logger.Level.ERROR, "closing: " + (batch.size() + pending.size())
                                    + " snapshot states could not be written to Redis and are dropped");
                            pending.clear();
                            lag = 0;
                            return;
                        }
                        waitQuietly(backoff);
                    }
                    expired.forEach(RedisSnapshots::runQuietly);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                }
            }
            List<Runnable> due = new ArrayList<>();
            synchronized (this) {
                flushedSeq = Math.max(flushedSeq, flushedIfWritten);
                for (Entry e : batch) {
                    if (e.op() instanceof ResyncOp r && !pending.containsKey(new ResyncKey(r.wf()))) {
                        resyncing.remove(r.wf()); // nothing changed since it was read: back to single changes
                    }
                }
                while (!barriers.isEmpty() && barriers.peek().target() <= flushedSeq) {
                    Barrier reached = barriers.poll();
                    due.add(() -> reached.action().accept(true));
                }
            }
            due.forEach(RedisSnapshots::runQuietly);
        }
    }

    /** The server's run_id (new on every restart), or null if Redis does not answer. */
    private String runId() {
        try {
            for (String line : client.info("server").split("\r?\n")) {
                if (line.startsWith("run_id:")) {
                    return line.substring("run_id:".length()).trim();
                }
            }
        } catch (RuntimeException e) {
            // unknown: the caller treats it as a restart
        }
        return null;
    }

    /** After a server restart: every workflow this store wrote is written whole again from the engine. */
    private synchronized void resyncAll() {
        LOG.log(System.Logger.Level.WARNING, "Redis restarted during an outage; rewriting " + seen.size()
                + " workflows from the engine's state");
        Map<String, Long> covers = new HashMap<>();
        for (Iterator<Entry> it = pending.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (seen.contains(e.op().wf()) && !(e.op() instanceof ResyncOp)) {
                covers.merge(e.op().wf(), e.seq(), Math::min);
                it.remove();
            }
        }
        for (String wf : seen) {
            resyncing.add(wf);
            bumpResync(wf, covers.getOrDefault(wf, Long.MAX_VALUE));
        }
        lag = pending.size();
    }

    /**
     * Barriers past their deadline, removed (and counted): a workflow is reported finished even if Redis
     * is down. The caller runs them outside the lock.
     */
    private List<Runnable> expiredBarriers() {
        long now = System.nanoTime();
        List<Runnable> due = new ArrayList<>();
        while (!barriers.isEmpty() && now - barriers.peek().deadline() >= 0) {
            Barrier expired = barriers.poll();
            due.add(() -> expired.action().accept(false));
            if (finalFlushTimeouts != null) {
                finalFlushTimeouts.increment();
            }
        }
        return due;
    }

    /** True on the flusher thread, which must never wait for its own barriers. */
    public boolean isFlusherThread() {
        return Thread.currentThread() == flusher;
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a snapshot barrier action failed", e);
        }
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    /**
     * One MULTI/EXEC: first-sight, resync and clear entries in order, then the job states grouped into
     * one HSET per workflow (chunked), the output values as one RPUSH per list in completion order,
     * and the workflow states last, so a reader that sees a final state sees the jobs' too.
     */
    private void writeBatch(List<Entry> batch) {
        Map<String, Map<String, String>> jobs = new LinkedHashMap<>();
        Map<String, List<String>> crumbs = new LinkedHashMap<>();
        Map<String, String> states = new LinkedHashMap<>();
        try (AbstractTransaction tx = client.multi()) {
            for (Entry e : batch) {
                switch (e.op()) {
                    case DefOp d -> whileKnown(() -> writeDef(tx, d.wf()));
                    case ResyncOp r -> whileKnown(() -> writeResync(tx, r.wf()));
                    case ClearOp c -> writeClear(tx, c.wf(), c.outputs());
                    case JobOp j -> jobs.computeIfAbsent(format.jobs(j.wf()), k -> new LinkedHashMap<>())
                            .put(j.job(), SnapshotFormat.jobJson(j.state()));
                    case CrumbOp c -> crumbs.computeIfAbsent(format.crumb(c.wf(), c.output()), k -> new ArrayList<>())
                            .add(Json.write(c.value()));
                    case StateOp s -> states.put(format.state(s.wf()), SnapshotFormat.workflowJson(s.state()));
                }
            }
            jobs.forEach((key, fields) -> hsetChunked(tx, key, fields));
            crumbs.forEach((key, values) -> rpushChunked(tx, key, values));
            states.forEach(tx::set);
            List<Object> results = tx.exec();
            if (results == null) {
                throw new JedisException("Redis aborted the snapshot transaction"); // retried
            }
            for (Object r : results) {
                if (r instanceof RuntimeException failed) {
                    throw failed;
                }
            }
        }
    }

    /**
     * Runs a write that reads the engine; a workflow cleared meanwhile is skipped (its clear entry
     * comes later and deletes whatever this wrote of it).
     */
    private static void whileKnown(Runnable write) {
        try {
            write.run();
        } catch (WorkflowDoesNotExist cleared) {
            // nothing to write
        }
    }

    private void writeDef(AbstractTransaction tx, String wf) {
        Workflow workflow = source.workflow(wf);
        if (workflow == null) {
            return; // cleared before it was written
        }
        tx.set(format.def(wf), workflow.toJson());
        deleteCrumbs(tx, wf, workflow.outputs());
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i <= workflow.size(); i++) {
            fields.put(Integer.toString(i), SnapshotFormat.PENDING_JOB);
        }
        hsetChunked(tx, format.jobs(wf), fields);
        // Its state now; later changes follow as entries. (A workflow recovered from the journal
        // finished gets no state change, so this is what writes its final state.)
        tx.set(format.state(wf), SnapshotFormat.workflowJson(source.workflowState(wf)));
    }

    private void writeResync(AbstractTransaction tx, String wf) {
        Workflow workflow = source.workflow(wf);
        if (workflow == null) {
            return;
        }
        // Outputs before states: a value read here belongs to a job whose SUCCESS the states then show.
        Map<String, List<Object>> outputs = source.outputs(wf);
        Map<String, JobState> jobStates = source.jobStates(wf);
        WorkflowState state = source.workflowState(wf);
        tx.set(format.def(wf), workflow.toJson());
        deleteCrumbs(tx, wf, workflow.outputs());
        outputs.forEach((output, values) -> {
            List<String> texts = new ArrayList<>(values.size());
            values.forEach(v -> texts.add(Json.write(v)));
            rpushChunked(tx, format.crumb(wf, output), texts);
        });
        Map<String, String> fields = new LinkedHashMap<>();
        jobStates.forEach((job, s) -> fields.put(job, SnapshotFormat.jobJson(s)));
        hsetChunked(tx, format.jobs(wf), fields);
        tx.set(format.state(wf), SnapshotFormat.workflowJson(state));
    }

    private void writeClear(AbstractTransaction tx, String wf, Set<String> outputs) {
        List<String> keys = new ArrayList<>(List.of(format.def(wf), format.state(wf), format.jobs(wf)));
        outputs.forEach(o -> keys.add(format.crumb(wf, o)));
        tx.del(keys.toArray(String[]::new));
    }

    private void deleteCrumbs(AbstractTransaction tx, String wf, Set<String> outputs) {
        if (!outputs.isEmpty()) {
            tx.del(outputs.stream().map(o -> format.crumb(wf, o)).toArray(String[]::new));
        }
    }

    /** HSETs of at most batchSize fields each: one command with 10^6 pairs would block Redis ~2 s. */
    private void hsetChunked(AbstractTransaction tx, String key, Map<String, String> fields) {
        if (fields.size() <= settings.batchSize()) {
            if (!fields.isEmpty()) {
                tx.hset(key, fields);
            }
            return;
        }
        Map<String, String> chunk = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            chunk.put(f.getKey(), f.getValue());
            if (chunk.size() == settings.batchSize()) {
                tx.hset(key, chunk);
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            tx.hset(key, chunk);
        }
    }

    private void rpushChunked(AbstractTransaction tx, String key, List<String> values) {
        for (int from = 0; from < values.size(); from += settings.batchSize()) {
            tx.rpush(key, values.subList(from, Math.min(values.size(), from + settings.batchSize())).toArray(String[]::new));
        }
    }

    /**
     * Writes what is pending (waiting at most finalFlushTimeout while Redis is down), runs every
     * remaining barrier, stops the flusher and closes the connections. Idempotent.
     */
    @Override
    public void close() {
        boolean wasStarted;
        synchronized (this) {
            if (!closing) {
                closing = true;
                closeDeadline = System.nanoTime() + settings.finalFlushTimeout().toNanos();
            }
            wasStarted = started;
            notifyAll();
        }
        if (wasStarted && Thread.currentThread() != flusher) {
            try {
                flusher.join(settings.finalFlushTimeout().toMillis() + 2 * MAX_BACKOFF_MILLIS
                        + RedisClients.SOCKET_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Runnable> rest = new ArrayList<>();
        synchronized (this) {
            barriers.forEach(b -> rest.add(() -> b.action().accept(false)));
            barriers.clear();
        }
        rest.forEach(RedisSnapshots::runQuietly);
        client.close();
    }
}
