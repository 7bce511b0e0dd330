package dev.hymir.internal.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** The Redis store's meters (README: Metrics); all no-ops without a registry. */
final class SnapshotMetrics {
    private final Timer flushDuration;
    private final DistributionSummary batchSize;
    private final Counter failures;
    private final Counter finalTimeouts;
    private final Counter rewrites;
    // Written by the flusher, read by the gauges.
    volatile int lag;
    volatile long pending;
    volatile int failing;

    SnapshotMetrics(MeterRegistry registry) {
        if (registry == null) {
            flushDuration = null;
            batchSize = null;
            failures = null;
            finalTimeouts = null;
            rewrites = null;
            return;
        }
        flushDuration = Timer.builder("hymir.snapshot.flush.duration")
                .description("time to write one round of snapshots to Redis").register(registry);
        batchSize = DistributionSummary.builder("hymir.snapshot.batch.size")
                .description("job states written per round").register(registry);
        failures = Counter.builder("hymir.snapshot.failures")
                .description("snapshot writes that failed: a round Redis did not answer, or one workflow's part of a round")
                .register(registry);
        finalTimeouts = Counter.builder("hymir.snapshot.final.timeouts")
                .description("finished (or cleared) workflows reported before Redis had their final state").register(registry);
        rewrites = Counter.builder("hymir.snapshot.rewrites")
                .description("workflows written whole again after their snapshot failed or Redis lost its data").register(registry);
        Gauge.builder("hymir.snapshot.lag", this, m -> m.lag)
                .description("workflows with changes not yet written to Redis").register(registry);
        Gauge.builder("hymir.snapshot.pending", this, m -> m.pending)
                .description("job states read from the engine and waiting to be written to Redis").register(registry);
        Gauge.builder("hymir.snapshot.failing", this, m -> m.failing)
                .description("workflows whose snapshot is failing (retried with backoff)").register(registry);
    }

    void round(long nanos, int states) {
        if (flushDuration != null) {
            flushDuration.record(nanos, TimeUnit.NANOSECONDS);
            batchSize.record(states);
        }
    }

    void failure() {
        if (failures != null) {
            failures.increment();
        }
    }

    void finalTimeout() {
        if (finalTimeouts != null) {
            finalTimeouts.increment();
        }
    }

    void rewrite() {
        if (rewrites != null) {
            rewrites.increment();
        }
    }
}
