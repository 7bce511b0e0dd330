package dev.hymir;

import dev.hymir.internal.redis.RedisClients;
import dev.hymir.internal.redis.RedisUrl;
import dev.hymir.internal.workers.Coordinator;
import dev.hymir.spi.DispatchContext;
import dev.hymir.spi.Dispatcher;
import dev.hymir.spi.JobTicket;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;

/**
 * Runs an engine's jobs on {@link HymirWorker}s in other processes, on any number of hosts, through
 * Redis Streams. The engine (the <em>coordinator</em>) keeps readiness, the journal and the snapshots;
 * each ready job becomes one entry on the stream {@code hymir:q:<queue>} (the queue is the job's meta
 * {@code queue}, default {@code "default"}), carrying the job and the values its inputs bind. Workers
 * read the stream in the consumer group {@code workers} and answer on this coordinator's results
 * stream.
 *
 * <pre>{@code
 * HymirEngine engine = HymirEngine.builder()
 *         .journal(Path.of("data/journal"))
 *         .dispatcher(RedisWorkers.connect("redis://127.0.0.1:6379"))
 *         .build();
 * }</pre>
 *
 * <p><b>What holds.</b> An attempt is journaled (Started) before its entry is added, and its outcome is
 * journaled before the results entry is acknowledged, so killing the coordinator loses nothing: its
 * successor, built on the journal, finds the attempts still in the streams instead of adding them
 * again, and reads the outcomes that arrived meanwhile. Each attempt has a number; an outcome counts
 * only for the attempt the engine waits for, and duplicates (an attempt run twice after its worker was
 * presumed dead) are acknowledged and dropped ({@link Stats#dropped}), so outputs stay exactly-once for
 * the jobs that read them. Jobs themselves run at least once: a job whose worker died runs again
 * elsewhere. A Redis restarted without its data (a new {@code run_id}) gets every attempt in flight
 * again. Retry, CheckLater, timeouts and cancel mean what they mean in one JVM; a timeout or cancel
 * interrupts the job's thread on its worker (best effort: a worker that misses the message finishes
 * the job, and its outcome is ignored).
 *
 * <p><b>Names.</b> The engine's registry need not know the job names (workers resolve them through
 * their own); it still checks the arguments of names it knows. Callbacks run in the engine and must
 * resolve there. Coordinators sharing a Redis need distinct {@link Options.Builder#name names}; two of
 * one name are refused.
 */
public final class RedisWorkers implements Dispatcher {
    private final Coordinator coordinator;

