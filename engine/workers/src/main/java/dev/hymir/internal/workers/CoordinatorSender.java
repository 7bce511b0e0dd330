package dev.hymir.internal.workers;

import dev.hymir.internal.json.Json;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The coordinator's writer thread: everything the core hands over goes out from here, in pipelines.
 * Each turn adds the new attempts' entries (one XADD each), deletes the entries of attempts the engine
 * gave up on and publishes their cancels, acknowledges and deletes settled results entries (one XACK
 * and one XDEL for many), and once a second renews the coordinator's name and checks whether Redis
 * restarted empty (then every attempt in flight is sent again). A Redis error keeps the work for the
 * next turn (after a backoff): an XADD whose reply was lost may be sent twice, which the attempt
 * fencing makes harmless.
 */
final class CoordinatorSender {
    private static final int BATCH = 1_000;
    private static final long HOUSEKEEPING_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a workflow's JSON stays in Redis for jobs that ask for it (rewritten when older than a day). */
    private static final long DEFINITION_SECONDS = TimeUnit.DAYS.toSeconds(7);
    private static final String RENEW_LOCK = """
            local v = redis.call('GET', KEYS[1])
            if v == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end
            return 0""";
    private static final String RELEASE_LOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final Coordinator c;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Coordinator.Attempt> toAdd = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Coordinator.Attempt> toCancel = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Coordinator.ResultEntry> toAcknowledge = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<List<Coordinator.Attempt>> toReattach = new ConcurrentLinkedQueue<>();
    /** Attempts taken from the queues whose pipeline failed: sent first next turn. */
    private final List<Coordinator.Attempt> retryAdd = new ArrayList<>();
    private final List<Coordinator.Attempt> retryCancel = new ArrayList<>();
    private final List<Coordinator.ResultEntry> retryAcknowledge = new ArrayList<>();
    /** Workflows whose JSON this coordinator wrote, and when (epoch ms); the most recent 1,000. */
    private final Map<String, Long> definitionsWritten = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 1_000;
        }
    };
    private final RedisGeneration generation = new RedisGeneration();
    private final Backoff backoff = new Backoff();
    private volatile boolean closing;
    private long nextHousekeeping;
    private boolean lockLost;

    CoordinatorSender(Coordinator c) {
        this.c = c;
        this.thread = Thread.ofPlatform().daemon().name("hymir-workers-send-" + c.settings.name()).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void add(Coordinator.Attempt a) {
        toAdd.add(a);
    }

    void cancel(Coordinator.Attempt a) {
        toCancel.add(a);
        wake();
    }

    void acknowledge(Coordinator.ResultEntry e) {
        toAcknowledge.add(e);
        wake();
    }

    void reattach(List<Coordinator.Attempt> attempts) {
        toReattach.add(attempts);
        wake();
    }

    void wake() {
        LockSupport.unpark(thread);
    }

    /** Sends what waits (within about two seconds), gives the coordinator's name back, stops. */
    void close() {
        closing = true;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            c.redis.eval(RELEASE_LOCK, List.of(c.lockKey), List.of(c.lockToken));
        } catch (JedisException e) {
            // it expires by itself
        }
    }

    private boolean hasWork() {
        return !toAdd.isEmpty() || !toCancel.isEmpty() || !toAcknowledge.isEmpty() || !toReattach.isEmpty()
                || !retryAdd.isEmpty() || !retryCancel.isEmpty() || !retryAcknowledge.isEmpty();
    }

    private void run() {
        long closeDeadline = 0;
        while (true) {
            if (closing) {
                if (closeDeadline == 0) {
                    closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
                if (!hasWork() || System.nanoTime() > closeDeadline) {
                    return;
                }
            }
            try {
                turn();
                if (backoff.failing()) {
                    Coordinator.LOG.info("RedisWorkers {}: Redis answers again", c.settings.name());
                }
                backoff.reset();
            } catch (JedisException | IllegalStateException e) {
                if (!backoff.failing()) {
                    Coordinator.LOG.warn("RedisWorkers {}: Redis at {} failed ({}); retrying with backoff", c.settings.name(),
                            c.settings.url(), c.settings.url().scrub(String.valueOf(e.getMessage())));
                }
                if (!backoff.pause()) {
                    return;
                }
                continue;
            } catch (RuntimeException | LinkageError e) {
                // A bug must not silently stop every dispatch: say so loudly, keep going.
                Coordinator.LOG.error("RedisWorkers {}: the sender failed", c.settings.name(), e);
                if (!backoff.pause()) {
                    return;
                }
                continue;
            }
            if (!hasWork() && !closing) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(250));
            }
        }
    }

    private void turn() {
        long now = System.nanoTime();
        if (now - nextHousekeeping >= 0) {
            housekeeping();
            nextHousekeeping = now + HOUSEKEEPING_NANOS;
        }
        for (List<Coordinator.Attempt> list; (list = toReattach.peek()) != null; ) {
            Reattach.run(c, list, this);
            toReattach.poll();
        }
        sendAdds();
        sendCancels();
        sendAcknowledgements();
    }

    /** Renews the coordinator's name; a Redis that restarted empty gets every attempt in flight again. */
    private void housekeeping() {
        Object renewed = c.redis.eval(RENEW_LOCK, List.of(c.lockKey), List.of(c.lockToken, Long.toString(Coordinator.LOCK_MILLIS)));
        if (Long.valueOf(0).equals(renewed) && !lockLost) {
            lockLost = true;
            Coordinator.LOG.error("RedisWorkers {}: another coordinator took the name '{}' ({}); results may go to the"
                    + " wrong engine: give each engine its own name", c.settings.name(), c.settings.name(), c.lockKey);
        } else if (!Long.valueOf(0).equals(renewed)) {
            lockLost = false;
        }
        if (generation.changed(c.redis)) {
            int again = 0;
            for (Coordinator.Attempt a : c.attempts.values()) {
                if (a.sent) { // the others wait in toAdd or in a reattach
                    a.sent = false;
                    a.entry = null;
                    toAdd.add(a);
                    again++;
                }
            }
            definitionsWritten.clear();
            c.redispatched.addAndGet(again);
            Coordinator.LOG.warn("RedisWorkers {}: Redis at {} restarted without its data (new run_id); sending the {}"
                    + " attempt(s) in flight again", c.settings.name(), c.settings.url(), again);
        }
    }

    /** Queues an attempt found missing after a restart; counted as dispatched again. */
    void addAgain(Coordinator.Attempt a) {
        retryAdd.add(a);
    }

    private void sendAdds() {
        while (!retryAdd.isEmpty() || !toAdd.isEmpty()) {
            List<Coordinator.Attempt> batch = new ArrayList<>(retryAdd);
            retryAdd.clear();
            for (Coordinator.Attempt a; batch.size() < BATCH && (a = toAdd.poll()) != null; ) {
                batch.add(a);
            }
            List<Coordinator.Attempt> sent = new ArrayList<>(batch.size());
            List<Response<StreamEntryID>> ids = new ArrayList<>(batch.size());
            long nowMillis = System.currentTimeMillis();
            try (AbstractPipeline p = c.redis.pipelined()) {
                long t = Streams.epochMicros();
                for (Coordinator.Attempt a : batch) {
                    if (a.interrupted) {
                        continue;
                    }
                    Map<String, String> fields;
                    try {
                        fields = fields(a, t);
                        if (a.needs.workflow()) {
                            writeDefinition(p, a, nowMillis);
                        }
                    } catch (RuntimeException | LinkageError e) {
                        c.failToSend(a, e);
                        continue;
                    }
                    sent.add(a);
                    ids.add(p.xadd(a.queue, XAddParams.xAddParams(), fields));
                }
                p.sync();
            } catch (JedisException | IllegalStateException e) {
                retryAdd.addAll(batch);
                throw e;
            }
            for (int i = 0; i < sent.size(); i++) {
                Coordinator.Attempt a = sent.get(i);
                a.entry = ids.get(i).get();
                a.sent = true;
                if (a.interrupted) {
                    toCancel.add(a); // interrupted while its XADD was under way: delete it now
                }
            }
            c.dispatched.addAndGet(sent.size());
        }
    }

    private Map<String, String> fields(Coordinator.Attempt a, long sentMicros) {
        Map<String, String> f = new HashMap<>(16);
        f.put(Streams.WORKFLOW, a.ticket.workflowId());
        f.put(Streams.JOB, a.ticket.jobId());
        f.put(Streams.ATTEMPT, Integer.toString(a.ticket.attempt()));
        f.put(Streams.NAME, a.ticket.job().name());
        f.put(Streams.REPLY, c.resultsKey);
        f.put(Streams.MAX_DELIVERIES, Integer.toString(c.settings.maxDeliveries()));
        f.put(Streams.SENT, Long.toString(sentMicros));
        f.put(Streams.CALL, CallCodec.encode(a.ticket, a.needs));
        return f;
    }

    /** For jobs that ask for the reserved input "workflow": its JSON, once per workflow (and day). */
    private void writeDefinition(AbstractPipeline p, Coordinator.Attempt a, long nowMillis) {
        String id = a.ticket.workflowId();
        Long written = definitionsWritten.get(id);
        if (written != null && nowMillis - written < TimeUnit.DAYS.toMillis(1)) {
            return;
        }
        p.set(Streams.definition(id), a.ticket.run().workflow().toJson(), SetParams.setParams().ex(DEFINITION_SECONDS));
        definitionsWritten.put(id, nowMillis);
    }

    private void sendCancels() {
        if (toCancel.isEmpty() && retryCancel.isEmpty()) {
            return;
        }
        List<Coordinator.Attempt> batch = new ArrayList<>(retryCancel);
        retryCancel.clear();
        for (Coordinator.Attempt a; (a = toCancel.poll()) != null; ) {
            batch.add(a);
        }
        Map<String, List<StreamEntryID>> byQueue = new HashMap<>();
        List<List<Object>> named = new ArrayList<>();
        for (Coordinator.Attempt a : batch) {
            if (a.entry != null) {
                byQueue.computeIfAbsent(a.queue, q -> new ArrayList<>()).add(a.entry);
            }
            named.add(List.of(a.ticket.workflowId(), a.ticket.jobId(), a.ticket.attempt()));
        }
        try (AbstractPipeline p = c.redis.pipelined()) {
            for (Map.Entry<String, List<StreamEntryID>> e : byQueue.entrySet()) {
                p.xdel(e.getKey(), e.getValue().toArray(new StreamEntryID[0])); // not started yet: never starts
            }
            p.publish(Streams.CONTROL_CHANNEL, Json.write(Map.of("cancel", named))); // running: interrupted
            p.sync();
        } catch (JedisException | IllegalStateException e) {
            retryCancel.addAll(batch);
            throw e;
        }
    }

    private void sendAcknowledgements() {
        if (toAcknowledge.isEmpty() && retryAcknowledge.isEmpty()) {
            return;
        }
        List<Coordinator.ResultEntry> batch = new ArrayList<>(retryAcknowledge);
        retryAcknowledge.clear();
        for (Coordinator.ResultEntry e; (e = toAcknowledge.poll()) != null; ) {
            batch.add(e);
        }
        StreamEntryID[] ids = new StreamEntryID[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).id;
        }
        try (AbstractPipeline p = c.redis.pipelined()) {
            p.xack(c.resultsKey, Streams.COORDINATOR_GROUP, ids);
            p.xdel(c.resultsKey, ids);
            p.sync();
        } catch (JedisException | IllegalStateException e) {
            retryAcknowledge.addAll(batch);
            throw e;
        }
    }
}
