package dev.hymir.internal.redis;

import dev.hymir.Workflow;
import dev.hymir.spi.RunView;
import dev.hymir.spi.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The Redis snapshot flusher (DESIGN §7), written for the pull seam of {@link StateStore}.
 *
 * <p><b>Hand-over.</b> The engine's core calls {@link #changed} once per run with unread changes: it
 * queues the run and wakes this thread, nothing more (no I/O, no lock, nothing per job). The flusher
 * thread works in <em>rounds</em>: it takes the runs queued, reads each one's current state through
 * its {@link RunView} ({@link RunSnapshot}: state first, then the changed jobs, then the output
 * counts) and sends the round as one pipeline ({@link RoundWriter}), up to {@code 16 × batchSize}
 * job states, then waits for the replies. Changes made while a round is on the wire are read by the
 * next: a job that changed a thousand times meanwhile is written once.
 *
 * <p><b>Healing.</b> A command that fails (a foreign key of the wrong type under a workflow's id, an
 * output list something else pushed to) fails only that run's part of the round: it is logged once,
 * counted, and the run is rewritten whole from the engine after a backoff; the other runs go on. A
 * round Redis did not answer (down, timeout) is sent again as it was, with backoff; every command in
 * it is idempotent, so a round Redis applied before its reply was lost changes nothing the second
 * time. The server's {@code run_id} is checked after every failed round, and every second without a
 * round: a new one (Redis restarted, possibly empty) rewrites every run the engine holds. (A restart
 * while rounds go on breaks their connections, which is a failed round.)
 *
 * <p><b>Definitions.</b> A run's {@code :def} (150 MB for 10^6 jobs in Python's form) is built and
 * written by a {@link DefinitionWriter} on a thread and a connection of its own, asked once the run's
 * first write (which deletes what was under its id) is acknowledged: job states never wait for it.
 * The run's {@code :state} key, which is what makes the workflow exist for readers, is written only
 * after the definition. A clear waits for a definition on its way, so that nothing lands after it.
 */