    private RedisWorkers(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    /**
     * Connects to {@code redis://[user:password@]host:port[/db]} (or {@code rediss://}) with default
     * options. A malformed URL: {@link IllegalArgumentException}; an unreachable server, a refused
     * login, or a live coordinator of the same name: {@link HymirException}. The password appears in no
     * message.
     */
    public static RedisWorkers connect(String url) {
        return connect(url, Options.defaults());
    }

    /** {@link #connect(String)} with {@code options}. */
    public static RedisWorkers connect(String url, Options options) {
        Args.notNull(url, "RedisWorkers.connect", "url");
        Args.notNull(options, "RedisWorkers.connect", "options");
        RedisUrl parsed = RedisUrl.parse(url);
        RedisClient client = RedisClients.open(parsed);
        try {
            return new RedisWorkers(new Coordinator(client, new Coordinator.Settings(parsed, options.name,
                    options.maxDeliveries, options.maxInFlight)));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** What this coordinator did so far. */
    public Stats stats() {
        return new Stats(coordinator.dispatched(), coordinator.accepted(), coordinator.dropped(),
                coordinator.redispatched(), coordinator.reattached(),
                Duration.ofNanos(coordinator.startLatency().percentile(0.50) * 1_000),
                Duration.ofNanos(coordinator.startLatency().percentile(0.99) * 1_000));
    }

    /**
     * Counters of a {@link RedisWorkers}.
     *
     * @param dispatched   entries added to queue streams (attempts sent again included)
     * @param accepted     outcomes reported to the engine
     * @param dropped      outcomes acknowledged and dropped: duplicates, or for attempts the engine gave up on
     * @param redispatched attempts sent again: after a Redis restart without data, or not found after a
     *                     restart of this coordinator
     * @param reattached   attempts found still in the streams after a restart of this coordinator
     * @param startP50     median time from an entry's dispatch to its job's start on a worker (clocks of
     *                     different hosts included; bucketed, within 12.5%)
     * @param startP99     the 99th percentile of the same
     */
    public record Stats(long dispatched, long accepted, long dropped, long redispatched, long reattached,
                        Duration startP50, Duration startP99) {
        /** Checks the durations are given. */
        public Stats {
            Args.notNull(startP50, "RedisWorkers.Stats", "startP50");
            Args.notNull(startP99, "RedisWorkers.Stats", "startP99");
        }
    }

    /**
     * Called by the engine when it is bound to a registry: {@code hymir.workers.entries.pending} (entries
     * dispatched and not settled), {@code hymir.workers.dispatched}, {@code hymir.workers.redispatched},
     * {@code hymir.workers.reattached}, {@code hymir.workers.outcomes} and {@code hymir.workers.dropped},
     * with the engine's tags.
     */
    @Override
    public void bindMeters(io.micrometer.core.instrument.MeterRegistry registry, io.micrometer.core.instrument.Tags tags) {
        Args.notNull(registry, "RedisWorkers.bindMeters", "registry");
        Args.notNull(tags, "RedisWorkers.bindMeters", "tags");
        io.micrometer.core.instrument.Gauge.builder("hymir.workers.entries.pending", coordinator, Coordinator::inFlight)
                .tags(tags).description("entries on the queue streams or running on workers, outcome not settled yet")
                .register(registry);
        counter(registry, tags, "hymir.workers.dispatched", "entries added to the queue streams (deliveries; sent again included)",
                Coordinator::dispatched);
        counter(registry, tags, "hymir.workers.redispatched", "attempts sent again (Redis lost them, or not found after a restart)",
                Coordinator::redispatched);
        counter(registry, tags, "hymir.workers.reattached", "attempts found still in the streams after a restart",
                Coordinator::reattached);
        counter(registry, tags, "hymir.workers.outcomes", "outcomes from workers reported to the engine", Coordinator::accepted);
        counter(registry, tags, "hymir.workers.dropped", "outcomes dropped: duplicates, or attempts the engine gave up on",
                Coordinator::dropped);
    }

    private void counter(io.micrometer.core.instrument.MeterRegistry registry, io.micrometer.core.instrument.Tags tags,
                         String name, String description, java.util.function.ToDoubleFunction<Coordinator> value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, coordinator, value).tags(tags)
                .description(description).register(registry);
    }

    @Override
    public void start(DispatchContext context) {
        coordinator.start(context);
    }

    @Override
    public int capacity() {
        return coordinator.capacity();
    }

    @Override
    public void dispatch(List<? extends JobTicket> tickets) {
        coordinator.dispatch(tickets);
    }

    @Override
    public void interrupt(JobTicket ticket) {
        coordinator.interrupt(ticket);
    }

    /** True: attempts are journaled before their entries are added. */
    @Override
    public boolean journalsStarts() {
        return true;
    }

    /** False: workers resolve job names through their own registries. */
    @Override
    public boolean runsJobsLocally() {
        return false;
    }

    @Override
    public void resume(List<? extends JobTicket> tickets) {
        coordinator.resume(tickets);
    }

    @Override
    public void settled(List<? extends JobTicket> tickets) {
        coordinator.settled(tickets);
    }

    /** Sends what waits (cancels, acknowledgements), gives the coordinator's name back, disconnects. */
    @Override
    public void close() {
        coordinator.close();
    }

    @Override
    public String toString() {
        return coordinator.toString();
    }

    /** Settings of a {@link RedisWorkers}; every one is optional. */
    public static final class Options {
        private static final Options DEFAULTS = builder().build();

        private final String name;
        private final int maxDeliveries;
        private final int maxInFlight;

        private Options(Builder b) {
            this.name = b.name;
            this.maxDeliveries = b.maxDeliveries;
            this.maxInFlight = b.maxInFlight;
        }

        public static Options defaults() {
            return DEFAULTS;
        }

        public static Builder builder() {
            return new Builder();
        }

        public String name() {
            return name;
        }

        public int maxDeliveries() {
            return maxDeliveries;
        }

        public int maxInFlight() {
            return maxInFlight;
        }

        /** Builds {@link Options}. */
        public static final class Builder {
            private String name = "default";
            private int maxDeliveries = 3;
            private int maxInFlight = 10_000;

            private Builder() {
            }

            /**
             * This coordinator's name (default {@code "default"}): its results stream is
             * {@code hymir:r:<name>}. Keep it across restarts (a restarted coordinator reads the results
             * that arrived while it was down); give every engine on one Redis its own.
             */
            public Builder name(String name) {
                this.name = dev.hymir.internal.workers.Streams.checkQueueName(name, "RedisWorkers.Options name");
                return this;
            }

            /**
             * How many times an entry may be delivered to a worker (default 3): an entry whose worker
             * died or stalled past its lease this many times ends its job FAILURE ("lost its worker 3
             * times"), and so does a job name no worker knows after this many deliveries.
             */
            public Builder maxDeliveries(int maxDeliveries) {
                if (maxDeliveries < 1) {
                    throw new IllegalArgumentException("maxDeliveries must be >= 1, was " + maxDeliveries);
                }
                this.maxDeliveries = maxDeliveries;
                return this;
            }

            /**
             * At most this many attempts handed to the workers and not answered (default 10,000): a
             * 10^6-job fan-out waits in the engine, not in Redis.
             */
            public Builder maxInFlight(int maxInFlight) {
                if (maxInFlight < 1) {
                    throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
                }
                this.maxInFlight = maxInFlight;
                return this;
            }

            /** The options set so far. */
            public Options build() {
                return new Options(this);
            }
        }
    }
}
