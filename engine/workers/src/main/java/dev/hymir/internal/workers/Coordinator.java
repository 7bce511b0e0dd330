package dev.hymir.internal.workers;

import dev.hymir.HymirException;
import dev.hymir.internal.redis.RedisUrl;
import dev.hymir.spi.DispatchContext;
import dev.hymir.spi.JobTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's side of the workers (what {@code RedisWorkers} does): attempts the core admitted go
 * to their queue stream as entries, outcomes come back on this coordinator's results stream.
 *
 * <p><b>Order.</b> The core journals an attempt's Started record before {@link #dispatch} sees it, so an
 * entry in a stream is always one the journal knows. An outcome is reported to the core, which journals
 * it and then calls {@link #settled}; only then is the results entry acknowledged and deleted: a
 * coordinator killed before that reads it again after its restart. The core fences duplicates: an
 * outcome counts only for the attempt it waits for ({@link #accept}).
 *
 * <p><b>Threads.</b> The core calls {@link #dispatch}, {@link #interrupt} and {@link #settled} one pass at
 * a time and they only hand over to the {@link CoordinatorSender} thread (XADD, acknowledgements,
 * cancels, Redis restarts, re-attaching after a restart of this process); the {@link ResultReader}
 * thread reads outcomes and reports them.
 */
public final class Coordinator {
    static final Logger LOG = LoggerFactory.getLogger("dev.hymir.workers");
    /** The coordinator's lock expires this long after its last renewal (renewed every second). */
    static final long LOCK_MILLIS = 3_000;

    /** {@code maxInFlight}: attempts handed to the workers and not answered, at most. */
    public record Settings(RedisUrl url, String name, int maxDeliveries, int maxInFlight) {
    }

    /** One attempt handed to the workers and not answered yet. */
    static final class Attempt {
        final JobTicket ticket;
        final String key;
        final String queue;
        final CallCodec.Needs needs;
        /** Its entry in the queue stream, once added (or found after a restart). */
        volatile StreamEntryID entry;
        /** In Redis (or, after a restart, known to be there or answered): sent again if Redis loses it. */
        volatile boolean sent;
        /** The engine gave up on it: its entry is deleted, its worker told to interrupt it. */
        volatile boolean interrupted;

        Attempt(JobTicket ticket) {
            this.ticket = ticket;
            this.key = keyOf(ticket.workflowId(), ticket.jobId());
            this.queue = Streams.queue(Streams.queueOf(ticket.job()));
            this.needs = CallCodec.Needs.of(ticket.job());
        }

        String attemptKey() {
            return key + '\t' + ticket.attempt();
        }
    }

    /** A results entry: acknowledged once every outcome in it is settled or dropped. */
    static final class ResultEntry {
        final StreamEntryID id;
        final AtomicInteger open;

        ResultEntry(StreamEntryID id, int outcomes) {
            this.id = id;
            this.open = new AtomicInteger(outcomes);
        }
    }

    /** Counters (see {@code RedisWorkers.Stats}). */
    final AtomicLong dispatched = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong redispatched = new AtomicLong();
    final AtomicLong reattached = new AtomicLong();
    final Latency startLatency = new Latency();

    final Settings settings;
    final RedisClient redis;
    final String resultsKey;
    final String lockKey;
    final String lockToken = UUID.randomUUID().toString();
    /** The attempt each job waits for, by "workflow id TAB job id". */
    final ConcurrentHashMap<String, Attempt> attempts = new ConcurrentHashMap<>();
    /** Reported outcomes not settled yet, and the entry that carried each. */
    private final ConcurrentHashMap<JobTicket, ResultEntry> reported = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CoordinatorSender sender;
    private final ResultReader reader;
    private volatile DispatchContext context;
    private volatile boolean reading;
    private boolean closed;

    public Coordinator(RedisClient redis, Settings settings) {
        this.settings = settings;
        this.redis = redis;
        this.resultsKey = Streams.results(settings.name());
        this.lockKey = Streams.lock(settings.name());
        acquireLock();
        this.sender = new CoordinatorSender(this);
        this.reader = new ResultReader(this);
    }

    static String keyOf(String workflowId, String jobId) {
        return workflowId + '\t' + jobId;
    }

    /**
     * Two coordinators of one name would read each other's results: the name is held by a key that
     * expires {@link #LOCK_MILLIS} after its holder stops renewing it. A holder killed a moment ago is
     * waited for; a live one is an error that says what to do.
     */
    private void acquireLock() {
        long deadline = System.nanoTime() + (LOCK_MILLIS + 1_000) * 1_000_000;
        try {
            while (true) {
                if ("OK".equals(redis.set(lockKey, lockToken, SetParams.setParams().nx().px(LOCK_MILLIS)))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new HymirException("another coordinator named '" + settings.name() + "' is running on "
                            + settings.url() + " (it holds " + lockKey + "); two would read each other's results:"
                            + " give each engine its own name with RedisWorkers.Options.builder().name(...)");
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HymirException("interrupted while waiting for the coordinator name '" + settings.name() + "'", e);
        } catch (JedisException e) {
            throw new HymirException("cannot reach Redis at " + settings.url() + " to take the coordinator name '"
                    + settings.name() + "': " + settings.url().scrub(String.valueOf(e.getMessage())), e);
        }
    }

    // ---- the Dispatcher, as the core calls it -------------------------------------------------

    public void start(DispatchContext context) {
        this.context = context;
        sender.start();
    }

    public int capacity() {
        return settings.maxInFlight() - inFlight.get();
    }

    public void dispatch(List<? extends JobTicket> tickets) {
        startReading();
        for (int i = 0; i < tickets.size(); i++) {
            Attempt a = new Attempt(tickets.get(i));
            attempts.put(a.key, a);
            inFlight.incrementAndGet();
            sender.add(a);
        }
        sender.wake();
    }

    /** After a restart of this process: find each attempt in the streams, or send it again. */
    public void resume(List<? extends JobTicket> tickets) {
        List<Attempt> list = new ArrayList<>(tickets.size());
        for (JobTicket t : tickets) {
            Attempt a = new Attempt(t);
            attempts.put(a.key, a);
            inFlight.incrementAndGet();
            list.add(a);
        }
        sender.reattach(list);
        startReading();
    }

    public void interrupt(JobTicket ticket) {
        String key = keyOf(ticket.workflowId(), ticket.jobId());
        Attempt a = attempts.get(key);
        if (a == null || a.ticket != ticket || !attempts.remove(key, a)) {
            return;
        }
        inFlight.decrementAndGet();
        a.interrupted = true;
        sender.cancel(a);
    }

    public void settled(List<? extends JobTicket> tickets) {
        for (int i = 0; i < tickets.size(); i++) {
            ResultEntry e = reported.remove(tickets.get(i));
            if (e != null) {
                release(e);
            }
        }
    }

    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        sender.close(); // flushes what waits (cancels, acknowledgements), gives the name back
        reader.close();
        redis.close();
        reader.join();
    }

    private void startReading() {
        if (!reading) {
            synchronized (this) {
                if (!reading) {
                    reading = true;
                    reader.start();
                }
            }
        }
    }

    // ---- outcomes, from the reader thread -----------------------------------------------------

    /** Reports each outcome the core waits for; drops (and counts) the others. */
    void accept(StreamEntryID id, List<Outcomes.Outcome> batch) {
        ResultEntry entry = new ResultEntry(id, batch.size());
        if (batch.isEmpty()) {
            sender.acknowledge(entry);
            return;
        }
        for (Outcomes.Outcome o : batch) {
            String key = keyOf(o.workflowId(), o.jobId());
            Attempt a = attempts.get(key);
            if (a == null || a.ticket.attempt() != o.attempt() || !attempts.remove(key, a)) {
                dropped.incrementAndGet(); // a duplicate, or an attempt the engine gave up on
                release(entry);
                continue;
            }
            inFlight.decrementAndGet();
            if (o.waitMicros() >= 0) {
                startLatency.record(o.waitMicros());
            }
            reported.put(a.ticket, entry); // before report(): the core may settle it within the call
            boolean taken;
            try {
                taken = context.report(a.ticket, o.result(), o.error(), o.payload(), o.nanos());
            } catch (RuntimeException e) {
                taken = context.report(a.ticket, null, "the coordinator could not read the outcome of job "
                        + o.jobId() + " sent by a worker: " + e, null, o.nanos());
            }
            if (taken) {
                accepted.incrementAndGet();
            } else {
                reported.remove(a.ticket);
                dropped.incrementAndGet();
                release(entry);
            }
        }
    }

    /** The sender could not build an attempt's entry: that attempt fails (the others go on). */
    void failToSend(Attempt a, Throwable e) {
        if (attempts.remove(a.key, a)) {
            inFlight.decrementAndGet();
            context.report(a.ticket, null, "job " + a.ticket.jobId() + " (" + a.ticket.job().name()
                    + ") could not be sent to the workers: " + e, null, 0);
        }
    }

    private void release(ResultEntry e) {
        if (e.open.decrementAndGet() == 0) {
            sender.acknowledge(e);
        }
    }

    /** Entries dispatched whose outcome the engine has not settled yet. */
    public int inFlight() {
        return inFlight.get();
    }

    public long dispatched() {
        return dispatched.get();
    }

    public long accepted() {
        return accepted.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long redispatched() {
        return redispatched.get();
    }

    public long reattached() {
        return reattached.get();
    }

    public Latency startLatency() {
        return startLatency;
    }

    @Override
    public String toString() {
        return "RedisWorkers(" + settings.name() + " on " + settings.url() + ")";
    }
}
