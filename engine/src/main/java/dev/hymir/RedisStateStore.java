package dev.hymir;

import dev.hymir.spi.RunView;
import dev.hymir.spi.StateStore;
import dev.hymir.internal.redis.RedisClients;
import dev.hymir.internal.redis.RedisSnapshots;
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
 * <p>The engine's scheduler only hands changes over; a flusher thread writes them in pipelined
 * batches. A finished workflow's final state is in Redis before {@code await}/{@code completion}
 * report it finished — unless Redis does not take it within {@link Options.Builder#finalFlushTimeout}
 * (then the workflow is reported finished anyway, {@code hymir.snapshot.final.timeouts} counts it,
 * and the snapshot catches up when Redis is back). The engine closes the store when it closes.
 */
public final class RedisStateStore implements StateStore {
    private final RedisUrl url;
    private final Options options;
    private final redis.clients.jedis.RedisClient client;
    private RedisSnapshots snapshots; // set when an engine takes this store

    private RedisStateStore(RedisUrl url, Options options) {
        this.url = url;
        this.options = options;
        this.client = RedisClients.open(url);
    }

    /**
     * Connects to {@code redis://[user:password@]host:port[/db]} (or {@code rediss://} for TLS) with
     * default options. A malformed URL: {@link IllegalArgumentException}; an unreachable server or a
     * refused login: {@link HymirException} within about 2 s. The password appears in no message.
     */
    public static RedisStateStore connect(String url) {
        return connect(url, Options.defaults());
    }

    /** {@link #connect(String)} with {@code options} (key prefix, batching, timeouts). */
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
        if (snapshots != null) {
            throw new IllegalStateException(this + " is already used by an engine; connect one store per engine");
        }
        snapshots = new RedisSnapshots(client, new RedisSnapshots.Settings(url, new SnapshotFormat(options.keyPrefix()),
                options.maxPending(), options.batchSize(), options.finalFlushTimeout(), context.meterRegistry()));
        snapshots.start(context);
    }

    @Override
    public void changed(RunView run) {
        Args.notNull(run, "RedisStateStore.changed", "run");
        snapshots.changed(run);
    }

    @Override
    public void afterStored(RunView run, java.util.function.Consumer<Boolean> action) {
        Args.notNull(run, "RedisStateStore.afterStored", "run");
        Args.notNull(action, "RedisStateStore.afterStored", "action");
        snapshots.afterStored(run, action);
    }

    @Override
    public void clear(String workflowId, Set<String> outputNames, Runnable done) {
        Args.notNull(workflowId, "RedisStateStore.clear", "workflowId");
        Args.notNull(outputNames, "RedisStateStore.clear", "outputNames");
        Args.notNull(done, "RedisStateStore.clear", "done");
        snapshots.clear(workflowId, outputNames, done);
    }

    /** Writes what is pending (bounded by finalFlushTimeout) and closes the connections. Idempotent. */
    @Override
    public void close() {
        RedisSnapshots s;
        synchronized (this) {
            s = snapshots;
        }
        if (s != null) {
            s.close();
        } else {
            client.close();
        }
    }

    /** The URL without its password. */
    @Override
    public String toString() {
        return "RedisStateStore(" + url + (options.keyPrefix().isEmpty() ? "" : ", prefix '" + options.keyPrefix() + "'") + ")";
    }

    /** Settings of a {@link RedisStateStore}; every one is optional. */
    public record Options(String keyPrefix, int maxPending, int batchSize, Duration finalFlushTimeout) {

        public Options {
            Args.notNull(keyPrefix, "RedisStateStore.Options", "keyPrefix");
            if (maxPending < 1) {
                throw new IllegalArgumentException("maxPending must be >= 1, was " + maxPending);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
            }
            if (finalFlushTimeout == null || finalFlushTimeout.isNegative()) {
                throw new IllegalArgumentException("finalFlushTimeout must be >= 0, was " + finalFlushTimeout);
            }
        }

        public static Options defaults() {
            return builder().build();
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String keyPrefix = "";
            private int maxPending = 1_000_000;
            private int batchSize = 4_096;
            private Duration finalFlushTimeout = Duration.ofSeconds(5);

            private Builder() {
            }

            /** Put in front of every key; default none (what Python Hymir reads). */
            public Builder keyPrefix(String prefix) {
                this.keyPrefix = Args.notNull(prefix, "RedisStateStore.Options.Builder.keyPrefix", "prefix");
                return this;
            }

            /**
             * States held in memory while Redis is slow or down (default 10^6); past it a workflow is
             * written whole from the engine's state once Redis is back (README: outage).
             */
            public Builder maxPending(int maxPending) {
                this.maxPending = maxPending;
                return this;
            }

            /** States per batch and fields per HSET (default 4,096: Redis answers fastest in the thousands). */
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

            public Options build() {
                return new Options(keyPrefix, maxPending, batchSize, finalFlushTimeout);
            }
        }
    }
}
