package dev.hymir.internal.redis;

import dev.hymir.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds and writes workflow definitions ({@code <id>:def} and {@code <id>:meta}) on a thread and a
 * connection of their own, so that building and sending a 150 MB value never holds up job states.
 * The flusher asks for a run's definition once the run's first write (which deletes what was under
 * its id) is acknowledged, and writes the run's {@code :state} only after this reports the definition
 * written. A definition is the same bytes whenever it is written, so one that lands late (after a
 * rewrite began) changes nothing.
 */
final class DefinitionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(DefinitionWriter.class);
    private static final long BACKOFF_MAX_MILLIS = 1_000;
    private static final byte[] META_JOBS = SnapshotFormat.META_JOBS.getBytes(StandardCharsets.UTF_8);

    /** Write the definition of {@code run} for its rewrite number {@code generation}. */
    record Request(RunSnapshot run, long generation, Workflow workflow) {
    }

    /** The outcome: {@code error} null when written (or left out, too large for Redis: logged). */
    record Done(RunSnapshot run, long generation, String error) {
    }

    private record Bytes(byte[] raw) implements Rawable {
        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    private final RedisClient client;
    private final SnapshotFlusher.Settings settings;
    private final Consumer<Done> done;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile long maxBulk;
    private volatile boolean closing;
    private volatile long closeDeadline;

    DefinitionWriter(RedisClient client, SnapshotFlusher.Settings settings, Consumer<Done> done) {
        this.client = client;
        this.settings = settings;
        this.done = done;
        this.thread = Thread.ofPlatform().daemon().name("hymir-redis-definitions").unstarted(this::loop);
    }

    void start(long maxBulk) {
        this.maxBulk = maxBulk;
        thread.start();
    }

    void write(Request request) {
        queue.add(request);
    }

    /** Finishes the definition being written (within {@code deadline}), drops the rest, stops. */
    void close(long deadline) {
        closeDeadline = deadline;
        closing = true;
        queue.add(Boolean.TRUE); // wakes the thread
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))
                    + settings.socketTimeoutMillis() + BACKOFF_MAX_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        List<Request> batch = new ArrayList<>();
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            batch.clear();
            if (item instanceof Request request) {
                batch.add(request);
            }
            for (Object more; (more = queue.poll()) != null; ) {
                if (more instanceof Request request) {
                    batch.add(request); // many small workflows: their definitions go in one pipeline
                }
            }
            if (!batch.isEmpty()) {
                write(batch);
            }
            if (closing && (queue.isEmpty() || System.nanoTime() - closeDeadline >= 0)) {
                return;
            }
        }
    }

    /** The definition's bytes, or null if Redis cannot take it in one value (logged). */
    private byte[] bytesOf(Request r) {
        DefinitionSlices def = settings.definitions().of(r.workflow(), settings.compactDefinition());
        if (def.length() > maxBulk && !settings.compactDefinition()) {
            DefinitionSlices compact = settings.definitions().of(r.workflow(), true);
            if (compact.length() <= maxBulk) {
                LOG.warn("the definition of workflow {} is {} bytes, more than Redis takes in one value ({}); writing the"
                        + " compact form ({} bytes), which RedisExecutor reads and Python Hymir does not",
                        r.run().id, def.length(), maxBulk, compact.length());
                def = compact;
            }
        }
        if (def.length() > maxBulk) {
            LOG.error("the definition of workflow {} is {} bytes, more than Redis takes in one value ({}): it is not written"
                    + " (its states are)", r.run().id, def.length(), maxBulk);
            return null;
        }
        while (!def.writeSome(Integer.MAX_VALUE - 16)) {
            // one array, filled in one go: this thread has nothing else to do
        }
        return def.bytes();
    }

    /**
     * Sends the definitions in one pipeline until Redis takes them (backoff while it is down) or
     * refuses one (reported: its run is rewritten). One too large for Redis is reported written.
     */
    private void write(List<Request> batch) {
        List<Request> requests = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (Request r : batch) {
            byte[] bytes;
            try {
                bytes = bytesOf(r);
            } catch (RuntimeException e) {
                done.accept(new Done(r.run(), r.generation(), "cannot build its definition: " + e));
                continue;
            }
            if (bytes == null) {
                done.accept(new Done(r.run(), r.generation(), null));
            } else {
                requests.add(r);
                values.add(bytes);
            }
        }
        long backoff = 10;
        while (!requests.isEmpty()) {
            try (Connection connection = client.getPool().getResource()) {
                Pipeline p = new Pipeline(connection);
                List<Response<Object>> replies = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    RunSnapshot run = requests.get(i).run();
                    replies.add(p.sendCommand(args(Protocol.Command.SET, run.defKey, values.get(i))));
                    replies.add(p.sendCommand(args(Protocol.Command.HSET, run.metaKey, META_JOBS,
                            RoundWriter.ascii(run.view.size()))));
                }
                p.sync();
                for (int i = 0; i < requests.size(); i++) {
                    String error = null;
                    try {
                        replies.get(2 * i).get();
                        replies.get(2 * i + 1).get();
                    } catch (JedisDataException e) {
                        error = e.getMessage();
                    }
                    done.accept(new Done(requests.get(i).run(), requests.get(i).generation(), error));
                }
                return;
            } catch (JedisException e) {
                if (closing && System.nanoTime() - closeDeadline >= 0) {
                    return; // the flusher, closing too, reports what is left unwritten
                }
                try {
                    Thread.sleep(backoff); // Redis down: the flusher logs and counts the outage
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(BACKOFF_MAX_MILLIS, backoff * 2);
            }
        }
    }

    private static CommandArguments args(Protocol.Command command, byte[]... args) {
        CommandArguments arguments = new CommandArguments(command);
        for (byte[] arg : args) {
            arguments.add(new Bytes(arg)); // a plain byte[] Jedis would copy (150 MB)
        }
        return arguments;
    }
}
