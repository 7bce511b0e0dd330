package dev.hymir.internal.workers;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamPendingEntry;
import redis.clients.jedis.params.XPendingParams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Leases: an entry is a worker's while the worker renews it. This worker's lease thread renews every
 * entry it holds every third of the lease ({@link #RENEW}: {@code XCLAIM ... JUSTID} to itself, which
 * resets the entry's idle time without counting a delivery), and any worker claims entries idle past
 * the lease ({@link #TAKE_OVER}: {@code XAUTOCLAIM}, which counts a delivery). An entry another worker
 * took over meanwhile (this one stalled past its lease) is not renewed: it is reported lost, and this
 * worker interrupts its job and does not answer for it. Unlike Celery's visibility timeout, a long job
 * is never taken over while its worker lives; unlike BullMQ's global stalled check, no worker needs
 * to be the checker.
 *
 * <p>Before renewing, the thread checks Redis' run id: a server restarted empty has no entries to
 * renew (the coordinator sends them again), so the jobs running here finish and answer, and nothing is
 * renewed or reported lost.
 */
final class Leases {
    /**
     * KEYS[1] a queue stream; ARGV group, consumer, ids. Renews the ids still this consumer's, returns
     * those that are not (taken over, or gone).
     */
    static final String RENEW = """
            local keep, lost = {}, {}
            for i = 3, #ARGV do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
              if p[1] and p[1][2] == ARGV[2] then keep[#keep + 1] = ARGV[i] else lost[#lost + 1] = ARGV[i] end
            end
            for i = 1, #keep, 500 do
              local args = {KEYS[1], ARGV[1], ARGV[2], 0}
              for k = i, math.min(i + 499, #keep) do args[#args + 1] = keep[k] end
              args[#args + 1] = 'JUSTID' -- (after unpack(...) it would cut the list to one id: Lua expands only a last argument)
              redis.call('XCLAIM', unpack(args))
            end
            return lost""";

    /**
     * KEYS[1] a queue stream; ARGV group, consumer, min idle ms, cursor, count. XAUTOCLAIM, plus each
     * claimed entry's delivery count: {cursor, {{id, {field, value, ...}}, ...}, {count, ...}}.
     */
    static final String TAKE_OVER = """
            local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
            local counts = {}
            for i, e in ipairs(r[2]) do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)
              counts[i] = p[1] and p[1][4] or 1
            end
            return {r[1], r[2], counts}""";

    record ClaimedEntry(StreamEntryID id, Map<String, String> fields, int deliveries) {
    }

    record Claimed(String cursor, List<ClaimedEntry> entries) {
    }

    private final Worker w;
    private final Thread thread;
    private final RedisGeneration generation = new RedisGeneration();
    private volatile boolean closed;

    Leases(Worker w) {
        this.w = w;
        this.thread = Thread.ofPlatform().daemon().name("hymir-worker-lease-" + w.settings.name()).unstarted(this::run);
    }

    void start() {
        try {
            generation.changed(w.redis);
        } catch (JedisException e) {
            // checked again at the first renewal
        }
        thread.start();
    }

    void close() {
        closed = true;
        thread.interrupt();
        Worker.join(thread, 3_000);
    }

    private void run() {
        long every = Math.max(1, w.settings.lease().toMillis() / 3);
        while (!closed) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
            try {
                renew();
            } catch (RuntimeException | LinkageError e) {
                if (closed) {
                    return;
                }
                Worker.LOG.warn("worker {}: renewing leases failed ({}); trying again in {} ms",
                        w.settings.name(), w.settings.url().scrub(String.valueOf(e.getMessage())), every);
            }
        }
    }

    private void renew() {
        if (generation.changed(w.redis)) {
            int n = 0;
            for (ConcurrentHashMap<StreamEntryID, Held> q : w.held.values()) {
                n += q.size();
                q.clear(); // their entries are gone; the jobs finish and answer (a duplicate at worst)
            }
            Worker.LOG.warn("worker {}: Redis at {} restarted without its data (new run_id): {} running job(s) finish"
                    + " without a lease", w.settings.name(), w.settings.url(), n);
            w.createGroups();
            return;
        }
        for (Map.Entry<String, ConcurrentHashMap<StreamEntryID, Held>> q : w.held.entrySet()) {
            if (q.getValue().isEmpty()) {
                continue;
            }
            List<Held> mine = new ArrayList<>(q.getValue().values());
            List<String> args = new ArrayList<>(mine.size() + 2);
            args.add(Streams.WORKERS_GROUP);
            args.add(w.settings.name());
            Map<String, Held> byId = new HashMap<>();
            for (Held h : mine) {
                args.add(h.id.toString());
                byId.put(h.id.toString(), h);
            }
            Object lostIds = w.redis.eval(RENEW, List.of(q.getKey()), args);
            if (lostIds instanceof List<?> list) {
                for (Object id : list) {
                    Held h = byId.get(String.valueOf(id));
                    if (h != null && !h.done && q.getValue().remove(h.id, h)) {
                        lostLease(h);
                    }
                }
            }
        }
    }

    /** Another worker took the entry over (this one stalled): stop the job, answer nothing. */
    private void lostLease(Held h) {
        h.abandoned = true;
        w.byAttempt.remove(h.attemptKey(), h);
        w.lost.incrementAndGet();
        Thread t = h.thread;
        if (t != null) {
            t.interrupt();
        }
        Worker.LOG.warn("worker {}: lost the lease of {} (entry {}; another worker took it over after this one stalled"
                + " past the lease of {}); interrupted it here", w.settings.name(), h.describe(), h.id, w.settings.lease());
    }

    /** Claims up to {@code count} entries of {@code queue} idle past the lease. */
    @SuppressWarnings("unchecked")
    Claimed takeOver(String queue, String cursor, int count) {
        Object r = w.redis.eval(TAKE_OVER, List.of(queue), List.of(Streams.WORKERS_GROUP, w.settings.name(),
                Long.toString(w.settings.lease().toMillis()), cursor, Integer.toString(Math.max(1, count))));
        List<Object> reply = (List<Object>) r;
        String next = String.valueOf(reply.get(0));
        List<Object> entries = (List<Object>) reply.get(1);
        List<Object> counts = (List<Object>) reply.get(2);
        List<ClaimedEntry> claimed = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            List<Object> e = (List<Object>) entries.get(i);
            List<Object> kv = e.size() > 1 && e.get(1) instanceof List<?> l ? (List<Object>) l : List.of();
            Map<String, String> fields = new HashMap<>();
            for (int k = 0; k + 1 < kv.size(); k += 2) {
                fields.put(String.valueOf(kv.get(k)), String.valueOf(kv.get(k + 1)));
            }
            int deliveries = i < counts.size() && counts.get(i) instanceof Long n ? n.intValue() : 1;
            claimed.add(new ClaimedEntry(new StreamEntryID(String.valueOf(e.get(0))), fields, deliveries));
        }
        return new Claimed(next, claimed);
    }

    /**
     * On a clean stop with nothing handed back: leaves the consumer groups if this worker holds no
     * entry there (XGROUP DELCONSUMER would drop held ones), so stopped workers do not pile up.
     */
    void leaveGroups() {
        for (String queue : w.held.keySet()) {
            try {
                List<StreamPendingEntry> mine = w.redis.xpending(queue, Streams.WORKERS_GROUP,
                        XPendingParams.xPendingParams("-", "+", 1).consumer(w.settings.name()));
                if (mine.isEmpty()) {
                    w.redis.xgroupDelConsumer(queue, Streams.WORKERS_GROUP, w.settings.name());
                }
            } catch (JedisException e) {
                return; // the consumer stays listed; nothing is lost
            }
        }
    }
}
