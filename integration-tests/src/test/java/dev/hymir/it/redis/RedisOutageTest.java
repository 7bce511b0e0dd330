package dev.hymir.it.redis;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is killed (SIGKILL, nothing persisted) in the middle of a run and restarted empty on the same
 * port: the engine keeps scheduling, the flusher counts failures and backs off, and once Redis is
 * back it rewrites the workflow whole, so Redis ends with every final state.
 */
class RedisOutageTest {
    private LocalRedisServer server;

    @AfterEach
    void stop() {
        RedisJobs.release.countDown();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void redisKilledMidRunAndRestartedEndsWithEveryFinalState() throws Exception {
        server = LocalRedisServer.start();
        RedisJobs.entered = new CountDownLatch(1);
        RedisJobs.release = new CountDownLatch(1);
        int half = 2_000;
        List<Job> before = new ArrayList<>();
        List<Job> after = new ArrayList<>();
        for (int i = 0; i < half; i++) {
            before.add(Job.of(RedisJobs::produce).set(i));
            after.add(Job.of(RedisJobs::produce).set(half + i));
        }
        Workflow wf = Workflow.of(Chain.of(Group.of(before), Job.of(RedisJobs::gate), Group.of(after), Job.of(RedisJobs::sum)));
        int total = 2 * half + 2;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // The restarted server has a new run_id: the store rewrites the workflow whole from the engine.
        RedisStateStore store = RedisStateStore.connect(server.url(), RedisStateStore.Options.builder()
                .batchSize(256).finalFlushTimeout(Duration.ofMinutes(2)).build());
        try (HymirEngine engine = HymirEngine.builder().stateStore(store).meterRegistry(meters).build()) {
            String id = engine.run(wf);
            RedisJobs.entered.await();
            server.kill();
            RedisJobs.release.countDown();
            // The engine keeps scheduling without Redis: every job finishes.
            while (engine.progress(id).finished() < total) {
                Thread.sleep(10);
            }
            while (meters.get("hymir.snapshot.failures").counter().count() == 0) {
                Thread.sleep(10); // the flusher has met the outage
            }
            assertThat(engine.workflowState(id).status()).isIn(WorkflowState.Status.RUNNING, WorkflowState.Status.SUCCESS);
            server.restart();
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(meters.get("hymir.snapshot.final.timeouts").counter().count()).isZero();
            try (RedisClient redis = RedisClient.create("127.0.0.1", server.port()); RedisExecutor reader = RedisExecutor.connect(server.url())) {
                assertThat(redis.get(id + ":state")).isEqualTo("{\"status\": 3}");
                assertThat(redis.get(id + ":def")).isEqualTo(engine.workflow(id).toJson());
                assertThat(reader.jobStates(id)).isEqualTo(engine.jobStates(id));
                assertThat(reader.progress(id)).isEqualTo(engine.progress(id));
                assertThat(reader.outputs(id)).isEqualTo(engine.outputs(id));
                assertThat(redis.llen(id + ":crumb:vals")).isEqualTo(2L * half);
            }
        }
    }

    @Test
    void withRedisDownAwaitReturnsAfterTheFinalFlushTimeoutAndTheSnapshotCatchesUpLater() throws Exception {
        server = LocalRedisServer.start();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisStateStore store = RedisStateStore.connect(server.url(), RedisStateStore.Options.builder()
                .finalFlushTimeout(Duration.ofMillis(200)).build());
        try (HymirEngine engine = HymirEngine.builder().stateStore(store).meterRegistry(meters).build()) {
            server.kill();
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                jobs.add(Job.of(RedisJobs::produce).set(i));
            }
            String id = engine.run(Workflow.of(Group.of(jobs)));
            // Redis is down: the engine still finishes and await still returns, once the timeout passed.
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(meters.get("hymir.snapshot.final.timeouts").counter().count()).isEqualTo(1.0);
            assertThat(meters.get("hymir.snapshot.failures").counter().count()).isPositive();
            server.restart();
            try (RedisClient redis = RedisClient.create("127.0.0.1", server.port())) {
                while (!"{\"status\": 3}".equals(redis.get(id + ":state"))) {
                    Thread.sleep(10); // the flusher retries (backoff at most 1 s) and catches up
                }
                try (RedisExecutor reader = RedisExecutor.connect(server.url())) {
                    assertThat(reader.jobStates(id)).isEqualTo(engine.jobStates(id));
                    assertThat(reader.outputs(id)).isEqualTo(engine.outputs(id));
                }
            }
        }
    }
}
