package dev.hymir;

import dev.hymir.internal.redis.RedisClients;
import dev.hymir.internal.redis.RedisUrl;
import dev.hymir.internal.registry.JobTarget;
import dev.hymir.internal.workers.Streams;
import dev.hymir.internal.workers.Worker;
import dev.hymir.internal.workers.WorkerJobs;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs the jobs of engines that dispatch to {@link RedisWorkers}, in this process: it reads the queue
 * streams ({@code hymir:q:<queue>}, consumer group {@code workers}), runs each job on its own virtual
 * thread through its own {@link JobRegistry}, and answers on the coordinator's results stream. Start
 * any number, on any hosts.
 *
 * <pre>{@code
 * try (HymirWorker worker = HymirWorker.builder()
 *         .redis("redis://127.0.0.1:6379").registry(JobRegistry.standard()).concurrency(256).build()) {
 *     worker.start();
 *     worker.awaitTermination();            // until close() (from a shutdown hook, say)
 * }
 * }</pre>
 *
 * <p><b>Leases.</b> An entry is this worker's while it renews it (every third of the
 * {@linkplain Builder#lease lease}, default 30 s): a long job is never taken over while its worker
 * lives. A worker that dies (or stalls past the lease) loses its entries to the other workers, which
 * run them again (jobs run at least once; the coordinator keeps outputs exactly-once). An entry that
 * lost its worker more than {@code maxDeliveries} times ends FAILURE.
 *
 * <p><b>Names.</b> Only what the registry resolves runs (the {@link JobFunction} allow-list, or names
 * registered explicitly); a message never makes a worker load code. A name this worker does not know is
 * handed to the other workers of the queue, and ends FAILURE ("no worker knows job X") after its
 * deliveries. Workers of one queue should share one registry (route other jobs with meta {@code queue}).
 *
 * <p><b>Stopping.</b> {@link #close()} stops taking jobs, lets the running ones finish within the
 * {@linkplain Builder#shutdownGrace grace period}, hands the others back to the queue (another worker
 * runs them at once, without counting a lost delivery), and disconnects.
 */
public final class HymirWorker implements AutoCloseable, io.micrometer.core.instrument.binder.MeterBinder {
    private final Worker worker;
    private final Duration grace;

    private HymirWorker(Builder b, RedisUrl url, RedisClient client) {
        this.grace = b.shutdownGrace;
        JobRegistry registry = b.registry;
        WorkerJobs jobs = new WorkerJobs() {
            @Override
            public JobTarget target(String name) {
                try {
                    return registry.target(name);
                } catch (InvalidWorkflow.UnknownJob e) {
                    return null;
                }
            }

            @Override
            public void check(Job job, String where) {
                registry.check(job, where);
            }

            @Override
            public Job job(String name, List<Object> args, Map<String, Object> kwargs, String output,
                           List<Job.Input> inputs, Map<String, Object> meta) {
                return Job.restore(name, null, args, kwargs, output, inputs, meta);
            }
        };
        this.worker = new Worker(client, new Worker.Settings(url, b.name, List.copyOf(b.queues), b.concurrency, b.lease), jobs);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts reading the queues (threads of its own); returns at once. Fails if Redis cannot be reached. */
    public HymirWorker start() {
        worker.start();
        return this;
    }

    /** Blocks until this worker has stopped ({@link #close()}, from another thread). */
    public void awaitTermination() {
        worker.awaitTermination();
    }

    /** Blocks until this worker has stopped or {@code timeout} passed; true if it stopped. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Args.notNull(timeout, "HymirWorker.awaitTermination", "timeout");
        return worker.awaitTermination(timeout);
    }

    /** Stops within the builder's {@linkplain Builder#shutdownGrace grace period}; see the class comment. Idempotent. */
    @Override
    public void close() {
        close(grace);
    }

    /** Stops: running jobs get {@code grace} to finish, the others are handed back to the queue. */
    public void close(Duration grace) {
        Args.notNull(grace, "HymirWorker.close", "grace");
        worker.close(grace);
    }

    /** This worker's consumer name in the group {@code workers}. */
    public String name() {
        return worker.toString();
    }

    /** What this worker did so far. */
    /**
     * Registers this worker's meters, tagged {@code worker=<name>}: {@code hymir.worker.jobs.done},
     * {@code hymir.worker.jobs.failed}, {@code hymir.worker.takeovers} (entries taken over from workers
     * that stopped renewing them), {@code hymir.worker.handed.back}, {@code hymir.worker.leases.lost}
     * and the gauge {@code hymir.worker.jobs.running}.
     */
    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        Args.notNull(registry, "HymirWorker.bindTo", "registry");
        io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.of("worker", name());
        io.micrometer.core.instrument.Gauge.builder("hymir.worker.jobs.running", this, w -> w.stats().running())
                .tags(tags).description("jobs running on this worker").register(registry);
        counter(registry, tags, "hymir.worker.jobs.done", "jobs this worker ran to an outcome", s -> s.done());
        counter(registry, tags, "hymir.worker.jobs.failed", "jobs that failed on this worker", s -> s.failed());
        counter(registry, tags, "hymir.worker.takeovers", "entries taken over from workers that stopped renewing them",
                s -> s.takenOver());
        counter(registry, tags, "hymir.worker.handed.back", "entries handed back unfinished at shutdown", s -> s.handedBack());
        counter(registry, tags, "hymir.worker.leases.lost", "entries whose lease another worker took", s -> s.leasesLost());
    }

    private void counter(io.micrometer.core.instrument.MeterRegistry registry, io.micrometer.core.instrument.Tags tags,
                         String name, String description, java.util.function.ToDoubleFunction<Stats> value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, this, w -> value.applyAsDouble(w.stats())).tags(tags)
                .description(description).register(registry);
    }

    public Stats stats() {
        return new Stats(worker.done(), worker.running(), worker.failed(), worker.takenOver(), worker.handedBack(), worker.lost());
    }

    /**
     * Counters of a {@link HymirWorker}.
     *
     * @param done       jobs answered (their outcome is in the coordinator's results stream)
     * @param running    jobs running now
     * @param failed     of the answered, those that failed (threw, returned Failure, lost their worker too
     *                   often, or a name no worker knows)
     * @param takenOver  entries taken over from workers that stopped renewing them
     * @param handedBack entries handed back to the queue (on close, or a name this worker does not know)
     * @param leasesLost entries another worker took over while this one ran them (it stalled past the lease)
     */
    public record Stats(long done, int running, long failed, long takenOver, long handedBack, long leasesLost) {
    }

    /** Settings of a {@link HymirWorker}; {@link #redis} is required. */
    public static final class Builder {
        private String url;
        private JobRegistry registry = JobRegistry.standard();
        private int concurrency = 256;
        private List<String> queues = List.of("default");
        private Duration lease = Duration.ofSeconds(30);
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private String name;

        private Builder() {
        }

        /** The Redis the coordinators use: {@code redis://[user:password@]host:port[/db]} or {@code rediss://}. */
        public Builder redis(String url) {
            this.url = Args.notNull(url, "HymirWorker.Builder.redis", "url");
            RedisUrl.parse(url); // a malformed URL fails here, naming the problem (never the password)
            return this;
        }

        /** Resolves job names; default {@link JobRegistry#standard()}. */
        public Builder registry(JobRegistry registry) {
            this.registry = Args.notNull(registry, "HymirWorker.Builder.registry", "registry");
            return this;
        }

        /** Jobs run at once, at most (default 256). */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** The queues to read (job meta {@code queue}); default {@code "default"}. */
        public Builder queues(String... queues) {
            Args.notNull(queues, "HymirWorker.Builder.queues", "queues");
            if (queues.length == 0) {
                throw new IllegalArgumentException("queues must name at least one queue");
            }
            LinkedHashSet<String> set = new LinkedHashSet<>();
            for (int i = 0; i < queues.length; i++) {
                set.add(Streams.checkQueueName(queues[i], "queues[" + i + "]"));
            }
            this.queues = new ArrayList<>(set);
            return this;
        }

        /**
         * How long an entry stays this worker's without renewal (default 30 s; renewed every third of
         * it). Workers of one queue should use the same lease: another worker takes an entry over once
         * it was idle this long by its own setting.
         */
        public Builder lease(Duration lease) {
            Args.notNull(lease, "HymirWorker.Builder.lease", "lease");
            if (lease.toMillis() < 30) {
                throw new IllegalArgumentException("lease must be at least 30 ms, was " + lease);
            }
            this.lease = lease;
            return this;
        }

        /** How long {@link #close()} lets running jobs finish before handing them back (default 30 s). */
        public Builder shutdownGrace(Duration grace) {
            Args.notNull(grace, "HymirWorker.Builder.shutdownGrace", "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative, was " + grace);
            }
            this.shutdownGrace = grace;
            return this;
        }

        /** This worker's consumer name (default: host, process id and a random suffix); unique per worker. */
        public Builder name(String name) {
            this.name = Streams.checkQueueName(name, "HymirWorker name");
            return this;
        }

        /** Connects to Redis (fails fast: {@link HymirException} when unreachable or the login is refused). */
        public HymirWorker build() {
            if (url == null) {
                throw new IllegalStateException("HymirWorker.Builder: redis(url) is required");
            }
            if (name == null) {
                String host = System.getenv("HOSTNAME");
                name = (host == null || host.isBlank() ? "" : host.strip() + "-") + ProcessHandle.current().pid()
                        + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
            }
            RedisUrl parsed = RedisUrl.parse(url);
            RedisClient client = RedisClients.open(parsed);
            return new HymirWorker(this, parsed, client);
        }
    }
}
