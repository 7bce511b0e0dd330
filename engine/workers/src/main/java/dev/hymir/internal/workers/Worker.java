package dev.hymir.internal.workers;

import dev.hymir.HymirException;
import dev.hymir.Workflow;
import dev.hymir.internal.redis.RedisUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker process's engine room (what {@code HymirWorker} does). One reader thread takes entries:
 * new ones from the queue streams ({@code XREADGROUP ... >}, at most as many as it has free slots, so
 * nothing waits in the worker while its lease runs out, Celery's prefetch lesson), and, about once a
 * second, entries whose worker stopped renewing them for a lease ({@link Leases#TAKE_OVER}, an
 * {@code XAUTOCLAIM}). Each job runs on its own virtual thread through the same invoker as in the
 * engine's JVM; its outcome goes to the {@link WorkerSender}, which answers on the coordinator's results
 * stream before it acknowledges the entry (a worker killed in between answers twice, which the
 * coordinator drops). {@link Leases} renews the entries held; {@link ControlChannel} interrupts cancelled
 * ones.
 *
 * <p>An entry delivered more than its {@code maxDeliveries} times lost its worker that often: it ends
 * FAILURE (BullMQ's stalled-job limit, Sidekiq's poison pill). A name the registry does not know is
 * handed back for another worker (counted as a delivery), and fails "no worker knows job X" on its
 * last delivery.
 */
public final class Worker {
    static final Logger LOG = LoggerFactory.getLogger("dev.hymir.worker");
    /** A handed-back entry looks idle for this long: any worker's next takeover scan claims it. */
    static final long HANDED_BACK_IDLE_MILLIS = TimeUnit.DAYS.toMillis(1);
    private static final long COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** {@code lease}: how long an entry stays a worker's without renewal. */
    public record Settings(RedisUrl url, String name, List<String> queues, int concurrency, Duration lease) {
    }

    final Settings settings;
    final RedisClient redis;
    final WorkerJobs jobs;
    /** Entries taken and not answered, by queue stream and entry id. */
    final Map<String, ConcurrentHashMap<StreamEntryID, Held>> held = new LinkedHashMap<>();
    /** The same, by "workflow TAB job TAB attempt" (for cancels). */
    final ConcurrentHashMap<String, Held> byAttempt = new ConcurrentHashMap<>();
    final AtomicLong done = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong takenOver = new AtomicLong();
    final AtomicLong handedBack = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final Semaphore slots;
    private final ThreadFactory jobThreads = Thread.ofVirtual().name("hymir-job-", 0).inheritInheritableThreadLocals(false).factory();
    private final Map<String, String> cursors = new HashMap<>();
    private final JobCalls calls;
    final WorkerSender sender;
    private final Leases leases;
    private final ControlChannel control;
    private final Thread reader;
    private final Backoff backoff = new Backoff();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean started;

    public Worker(RedisClient redis, Settings settings, WorkerJobs jobs) {
        this.settings = settings;
        this.redis = redis;
        this.jobs = jobs;
        this.slots = new Semaphore(settings.concurrency());
        for (String q : settings.queues()) {
            held.put(Streams.queue(q), new ConcurrentHashMap<>());
            cursors.put(Streams.queue(q), "0-0");
        }
        this.calls = new JobCalls(this);
        this.sender = new WorkerSender(this);
        this.leases = new Leases(this);
        this.control = new ControlChannel(this);
        this.reader = Thread.ofPlatform().name("hymir-worker-read-" + settings.name()).unstarted(this::readLoop);
    }

    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("worker " + settings.name() + " is already started");
        }
        try {
            createGroups();
        } catch (JedisException e) {
            throw new HymirException("worker " + settings.name() + " cannot reach Redis at " + settings.url() + ": "
                    + settings.url().scrub(String.valueOf(e.getMessage())), e);
        }
        started = true;
        sender.start();
        leases.start();
        control.start();
        reader.start();
        LOG.info("worker {} reads {} on {} (concurrency {}, lease {})",
                settings.name(), settings.queues(), settings.url(), settings.concurrency(), settings.lease());
    }

    void createGroups() {
        for (String queue : held.keySet()) {
            try {
                redis.xgroupCreate(queue, Streams.WORKERS_GROUP, new StreamEntryID(0, 0), true);
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
        }
    }

    // ---- reading ---------------------------------------------------------------------------------

    private void readLoop() {
        long takeOverEvery = takeOverEveryNanos();
        long nextTakeOver = System.nanoTime();
        int queues = held.size();
        int batchFloor = Math.max(1, Math.min(64, settings.concurrency() / 8));
        Map<String, StreamEntryID> fresh = new LinkedHashMap<>();
        for (String q : held.keySet()) {
            fresh.put(q, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
        }
        while (!stopping) {
            int n;
            try {
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                break;
            }
            n = 1 + slots.drainPermits();
            // While jobs run, more slots free up soon: wait up to a millisecond to read them in one round
            // trip rather than one entry per round trip (a worker of 10 ms jobs frees 5 slots a millisecond).
            long until = System.nanoTime() + COALESCE_NANOS;
            while (n < batchFloor && running.get() > 0 && !stopping) {
                long left = until - System.nanoTime();
                try {
                    if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    break;
                }
                n += 1 + slots.drainPermits();
            }
            int used = 0;
            try {
                if (System.nanoTime() - nextTakeOver >= 0) {
                    used += takeOver(n);
                    nextTakeOver = System.nanoTime() + takeOverEvery;
                }
                if (used < n && !stopping) {
                    int block = (int) Math.max(1, Math.min(1_000, TimeUnit.NANOSECONDS.toMillis(nextTakeOver - System.nanoTime())));
                    XReadGroupParams params = XReadGroupParams.xReadGroupParams()
                            .count(Math.max(1, (n - used) / queues)).block(block);
                    List<Map.Entry<String, List<StreamEntry>>> read = redis.xreadGroup(Streams.WORKERS_GROUP,
                            settings.name(), params, fresh);
                    if (read != null) {
                        for (Map.Entry<String, List<StreamEntry>> stream : read) {
                            for (StreamEntry e : stream.getValue()) {
                                if (take(stream.getKey(), e.getID(), e.getFields(), 1)) {
                                    used++;
                                }
                            }
                        }
                    }
                }
                backoff.reset();
            } catch (JedisDataException e) {
                if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                    safely(this::createGroups); // Redis restarted empty (or the stream was deleted)
                } else {
                    pause(e);
                }
            } catch (JedisException | IllegalStateException e) {
                if (!stopping) {
                    pause(e);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.error("worker {}: the reader failed", settings.name(), e);
                backoff.pause();
            } finally {
                slots.release(Math.max(0, n - used));
            }
        }
    }

    private long takeOverEveryNanos() {
        return Math.min(TimeUnit.SECONDS.toNanos(1), settings.lease().toNanos() / 3);
    }

    /** Claims entries idle past the lease (their worker died or stalled); returns how many now run here. */
    private int takeOver(int max) {
        int used = 0;
        for (String queue : held.keySet()) {
            if (used >= max) {
                break;
            }
            Leases.Claimed claimed = leases.takeOver(queue, cursors.get(queue), max - used);
            cursors.put(queue, claimed.cursor());
            for (Leases.ClaimedEntry e : claimed.entries()) {
                if (take(queue, e.id(), e.fields(), e.deliveries())) {
                    used++;
                    takenOver.incrementAndGet();
                }
            }
            if (!claimed.entries().isEmpty()) {
                LOG.info("worker {} took over {} entr{} of {} idle past the lease of {} (first: {}, delivered {} times)",
                        settings.name(), claimed.entries().size(), claimed.entries().size() == 1 ? "y" : "ies", queue,
                        settings.lease(), claimed.entries().get(0).id(), claimed.entries().get(0).deliveries());
            }
        }
        return used;
    }

    /**
     * Takes an entry: runs its job (true: a slot is used), or answers it at once (lost too often, or a
     * name no worker knows on its last delivery), or hands it back for another worker.
     */
    private boolean take(String queue, StreamEntryID id, Map<String, String> fields, int deliveries) {
        Held h = new Held(queue, id, fields == null ? Map.of() : fields, deliveries);
        if (!h.wellFormed()) {
            LOG.warn("worker {}: entry {} of {} is not a Hymir job (fields {}); deleted",
                    settings.name(), id, queue, h.fields.keySet());
            sender.discard(h);
            return false;
        }
        held.get(queue).put(id, h);
        byAttempt.put(h.attemptKey(), h);
        int max = h.maxDeliveries();
        if (deliveries > max) {
            sender.send(h, Outcomes.Outcome.error(h.workflowId, h.jobId, h.attempt, h.describe() + " lost its worker "
                    + (deliveries - 1) + " times: each time the worker holding it stopped renewing its lease (it died or"
                    + " stalled longer than the lease), so it was taken over; after maxDeliveries = " + max
                    + " deliveries it is not run again (worker " + settings.name() + ")", -1));
            return false;
        }
        if (jobs.target(h.name()) == null) {
            if (deliveries >= max) {
                sender.send(h, Outcomes.Outcome.error(h.workflowId, h.jobId, h.attempt, "no worker knows job '"
                        + h.name() + "' (job " + h.jobId + " of workflow " + h.workflowId + "): it was delivered " + deliveries
                        + " times on queue '" + queue.substring("hymir:q:".length()) + "' and no worker's JobRegistry has"
                        + " that name (workers never load code by name: register it in the workers' registry)", -1));
            } else {
                handBack(h, true);
            }
            return false;
        }
        running.incrementAndGet();
        jobThreads.newThread(() -> calls.run(h)).start();
        return true;
    }

    /** Gives an entry to the other workers: it looks idle past any lease, so their next scan claims it. */
    void handBack(Held h, boolean countDelivery) {
        h.abandoned = true;
        forget(h);
        handedBack.incrementAndGet();
        sender.handBack(h, countDelivery ? h.deliveries : h.deliveries - 1);
    }

    /** The job's thread ended (its outcome, if any, is with the sender). */
    void jobEnded() {
        running.decrementAndGet();
        slots.release();
    }

    void forget(Held h) {
        ConcurrentHashMap<StreamEntryID, Held> q = held.get(h.queue);
        if (q != null) {
            q.remove(h.id, h);
        }
        byAttempt.remove(h.attemptKey(), h);
    }

    /** For jobs that ask for the reserved input "workflow": read from Redis, a few kept. */
    Workflow workflow(String workflowId) {
        return calls.workflow(workflowId);
    }

    // ---- stopping --------------------------------------------------------------------------------

    /**
     * Stops taking entries, lets running jobs finish within {@code grace}, hands the others back to the
     * queue (their threads are interrupted, their outcomes not sent), sends what waits and disconnects.
     */
    public void close(Duration grace) {
        synchronized (this) {
            if (stopping) {
                awaitTermination();
                return;
            }
            stopping = true;
        }
        try {
            if (started) {
                join(reader, 3_000);
                long deadline = System.nanoTime() + grace.toNanos();
                while (running.get() > 0 && System.nanoTime() - deadline < 0) {
                    sleep(20);
                }
                int back = 0;
                for (ConcurrentHashMap<StreamEntryID, Held> q : held.values()) {
                    for (Held h : q.values()) {
                        if (!h.done) {
                            handBack(h, false);
                            Thread t = h.thread;
                            if (t != null) {
                                t.interrupt();
                            }
                            back++;
                        }
                    }
                }
                if (back > 0) {
                    LOG.info("worker {}: handed {} running job(s) back after the grace period of {}",
                            settings.name(), back, grace);
                }
                sender.close();
                leases.close();
                control.close();
                if (back == 0) {
                    leases.leaveGroups();
                }
            }
        } finally {
            redis.close();
            terminated.countDown();
        }
    }

    public void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean isStopping() {
        return stopping;
    }

    @Override
    public String toString() {
        return settings.name();
    }

    public int running() {
        return running.get();
    }

    public long done() {
        return done.get();
    }

    public long failed() {
        return failed.get();
    }

    public long takenOver() {
        return takenOver.get();
    }

    public long handedBack() {
        return handedBack.get();
    }

    public long lost() {
        return lost.get();
    }

    private void pause(RuntimeException e) {
        if (!backoff.failing()) {
            LOG.warn("worker {}: reading the queues failed ({}); retrying with backoff",
                    settings.name(), settings.url().scrub(String.valueOf(e.getMessage())));
        }
        backoff.pause();
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (JedisException ignored) {
            // Redis is still away: the next read fails and backs off
        }
    }

    static void join(Thread t, long millis) {
        if (t.getState() == Thread.State.NEW) {
            return;
        }
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
