package dev.hymir;

import dev.hymir.spi.RunView;
import dev.hymir.spi.StateStore;
import dev.hymir.internal.redis.RedisClients;
import dev.hymir.internal.redis.SnapshotFlusher;
import dev.hymir.internal.redis.RedisUrl;
import dev.hymir.internal.redis.SnapshotFormat;

import java.time.Duration;
import java.util.Set;

/**
 * Writes every workflow's state to Redis in the original Python Hymir's layout (DESIGN §7; the README
 * lists the keys), so other processes can read it with a {@link RedisExecutor} or Hymir's own
 * {@code Executor}. Give it to one engine:
 *
 * <pre>{@code
 * HymirEngine engine = HymirEngine.builder()
 *         .stateStore(RedisStateStore.connect("redis://hymir:secret@localhost:6379/0"))
 *         .build();
 * }</pre>
 *
 * <p>The engine's core only tells the store which runs changed; a flusher thread reads their current
 * states and writes them in pipelined rounds (a job that changed many times meanwhile is written
 * once). PENDING jobs are not written: Python Hymir and {@link RedisExecutor} read a missing
 * {@code :jobs} field as PENDING. A finished workflow's final state is in Redis before
 * {@code await}/{@code completion} report it finished — unless Redis does not take it within
 * {@link Options.Builder#finalFlushTimeout} (then the workflow is reported finished anyway,
 * {@code hymir.snapshot.final.timeouts} counts it, and the snapshot catches up when Redis is back).
 * Snapshots heal themselves: a workflow whose keys something else changed is rewritten whole, without
 * stopping the others, and a Redis restarted empty gets every workflow the engine holds again. The
 * engine closes the store when it closes.
 */
public final class RedisStateStore implements StateStore {
    private final RedisUrl url;
    private final Options options;
    private final redis.clients.jedis.RedisClient client;
    private SnapshotFlusher flusher; // set when an engine takes this store

    private RedisStateStore(RedisUrl url, Options options) {
        this.url = url;
        this.options = options;
        this.client = RedisClients.open(url, (int) Math.min(Integer.MAX_VALUE, options.socketTimeout().toMillis()));
    }

    /**
     * Connects to {@code redis://[user:password@]host:port[/db]} (or {@code rediss://} for TLS) with
     * default options. A malformed URL: {@link IllegalArgumentException}; an unreachable server or a
     * refused login: {@link HymirException} within about 2 s. The password appears in no message.
     */
    public static RedisStateStore connect(String url) {
        return connect(url, Options.defaults());
    }

    /** {@link #connect(String)} with {@code options} (key prefix, batching, timeouts, definition form). */
    public static RedisStateStore connect(String url, Options options) {
        Args.notNull(url, "RedisStateStore.connect", "url");
        Args.notNull(options, "RedisStateStore.connect", "options");
        return new RedisStateStore(RedisUrl.parse(url), options);
    }

    /** The key prefix in front of every key ("" by default). */
    public String keyPrefix() {
        return options.keyPrefix();
    }

    /** Called by the engine it is given to; a store serves one engine. */
    @Override
    public synchronized void start(Context context) {
        Args.notNull(context, "RedisStateStore.start", "context");
        if (flusher != null) {
            throw new IllegalStateException(this + " is already used by an engine; connect one store per engine");
        }
        flusher = new SnapshotFlusher(client, new SnapshotFlusher.Settings(url, new SnapshotFormat(options.keyPrefix()),
                options.batchSize(), options.finalFlushTimeout(), (int) Math.min(Integer.MAX_VALUE, options.socketTimeout().toMillis()),
                options.compactDefinition(), DefinitionBytes::new));
        flusher.start(context);
    }

    /** Called by the engine when it is bound to a registry: the {@code hymir.snapshot.*} meters, with its tags. */
    @Override
    public synchronized void bindMeters(io.micrometer.core.instrument.MeterRegistry registry, io.micrometer.core.instrument.Tags tags) {
        if (flusher != null) {
            flusher.bindMeters(registry, tags);
        }
    }

    @Override
    public void changed(RunView run) {
        Args.notNull(run, "RedisStateStore.changed", "run");
        flusher.changed(run);
    }

    @Override
    public void afterStored(RunView run, java.util.function.Consumer<Boolean> action) {
        Args.notNull(run, "RedisStateStore.afterStored", "run");
        Args.notNull(action, "RedisStateStore.afterStored", "action");
        flusher.afterStored(run, action);
    }

