package dev.hymir.internal.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * The Redis store's meters (README: Metrics), registered when the engine is bound to a registry, with
 * the engine's tags (so the engine removes them when it closes); no-ops until then.
 */
final class SnapshotMetrics {
    private volatile Timer flushDuration;
    private volatile DistributionSummary batchSize;
    private volatile Counter failures;
    private volatile Counter finalTimeouts;
    private volatile Counter rewrites;
    // Written by the flusher, read by the gauges.
    volatile int lag;
    volatile long pending;
    volatile int failing;

    void bind(MeterRegistry registry, Tags tags) {
        flushDuration = Timer.builder("hymir.snapshot.flush.duration").tags(tags)
                .description("time to write one round of snapshots to Redis").register(registry);
        batchSize = DistributionSummary.builder("hymir.snapshot.batch.size").tags(tags)
                .description("job states written per round").register(registry);
        failures = Counter.builder("hymir.snapshot.failures").tags(tags)
                .description("snapshot writes that failed: a round Redis did not answer, or one workflow's part of a round")
                .register(registry);
        finalTimeouts = Counter.builder("hymir.snapshot.final.timeouts").tags(tags)
                .description("finished (or cleared) workflows reported before Redis had their final state").register(registry);
        rewrites = Counter.builder("hymir.snapshot.rewrites").tags(tags)
                .description("workflows written whole again after their snapshot failed or Redis lost its data").register(registry);
        Gauge.builder("hymir.snapshot.lag", this, m -> m.lag).tags(tags)
                .description("workflows with changes not yet written to Redis").register(registry);
        Gauge.builder("hymir.snapshot.pending", this, m -> m.pending).tags(tags)
                .description("job states read from the engine and waiting to be written to Redis").register(registry);
        Gauge.builder("hymir.snapshot.failing", this, m -> m.failing).tags(tags)
                .description("workflows whose snapshot is failing (retried with backoff)").register(registry);
    }

    void round(long nanos, int states) {
        Timer timer = flushDuration;
        DistributionSummary sizes = batchSize;
        if (timer != null && sizes != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
            sizes.record(states);
        }
    }

    void failure() {
        Counter c = failures;
        if (c != null) {
            c.increment();
        }
    }

    void finalTimeout() {
        Counter c = finalTimeouts;
        if (c != null) {
            c.increment();
        }
    }

    void rewrite() {
        Counter c = rewrites;
        if (c != null) {
            c.increment();
        }
    }
}
