package dev.hymir.internal.workers;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XClaimParams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker's writer thread. Each turn answers every outcome that waits, in one pipeline: per results
 * stream one XADD carrying them all (BullMQ finishes a job and fetches the next in one round trip;
 * here the round trip answers many jobs), then per queue one XACK and one XDEL of their entries. The
 * answer goes before the acknowledgement: a worker killed in between answers again after a takeover,
 * and the coordinator drops the duplicate. Hand-backs ({@code XCLAIM ... IDLE ... JUSTID} to itself, so
 * the entry looks abandoned) and deletions of junk entries ride in the same pipeline. A Redis error
 * keeps the turn's work for the next (after a backoff).
 */
final class WorkerSender {
    private static final int BATCH = 1_000;

    private record Answer(Held held, Outcomes.Outcome outcome) {
    }

    private record HandBack(Held held, int deliveries) {
    }

    private final Worker w;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<HandBack> handBacks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Held> discards = new ConcurrentLinkedQueue<>();
    private final List<Answer> retryAnswers = new ArrayList<>();
    private final List<HandBack> retryHandBacks = new ArrayList<>();
    private final List<Held> retryDiscards = new ArrayList<>();
    private final Backoff backoff = new Backoff();
    private volatile boolean sleeping;
    private volatile boolean closing;

    WorkerSender(Worker w) {
        this.w = w;
        this.thread = Thread.ofPlatform().daemon().name("hymir-worker-send-" + w.settings.name()).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void send(Held h, Outcomes.Outcome outcome) {
        h.done = true;
        answers.add(new Answer(h, outcome));
        wake();
    }

    void handBack(Held h, int deliveries) {
        handBacks.add(new HandBack(h, deliveries));
        wake();
    }

    void discard(Held h) {
        discards.add(h);
        wake();
    }

    private void wake() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** Sends what waits (within about five seconds) and stops. */
    void close() {
        closing = true;
        LockSupport.unpark(thread);
        Worker.join(thread, 6_000);
    }

    private boolean hasWork() {
        return !answers.isEmpty() || !handBacks.isEmpty() || !discards.isEmpty()
                || !retryAnswers.isEmpty() || !retryHandBacks.isEmpty() || !retryDiscards.isEmpty();
    }

    private void run() {
        long closeDeadline = 0;
        while (true) {
            if (closing) {
                if (closeDeadline == 0) {
                    closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                }
                if (!hasWork() || System.nanoTime() - closeDeadline > 0) {
                    return;
                }
            }
            if (!hasWork()) {
                sleeping = true;
                if (!hasWork() && !closing) {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                }
                sleeping = false;
                continue;
            }
            try {
                turn();
                backoff.reset();
            } catch (JedisException | IllegalStateException e) {
                if (!backoff.failing()) {
                    Worker.LOG.warn("worker {}: answering failed ({}); retrying with backoff",
                            w.settings.name(), w.settings.url().scrub(String.valueOf(e.getMessage())));
                }
                if (!backoff.pause()) {
                    return;
                }
            } catch (RuntimeException | LinkageError e) {
                Worker.LOG.error("worker {}: the sender failed", w.settings.name(), e);
                if (!backoff.pause()) {
                    return;
                }
            }
        }
    }

    private void turn() {
        List<Answer> batch = new ArrayList<>(retryAnswers);
        retryAnswers.clear();
        for (Answer a; batch.size() < BATCH && (a = answers.poll()) != null; ) {
            batch.add(a);
        }
        List<HandBack> backs = new ArrayList<>(retryHandBacks);
        retryHandBacks.clear();
        for (HandBack b; (b = handBacks.poll()) != null; ) {
            backs.add(b);
        }
        List<Held> junk = new ArrayList<>(retryDiscards);
        retryDiscards.clear();
        for (Held h; (h = discards.poll()) != null; ) {
            junk.add(h);
        }
        try (AbstractPipeline p = w.redis.pipelined()) {
            Map<String, List<Outcomes.Outcome>> byReply = new LinkedHashMap<>();
            Map<String, List<StreamEntryID>> done = new LinkedHashMap<>();
            for (Answer a : batch) {
                byReply.computeIfAbsent(a.held().reply, r -> new ArrayList<>()).add(a.outcome());
                done.computeIfAbsent(a.held().queue, q -> new ArrayList<>()).add(a.held().id);
            }
            for (Held h : junk) {
                done.computeIfAbsent(h.queue, q -> new ArrayList<>()).add(h.id);
            }
            for (Map.Entry<String, List<Outcomes.Outcome>> e : byReply.entrySet()) {
                p.xadd(e.getKey(), XAddParams.xAddParams(), Map.of(Streams.BATCH, Outcomes.encode(e.getValue())));
            }
            for (Map.Entry<String, List<StreamEntryID>> e : done.entrySet()) {
                StreamEntryID[] ids = e.getValue().toArray(new StreamEntryID[0]);
                p.xack(e.getKey(), Streams.WORKERS_GROUP, ids);
                p.xdel(e.getKey(), ids);
            }
            Map<String, List<StreamEntryID>> back = new HashMap<>();
            for (HandBack b : backs) {
                back.computeIfAbsent(b.held().queue + '\n' + b.deliveries(), k -> new ArrayList<>()).add(b.held().id);
            }
            for (Map.Entry<String, List<StreamEntryID>> e : back.entrySet()) {
                int nl = e.getKey().lastIndexOf('\n');
                String queue = e.getKey().substring(0, nl);
                int deliveries = Integer.parseInt(e.getKey().substring(nl + 1));
                p.xclaimJustId(queue, Streams.WORKERS_GROUP, w.settings.name(), 0, XClaimParams.xClaimParams()
                        .idle(Worker.HANDED_BACK_IDLE_MILLIS).retryCount(deliveries), e.getValue().toArray(new StreamEntryID[0]));
            }
            p.sync();
        } catch (JedisException | IllegalStateException e) {
            retryAnswers.addAll(batch);
            retryHandBacks.addAll(backs);
            retryDiscards.addAll(junk);
            throw e;
        }
        for (Answer a : batch) {
            w.forget(a.held());
            w.done.incrementAndGet();
            if (a.outcome().failed()) {
                w.failed.incrementAndGet();
            }
        }
    }
}