public final class SnapshotFlusher implements StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFlusher.class);
    private static final long ROUND_BACKOFF_MIN_MILLIS = 10;
    private static final long ROUND_BACKOFF_MAX_MILLIS = 1_000;
    private static final long RUN_BACKOFF_MIN_MILLIS = 100;
    private static final long RUN_BACKOFF_MAX_MILLIS = 5_000;
    private static final long SERVER_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After a round this small, wait this long for more (unless a run finished): fewer, larger commands. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Builds a workflow's definition bytes, compact (Workflow's compact JSON) or Python's node_link form. */
    public interface Definitions {
        DefinitionSlices of(Workflow workflow, boolean compact);
    }

    /** {@code url}: only to scrub its password out of logged messages. */
    public record Settings(RedisUrl url, SnapshotFormat format, int batchSize, Duration finalFlushTimeout,
                           int socketTimeoutMillis, boolean compactDefinition, Definitions definitions) {
    }

    private record AfterStored(RunView run, Consumer<Boolean> action) {
    }

    /** A clear that waits for a definition of its run on the DefinitionWriter's connection. */
    private record Held(RunSnapshot run, Waits.Clear clear) {
    }

    private final RedisClient client;
    private final Settings settings;
    private final RoundWriter writer;
    private final DefinitionWriter definitions;
    private final Waits waits = new Waits(() -> this.metrics.finalTimeout());
    private final Thread thread;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private volatile boolean sleeping;
    private volatile boolean urgent;      // a waiter, a clear or close arrived: no lingering
    private volatile boolean closing;
    private volatile long closeDeadline;
    private volatile StateStore.Context context;
    private final SnapshotMetrics metrics = new SnapshotMetrics();

    // ---- the flusher thread's own ----
    private final Map<String, RunSnapshot> runs = new HashMap<>();
    private final ArrayDeque<RunSnapshot> ready = new ArrayDeque<>();
    private final List<RunSnapshot> failing = new ArrayList<>();
    private final List<RunSnapshot> parked = new ArrayList<>(); // only deferred STARTING jobs to read again later
    private final List<Waits.Clear> clears = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private int definitionsInFlight;      // asked of the DefinitionWriter, not answered
    private RoundWriter.Round round;      // built and not yet acknowledged (sent again after a failure)
    private boolean redisDown;            // the last round or server check failed: wait for the backoff, then check the server
    private boolean outage;               // logged as an outage (once, until a round is written again)
    private long roundBackoffMillis;
    private long roundRetryAt;
    private String serverRunId;
    private long nextServerCheck;

    public SnapshotFlusher(RedisClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.writer = new RoundWriter(settings.batchSize());
        this.definitions = new DefinitionWriter(client, settings, done -> {
            inbox.offer(done);
            urgent = true;
            wake();
        });
        this.thread = Thread.ofPlatform().daemon().name("hymir-redis-flusher").unstarted(this::loop);
    }

    // ---- the StateStore seam: called by the engine's core, never blocking it ----

    @Override
    public synchronized void start(Context context) {
        if (this.context != null) {
            throw new IllegalStateException("this RedisStateStore is already used by an engine; use one per engine");
        }
        this.context = context;
        thread.start();
    }

    /** Registers the store's meters with the engine's tags. */
    public void bindMeters(io.micrometer.core.instrument.MeterRegistry registry, io.micrometer.core.instrument.Tags tags) {
        metrics.bind(registry, tags);
    }

    @Override
    public void changed(RunView run) {
        inbox.offer(run);
        wake();
    }

    @Override
    public void afterStored(RunView run, Consumer<Boolean> action) {
        if (closing && !thread.isAlive()) {
            action.accept(false);
            return;
        }
        inbox.offer(new AfterStored(run, action));
        urgent = true;
        wake();
    }

    @Override
    public void clear(String workflowId, Set<String> outputNames, Runnable done) {
        SnapshotFormat f = settings.format();
        List<String> keys = new ArrayList<>(List.of(f.def(workflowId), f.state(workflowId), f.jobs(workflowId),
                f.meta(workflowId)));
        outputNames.forEach(o -> keys.add(f.crumb(workflowId, o)));
        byte[][] raw = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        inbox.offer(new Waits.Clear(workflowId, raw, done, System.nanoTime() + settings.finalFlushTimeout().toNanos()));
        urgent = true;
        wake();
    }

    /**
     * Writes what is pending (while Redis answers, for at most finalFlushTimeout), runs every waiting
     * action and closes the connections. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!closing) {
                closeDeadline = System.nanoTime() + settings.finalFlushTimeout().toNanos();
                closing = true;
            }
        }
        urgent = true;
        wake();
        if (context != null && Thread.currentThread() != thread) {
            try {
                thread.join(settings.finalFlushTimeout().toMillis() + 2L * settings.socketTimeoutMillis() + 2 * ROUND_BACKOFF_MAX_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }

    private void wake() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    // ---- the flusher thread ----

    private void loop() {
        serverRunId = RedisClients.runId(client);
        definitions.start(RedisClients.maxBulk(client));
        nextServerCheck = System.nanoTime() + SERVER_CHECK_NANOS;
        while (true) {
            try {
                long now = System.nanoTime();
                takeInbox(now);
                waits.expire(now);
                retryDue(now);
                if (closing && (idle() || now - closeDeadline >= 0)) {
                    break;
                }
                if (now - nextServerCheck >= 0) {
                    nextServerCheck = now + SERVER_CHECK_NANOS;
                    checkServer();
                }
                if (round == null) {
                    round = buildRound();
                }
                if (round == null) {
                    publishGauges();
                    sleepUntil(nextWake(now));
                    continue;
                }
                if (redisDown) {
                    if (now - roundRetryAt < 0) {
                        sleepUntil(roundRetryAt);
                        continue;
                    }
                    if (!checkServer()) {
                        roundFailed();
                        continue;
                    }
                    redisDown = false; // it answers (a restart has replaced the round by rewrites)
                    if (round == null) {
                        continue;
                    }
                }
                if (send(round)) {
                    int written = round.fields;
                    if (LOG.isTraceEnabled()) {
                        LOG.trace("round: {} runs, {} job states read, {} written, {} clears, {} runs ready",
                                round.parts.size(), round.jobs, written, round.clears.size(), ready.size());
                    }
                    applied(round);
                    round = null;
                    publishGauges();
                    linger(written);
                } else {
                    redisDown = true;
                    roundFailed();
                }
            } catch (RuntimeException | Error e) {
                // A bug here must not end snapshots for good: log it, drop the round, go on.
                LOG.error("the Redis snapshot flusher failed; its runs are rewritten", e);
                metrics.failure();
                round = null;
                for (RunSnapshot rs : runs.values()) {
                    rs.rewriteWhole();
                    markReady(rs);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        finish();
    }

    private void takeInbox(long now) {
        urgent = false;
        for (Object item; (item = inbox.poll()) != null; ) {
            switch (item) {
                case RunView view -> markReady(snapshotOf(view));
                case AfterStored a -> {
                    RunSnapshot rs = snapshotOf(a.run());
                    RunSnapshot.Waiter w = new RunSnapshot.Waiter(a.action(), rs.drains + 1,
                            now + settings.finalFlushTimeout().toNanos());
                    rs.waiters.add(w);
                    waits.add(w);
                    markReady(rs);
                }
                case Waits.Clear c -> {
                    // Changes the engine handed over earlier are in the inbox before this clear: drop them.
                    RunSnapshot rs = runs.remove(c.id);
                    if (rs != null) {
                        ready.remove(rs);
                        failing.remove(rs);
                        rs.parked = false;
                        rs.waiters.forEach(w -> waits.complete(w, false, false)); // cleared: nothing more is stored
                    }
                    waits.add(c);
                    if (rs != null && rs.definitionsInFlight > 0) {
                        held.add(new Held(rs, c)); // deleted once its definition has landed
                    } else {
                        clears.add(c);
                    }
                }
                case DefinitionWriter.Done d -> definitionDone(d);
                default -> throw new IllegalStateException("unexpected " + item);
            }
        }
    }

    private RunSnapshot snapshotOf(RunView view) {
        RunSnapshot rs = runs.get(view.workflowId());
        if (rs == null || rs.view != view) {
            rs = new RunSnapshot(view, settings.format());
            runs.put(rs.id, rs);
        }
        return rs;
    }

    private void markReady(RunSnapshot rs) {
        rs.parked = false; // (removed from the parked list lazily)
        if (!rs.ready && rs.failures == 0) {
            rs.ready = true;
            ready.add(rs);
        }
    }

    private RoundWriter.Round buildRound() {
        RoundWriter.Round r = new RoundWriter.Round();
        r.clears.addAll(clears);
        clears.clear();
        int budget = 16 * settings.batchSize();
        for (int n = ready.size(); n > 0 && budget > 0; n--) {
            RunSnapshot rs = ready.poll();
            rs.ready = false;
            try {
                RunSnapshot.Part part = rs.nextPart(budget, System.nanoTime());
                part.mayDefer &= !closing; // closing: every state now
                r.parts.add(part);
                r.jobs += part.jobCount();
                budget -= part.jobCount();
            } catch (RuntimeException e) {
                failed(rs, "cannot read the run: " + e);
            }
        }
        return r.parts.isEmpty() && r.clears.isEmpty() ? null : r;
    }

    /** Sends a round and reads its replies; false if Redis did not answer (the round is sent again). */
    private boolean send(RoundWriter.Round r) {
        if (r.isEmpty()) {
            return true; // nothing to write: only waiters to satisfy
        }
        long start = System.nanoTime();
        try (Connection connection = client.getPool().getResource()) {
            for (String error : writer.write(connection, r)) {
                LOG.warn("cannot delete a cleared workflow's keys: {}", settings.url().scrub(error));
                metrics.failure();
            }
            metrics.round(System.nanoTime() - start, r.fields);
            if (outage) {
                LOG.info("Redis accepts snapshot writes again; catching up");
                outage = false;
            }
            roundBackoffMillis = 0;
            nextServerCheck = System.nanoTime() + SERVER_CHECK_NANOS; // it answers: check again once idle for a while
            return true;
        } catch (JedisException e) {
            metrics.failure();
            if (!outage) {
                LOG.warn("cannot write snapshots to Redis ({}: {}); the engine keeps running, retrying with backoff",
                        e.getClass().getSimpleName(), scrub(e));
                outage = true;
            }
            return false;
        }
    }

    /** Asks for the run's definition: its first write, which deleted what was under its id, is acknowledged. */
    private void askDefinition(RunSnapshot rs) {
        rs.definitionAsked = true;
        rs.definitionsInFlight++;
        definitionsInFlight++;
        definitions.write(new DefinitionWriter.Request(rs, rs.generation, rs.view.workflow()));
    }

    /** A definition landed (or failed): its run's state may follow; a clear waiting for it goes on. */
    private void definitionDone(DefinitionWriter.Done d) {
        RunSnapshot rs = d.run();
        rs.definitionsInFlight--;
        definitionsInFlight--;
        if (rs.definitionsInFlight == 0) {
            for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (h.run() == rs) {
                    it.remove();
                    clears.add(h.clear());
                }
            }
        }
        if (runs.get(rs.id) != rs || d.generation() != rs.generation) {
            return; // cleared, or rewritten since (the rewrite deleted it and asks again)
        }
        if (d.error() != null) {
            failed(rs, "cannot write its definition: " + d.error());
            return;
        }
        rs.definitionWritten = true;
        if (rs.hasWork()) {
            markReady(rs); // its state follows now
        }
    }

    private void applied(RoundWriter.Round r) {
        for (Waits.Clear c : r.clears) {
            waits.done(c, false);
        }
        for (RunSnapshot.Part part : r.parts) {
            RunSnapshot rs = part.run;
            if (runs.get(rs.id) != rs) {
                continue; // cleared meanwhile: its clear deletes what this wrote
            }
            if (part.error != null) {
                failed(rs, part.error);
                continue;
            }
            if (rs.failures > 0) {
                LOG.info("the snapshot of workflow {} is written again after {} failed attempt(s)", rs.id, rs.failures);
            }
            rs.written(part);
            if (part.deleteFirst && part.generation == rs.generation && !rs.definitionAsked) {
                askDefinition(rs);
            }
            if (rs.isStored()) {
                while (!rs.waiters.isEmpty() && rs.waiters.peek().drains <= rs.drains) {
                    waits.complete(rs.waiters.poll(), true, false);
                }
            }
            if (rs.hasWork()) {
                markReady(rs);
            } else if (rs.hasDeferred()) {
                park(rs, rs.deferredDue());
            }
        }
    }

    private void park(RunSnapshot rs, long until) {
        rs.parked = true;
        rs.parkedUntil = until;
        if (!rs.inParkedList) {
            rs.inParkedList = true;
            parked.add(rs);
        }
    }

    /** One run's write failed: logged on its first failure, counted, rewritten whole after a backoff. */
    private void failed(RunSnapshot rs, String error) {
        metrics.failure();
        rs.failures++;
        if (rs.failures == 1) {
            LOG.warn("cannot write the snapshot of workflow {}: {}; other workflows go on; it is rewritten whole, retrying with backoff",
                    rs.id, settings.url().scrub(error));
        }
        rs.rewriteWhole();
        metrics.rewrite();
        long backoff = Math.min(RUN_BACKOFF_MAX_MILLIS, RUN_BACKOFF_MIN_MILLIS << Math.min(20, rs.failures - 1));
        rs.retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
        if (rs.ready) {
            ready.remove(rs);
            rs.ready = false;
        }
        if (!failing.contains(rs)) {
            failing.add(rs);
        }
    }

    /**
     * Parked runs whose deferred jobs are due (all of them when closing) and failing runs whose backoff
     * is over go back to the ready queue (a failing run's failure count stays until a write works).
     */
    private void retryDue(long now) {
        for (Iterator<RunSnapshot> it = parked.iterator(); it.hasNext(); ) {
            RunSnapshot rs = it.next();
            if (!rs.parked || closing || now - rs.parkedUntil >= 0) {
                it.remove();
                rs.inParkedList = false;
                if (rs.parked) {
                    markReady(rs);
                }
            }
        }
        for (Iterator<RunSnapshot> it = failing.iterator(); it.hasNext(); ) {
            RunSnapshot rs = it.next();
            if (now - rs.retryAt >= 0) {
                it.remove();
                rs.ready = true;
                ready.add(rs);
            }
        }
    }

    private void roundFailed() {
        roundBackoffMillis = roundBackoffMillis == 0 ? ROUND_BACKOFF_MIN_MILLIS
                : Math.min(ROUND_BACKOFF_MAX_MILLIS, roundBackoffMillis * 2);
        roundRetryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(roundBackoffMillis);
    }

    /**
     * Reads the server's run_id: false if Redis does not answer. A new one means another server
     * process (a restart, maybe without its data): every run the engine holds is rewritten whole.
     */
    private boolean checkServer() {
        String now = RedisClients.runId(client);
        if (now == null) {
            redisDown = true;
            return false;
        }
        if (serverRunId != null && !serverRunId.equals(now)) {
            rewriteAll();
        }
        serverRunId = now;
        return true;
    }

    private void rewriteAll() {
        Collection<? extends RunView> all = context.runs();
        LOG.warn("Redis restarted (new run_id); rewriting the snapshots of {} workflows from the engine", all.size());
        if (round != null) {
            clears.addAll(0, round.clears);
            round = null;
        }
        for (RunView view : all) {
            RunSnapshot rs = snapshotOf(view);
            rs.rewriteWhole();
            metrics.rewrite();
            if (rs.failures > 0) {
                rs.retryAt = System.nanoTime();
            }
            markReady(rs);
        }
    }

    private boolean idle() {
        return round == null && ready.isEmpty() && failing.isEmpty() && parked.isEmpty() && clears.isEmpty() && held.isEmpty()
                && definitionsInFlight == 0 && inbox.isEmpty();
    }

    private long nextWake(long now) {
        long wake = nextServerCheck;
        for (RunSnapshot rs : failing) {
            wake = earlier(wake, rs.retryAt);
        }
        for (RunSnapshot rs : parked) {
            if (rs.parked) {
                wake = earlier(wake, rs.parkedUntil);
            }
        }
        wake = waits.nextDeadline(wake);
        if (closing) {
            wake = earlier(wake, closeDeadline);
        }
        return wake;
    }

    private static long earlier(long a, long b) {
        return b - a < 0 ? b : a;
    }

    private void sleepUntil(long deadline) {
        sleeping = true;
        try {
            long wait = deadline - System.nanoTime();
            if (wait > 0 && inbox.isEmpty()) {
                LockSupport.parkNanos(this, wait);
            }
        } finally {
            sleeping = false;
        }
    }

    /** After a small round, waits a moment for more changes, unless a run is waiting to be reported stored. */
    private void linger(int written) {
        if (written >= settings.batchSize() / 4) {
            return;
        }
        long until = System.nanoTime() + LINGER_NANOS;
        sleeping = true;
        try {
            while (!urgent && !closing && until - System.nanoTime() > 0) {
                LockSupport.parkNanos(this, until - System.nanoTime());
            }
        } finally {
            sleeping = false;
        }
    }

    private void publishGauges() {
        long pending = 0;
        for (RunSnapshot rs : ready) {
            pending += rs.pendingJobs();
        }
        for (RunSnapshot rs : failing) {
            pending += rs.pendingJobs();
        }
        int waiting = 0;
        for (RunSnapshot rs : parked) {
            if (rs.parked) {
                pending += rs.pendingJobs();
                waiting++;
            }
        }
        metrics.pending = pending;
        metrics.lag = ready.size() + failing.size() + waiting;
        metrics.failing = failing.size();
    }

    /** Closing: what could not be written in time is dropped (logged); every waiter and clear runs now. */
    private void finish() {
        if (!idle()) {
            LOG.error("closing: the snapshots of {} workflows could not be written to Redis in time and are left as they are",
                    ready.size() + failing.size());
        }
        definitions.close(closeDeadline);
        takeInbox(System.nanoTime());
        waits.endAll(); // what was not stored in time: the engine hears so
        publishGauges();
    }

    private String scrub(Exception e) {
        return settings.url().scrub(RedisClients.describe(e));
    }
}