    @Override
    public void clear(String workflowId, Set<String> outputNames, Runnable done) {
        Args.notNull(workflowId, "RedisStateStore.clear", "workflowId");
        Args.notNull(outputNames, "RedisStateStore.clear", "outputNames");
        Args.notNull(done, "RedisStateStore.clear", "done");
        flusher.clear(workflowId, outputNames, done);
    }

    /** Writes what is pending (bounded by finalFlushTimeout) and closes the connections. Idempotent. */
    @Override
    public void close() {
        SnapshotFlusher f;
        synchronized (this) {
            f = flusher;
        }
        if (f != null) {
            f.close();
        } else {
            client.close();
        }
    }

    /** The URL without its password. */
    @Override
    public String toString() {
        return "RedisStateStore(" + url + (options.keyPrefix().isEmpty() ? "" : ", prefix '" + options.keyPrefix() + "'") + ")";
    }

    /**
     * Settings of a {@link RedisStateStore}; every one is optional.
     *
     * @param keyPrefix         put in front of every key
     * @param batchSize         job states per HSET command
     * @param finalFlushTimeout how long a finished workflow waits for Redis before it is reported finished
     * @param socketTimeout     how long a Redis reply may take before the write counts as failed (and is retried)
     * @param compactDefinition write {@code <id>:def} in the compact JSON form (not readable by Python Hymir)
     */
    public record Options(String keyPrefix, int batchSize, Duration finalFlushTimeout, Duration socketTimeout,
                          boolean compactDefinition) {

        public Options {
            Args.notNull(keyPrefix, "RedisStateStore.Options", "keyPrefix");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
            }
            if (finalFlushTimeout == null || finalFlushTimeout.isNegative()) {
                throw new IllegalArgumentException("finalFlushTimeout must be >= 0, was " + finalFlushTimeout);
            }
            if (socketTimeout == null || socketTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("socketTimeout must be >= 1 ms, was " + socketTimeout);
            }
        }

        public static Options defaults() {
            return builder().build();
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Options}; every setting has a default. */
        public static final class Builder {
            private String keyPrefix = "";
            private int batchSize = 4_096;
            private Duration finalFlushTimeout = Duration.ofSeconds(5);
            private Duration socketTimeout = Duration.ofSeconds(10);
            private boolean compactDefinition;

            private Builder() {
            }

            /** Put in front of every key; default none (what Python Hymir reads). */
            public Builder keyPrefix(String prefix) {
                this.keyPrefix = Args.notNull(prefix, "RedisStateStore.Options.Builder.keyPrefix", "prefix");
                return this;
            }

            /**
             * Job states per HSET command (default 4,096: Redis answers fastest in the thousands); a
             * round sends up to 16 of them.
             */
            public Builder batchSize(int batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            /**
             * How long a finished workflow waits for its final state to reach Redis before await()
             * reports it anyway (default 5 s); also bounds clear() and close().
             */
            public Builder finalFlushTimeout(Duration timeout) {
                this.finalFlushTimeout = Args.notNull(timeout, "RedisStateStore.Options.Builder.finalFlushTimeout", "timeout");
                return this;
            }

            /**
             * How long a reply from Redis may take before the write counts as failed and is sent again
             * (default 10 s). Sending again is safe: every write is idempotent.
             */
            public Builder socketTimeout(Duration timeout) {
                this.socketTimeout = Args.notNull(timeout, "RedisStateStore.Options.Builder.socketTimeout", "timeout");
                return this;
            }

            /**
             * Writes {@code <id>:def} in the compact JSON form ({@code Workflow}'s own): each distinct predecessor list once
             * instead of one link per edge, and jobs without their defaults ({@code Chain(Group(3000),
             * Group(3000))}: ~0.1 MB instead of ~330 MB). {@link RedisExecutor} and
             * {@link Workflow#fromJson} read it; <b>Python Hymir cannot</b>. Default false (Python's
             * node_link form). A node_link definition longer than Redis takes in one value
             * (proto-max-bulk-len, 512 MB by default) is written compact anyway, with a warning.
             */
            public Builder compactDefinition(boolean compact) {
                this.compactDefinition = compact;
                return this;
            }

            public Options build() {
                return new Options(keyPrefix, batchSize, finalFlushTimeout, socketTimeout, compactDefinition);
            }
        }
    }
}
