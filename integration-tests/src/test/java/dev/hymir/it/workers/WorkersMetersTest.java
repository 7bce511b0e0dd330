package dev.hymir.it.workers;

import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.HymirWorker;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.RedisStateStore;
import dev.hymir.RedisWorkers;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator scrapes from a coordinator with Redis workers and a Redis store: the workers' and
 * the snapshots' meters carry the engine's tag, count what happened, and leave with the engine.
 */
class WorkersMetersTest {

    @Test
    void workerStoreAndDispatcherMetersAreTaggedCountAndLeaveWithTheEngine() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (LocalRedisServer redis = LocalRedisServer.start();
             HymirWorker worker = HymirWorker.builder().redis(redis.url()).registry(WorkerJobs.registry()).concurrency(8)
                     .name("w1").build().start()) {
            worker.bindTo(meters);
            HymirEngine engine = HymirEngine.builder().registry(JobRegistry.explicitOnly()).name("coordinator")
                    .stateStore(RedisStateStore.connect(redis.url()))
                    .dispatcher(RedisWorkers.connect(redis.url(), RedisWorkers.Options.builder().name("meters").build()))
                    .meterRegistry(meters).build();
            List<Step> jobs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                jobs.add(Job.named("it.square").set(i));
            }
            String id = engine.run(Workflow.of(Group.of(jobs.toArray(Step[]::new))));
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);

            assertThat(meters.get("hymir.workers.dispatched").tag("engine", "coordinator").functionCounter().count()).isEqualTo(40);
            assertThat(meters.get("hymir.workers.outcomes").tag("engine", "coordinator").functionCounter().count()).isEqualTo(40);
            assertThat(meters.get("hymir.workers.entries.pending").tag("engine", "coordinator").gauge().value()).isZero();
            assertThat(meters.get("hymir.workers.redispatched").functionCounter().count()).isZero();
            assertThat(meters.get("hymir.worker.jobs.done").tag("worker", "w1").functionCounter().count())
                    .isEqualTo(worker.stats().done()).isGreaterThanOrEqualTo(40);
            assertThat(meters.get("hymir.worker.takeovers").tag("worker", "w1").functionCounter().count()).isZero();
            assertThat(meters.get("hymir.snapshot.batch.size").tag("engine", "coordinator").summary().count()).isPositive();
            assertThat(meters.get("hymir.snapshot.failing").tag("engine", "coordinator").gauge().value()).isZero();

            engine.close();
            List<String> left = meters.getMeters().stream().map(Meter::getId)
                    .filter(m -> "coordinator".equals(m.getTag("engine"))).map(Meter.Id::getName).toList();
            assertThat(left).as("the engine's meters (snapshots and workers included) after close").isEmpty();
            assertThat(meters.find("hymir.worker.jobs.done").tag("worker", "w1").functionCounter()).isNotNull();
        }
    }
}
