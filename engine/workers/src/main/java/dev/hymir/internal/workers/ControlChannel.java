package dev.hymir.internal.workers;

import dev.hymir.internal.json.Json;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

import java.util.List;
import java.util.Map;

/**
 * A worker's subscription to {@code hymir:control}: a coordinator publishes the attempts it gave up on
 * (timed out, cancelled, engine closed) and the worker running one interrupts its thread. Pub/sub is
 * fire-and-forget: a worker disconnected at that moment finishes the job, and the coordinator ignores
 * its outcome (it waits for that attempt no more), so a missed cancel wastes work but changes nothing.
 */
final class ControlChannel extends JedisPubSub {
    private final Worker w;
    private final Thread thread;
    private final Backoff backoff = new Backoff();
    private volatile boolean closed;

    ControlChannel(Worker w) {
        this.w = w;
        this.thread = Thread.ofPlatform().daemon().name("hymir-worker-control-" + w.settings.name()).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void close() {
        closed = true;
        try {
            if (isSubscribed()) {
                unsubscribe();
            }
        } catch (RuntimeException e) {
            // the connection is gone already
        }
        Worker.join(thread, 2_000);
    }

    private void run() {
        while (!closed) {
            try {
                w.redis.subscribe(this, Streams.CONTROL_CHANNEL); // returns when unsubscribed
            } catch (JedisException | IllegalStateException e) {
                if (closed) {
                    return;
                }
                backoff.pause();
            }
        }
    }

    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
        backoff.reset();
    }

    @Override
    public void onMessage(String channel, String message) {
        try {
            Object parsed = Json.read(message);
            if (!(parsed instanceof Map<?, ?> m) || !(m.get("cancel") instanceof List<?> cancels)) {
                return;
            }
            for (Object c : cancels) {
                if (c instanceof List<?> named && named.size() == 3) {
                    Held h = w.byAttempt.get(named.get(0) + "\t" + named.get(1) + "\t" + named.get(2));
                    Thread t = h == null ? null : h.thread;
                    if (t != null) {
                        t.interrupt(); // it answers (an interruption, most likely), which the coordinator ignores
                    }
                }
            }
        } catch (RuntimeException e) {
            Worker.LOG.warn("worker {}: ignored a control message that is not one ({})", w.settings.name(), e.getMessage());
        }
    }
}
