package dev.hymir.internal.workers;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import java.util.List;
import java.util.Map;

/**
 * The coordinator's reader thread: reads its results stream in its own consumer group (named after
 * the coordinator, so a restarted coordinator is the same consumer): first the entries delivered to it
 * before and never acknowledged (it died before their outcomes were journaled), then new ones,
 * blocking up to a second. Each entry's outcomes go to {@link Coordinator#accept}. A group that
 * vanished (Redis restarted empty) is created again from the stream's start.
 */
final class ResultReader {
    private static final int COUNT = 512;
    private static final int BLOCK_MILLIS = 1_000;

    private final Coordinator c;
    private final Thread thread;
    private final Backoff backoff = new Backoff();
    private volatile boolean closed;

    ResultReader(Coordinator c) {
        this.c = c;
        this.thread = Thread.ofPlatform().daemon().name("hymir-workers-results-" + c.settings.name()).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void close() {
        closed = true;
    }

    void join() {
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        StreamEntryID from = new StreamEntryID(0, 0); // own pending entries first
        createGroup();
        while (!closed) {
            try {
                boolean backlog = from != null;
                XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(COUNT);
                if (!backlog) {
                    params.block(BLOCK_MILLIS);
                }
                List<Map.Entry<String, List<StreamEntry>>> read = c.redis.xreadGroup(Streams.COORDINATOR_GROUP,
                        c.settings.name(), params, Map.of(c.resultsKey, backlog ? from : StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                backoff.reset();
                List<StreamEntry> entries = read == null || read.isEmpty() ? List.of() : read.get(0).getValue();
                if (backlog && entries.isEmpty()) {
                    from = null; // the backlog is done: new entries from now on
                }
                for (StreamEntry e : entries) {
                    if (backlog) {
                        from = e.getID();
                    }
                    handle(e);
                }
            } catch (JedisDataException e) {
                if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                    createGroup();
                    from = new StreamEntryID(0, 0);
                } else if (!closed) {
                    pause(e);
                }
            } catch (JedisException | IllegalStateException e) {
                if (closed) {
                    return;
                }
                pause(e);
            } catch (RuntimeException | LinkageError e) {
                Coordinator.LOG.error("RedisWorkers {}: the results reader failed", c.settings.name(), e);
                backoff.pause();
            }
        }
    }

    private void handle(StreamEntry e) {
        String batch = e.getFields().get(Streams.BATCH);
        List<Outcomes.Outcome> outcomes;
        try {
            outcomes = batch == null ? List.of() : Outcomes.decode(batch);
        } catch (IllegalArgumentException junk) {
            Coordinator.LOG.warn("RedisWorkers {}: results entry {} in {} is not a batch of outcomes ({}); dropped",
                    c.settings.name(), e.getID(), c.resultsKey, junk.getMessage());
            outcomes = List.of();
        }
        c.accept(e.getID(), outcomes);
    }

    private void createGroup() {
        try {
            c.redis.xgroupCreate(c.resultsKey, Streams.COORDINATOR_GROUP, new StreamEntryID(0, 0), true);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                Coordinator.LOG.warn("RedisWorkers {}: cannot create group {} on {}: {}",
                        c.settings.name(), Streams.COORDINATOR_GROUP, c.resultsKey, e.getMessage());
            }
        } catch (JedisException e) {
            // Redis is down: the read fails next and backs off
        }
    }

    private void pause(Exception e) {
        if (!backoff.failing()) {
            Coordinator.LOG.warn("RedisWorkers {}: reading {} failed ({}); retrying",
                    c.settings.name(), c.resultsKey, c.settings.url().scrub(String.valueOf(e.getMessage())));
        }
        backoff.pause();
    }
}
