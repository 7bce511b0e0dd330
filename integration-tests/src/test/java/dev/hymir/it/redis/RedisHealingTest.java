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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots heal themselves (DESIGN §7), against a real redis-server: a foreign key under one
 * workflow's id fails that workflow only; the first write for an id replaces what is under it; a
 * round Redis applied after its reply was lost is sent again without pushing an output twice; a
 * Redis restarted while the engine is idle gets every workflow back.
 */
class RedisHealingTest {
    private LocalRedisServer server;
    private RedisClient redis;
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger flusherLog = Logger.getLogger("dev.hymir.internal.redis.SnapshotFlusher");

    @BeforeEach
    void start() {
        server = LocalRedisServer.start();
        redis = RedisClient.create("127.0.0.1", server.port());
        flusherLog.addHandler(capture);
    }

    @AfterEach
    void stop() {
        flusherLog.removeHandler(capture);
        RedisJobs.release.countDown();
        redis.close();
        server.close();
    }

    private static Workflow gated(int producers) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            jobs.add(Job.of(RedisJobs::produce).set(i));
        }
        return Workflow.of(Chain.of(Job.of(RedisJobs::gate), Group.of(jobs), Job.of(RedisJobs::sum)));
    }

    private static Workflow producers(int n, int offset) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(Job.of(RedisJobs::produce).set(offset + i));
        }
        return Workflow.of(Chain.of(Group.of(jobs), Job.of(RedisJobs::sum)));
    }

    /** What the engine holds of {@code id} is what Redis holds, read back as any reader would. */
    private void assertStoredAsInEngine(HymirEngine engine, String id) {
        try (RedisExecutor reader = RedisExecutor.connect(server.url())) {
            assertThat(reader.workflowState(id)).isEqualTo(engine.workflowState(id));
            assertThat(reader.jobStates(id)).isEqualTo(engine.jobStates(id));
            assertThat(reader.outputs(id)).isEqualTo(engine.outputs(id));
            assertThat(redis.get(id + ":def")).isEqualTo(engine.workflow(id).toJson());
        }
    }

    private boolean storedAsInEngine(HymirEngine engine, String id) {
        try {
            assertStoredAsInEngine(engine, id);
            return true;
        } catch (AssertionError | RuntimeException notYet) {
            return false;
        }
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("still waiting for: " + what).isNegative();
            Thread.sleep(10);
        }
    }

    private synchronized long warningsAbout(String id) {
        return logged.stream().filter(r -> r.getLevel() == Level.WARNING && r.getMessage().contains(id)).count();
    }

    @Test
    void aForeignKeyUnderARunningWorkflowFailsItsWriteAndTheWorkflowIsRewrittenWhole() throws Exception {
        RedisJobs.entered = new CountDownLatch(1);
        RedisJobs.release = new CountDownLatch(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HymirEngine engine = HymirEngine.builder().meterRegistry(meters)
                .stateStore(RedisStateStore.connect(server.url())).build()) {
            String id = engine.run(gated(20));
            RedisJobs.entered.await();
            until("the first write of " + id, () -> redis.exists(id + ":state"));
            // Something else puts a string where the jobs hash belongs, and one where the output list does.
            redis.set(id + ":jobs", "not a hash");
            redis.set(id + ":crumb:vals", "not a list");
            RedisJobs.release.countDown();
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            until("the workflow rewritten whole", () -> storedAsInEngine(engine, id));
            assertThat(meters.get("hymir.snapshot.failures").counter().count()).isPositive();
            assertThat(meters.get("hymir.snapshot.rewrites").counter().count()).isPositive();
            assertThat(redis.lrange(id + ":crumb:vals", 0, -1)).hasSize(20);
            assertThat(warningsAbout(id)).isEqualTo(1);
            until("no workflow failing", () -> meters.get("hymir.snapshot.failing").gauge().value() == 0);
        }
    }

    /**
     * One workflow's keys cannot be written for as long as the test wants (the store's Redis user
     * loses access to them): that workflow's snapshot fails again and again, logged once, while the
     * others are written as if nothing happened; given access back, it is rewritten whole.
     */
    @Test
    void aWorkflowWhoseSnapshotKeepsFailingNeverHoldsUpTheOthers() throws Exception {
        redis.sendCommand(Protocol.Command.ACL, "SETUSER", "snap", "on", ">snap-pw", "~*", "+@all");
        RedisJobs.entered = new CountDownLatch(1);
        RedisJobs.release = new CountDownLatch(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String url = "redis://snap:snap-pw@127.0.0.1:" + server.port();
        try (HymirEngine engine = HymirEngine.builder().meterRegistry(meters)
                .stateStore(RedisStateStore.connect(url)).build()) {
            String broken = engine.run(gated(20));
            RedisJobs.entered.await();
            until("the first write of " + broken, () -> redis.exists(broken + ":state"));
            // Every key except those starting with the broken workflow's id: one pattern per position.
            List<String> rule = new ArrayList<>(List.of("SETUSER", "snap", "resetkeys"));
            for (int i = 0; i < broken.length(); i++) {
                rule.add("~" + broken.substring(0, i) + "[^" + broken.charAt(i) + "]*");
            }
            redis.sendCommand(Protocol.Command.ACL, rule.toArray(String[]::new));
            RedisJobs.release.countDown();
            until("the broken workflow's snapshot failing", () -> meters.get("hymir.snapshot.failing").gauge().value() == 1);
            assertThat(engine.await(broken).status()).isEqualTo(WorkflowState.Status.SUCCESS);

            List<String> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(engine.run(producers(200, i * 1_000)));
            }
            for (String other : others) {
                assertThat(engine.await(other).status()).isEqualTo(WorkflowState.Status.SUCCESS);
                assertStoredAsInEngine(engine, other);
            }
            until("the broken workflow retried more than once",
                    () -> meters.get("hymir.snapshot.failures").counter().count() >= 3);
            assertThat(meters.get("hymir.snapshot.failing").gauge().value()).isEqualTo(1.0);
            assertThat(redis.get(broken + ":state")).as("its last good write").isEqualTo("{\"status\": 1}");
            assertThat(warningsAbout(broken)).as("logged once, not once per failed attempt").isEqualTo(1);

            redis.sendCommand(Protocol.Command.ACL, "SETUSER", "snap", "~*");
            until("the broken workflow rewritten whole", () -> storedAsInEngine(engine, broken));
            until("no workflow failing", () -> meters.get("hymir.snapshot.failing").gauge().value() == 0);
            assertThat(redis.lrange(broken + ":crumb:vals", 0, -1)).hasSize(20);
        }
    }

    @Test
    void theFirstWriteForAnIdReplacesStaleAndForeignKeysUnderIt(@TempDir Path dir) throws Exception {
        String id;
        Map<String, List<Object>> outputs;
        try (HymirEngine engine = HymirEngine.builder().journal(dir).stateStore(RedisStateStore.connect(server.url())).build()) {
            id = engine.run(producers(30, 0));
            engine.await(id);
            outputs = engine.outputs(id);
        }
        // Left over from another process (or a crash in the middle of a write): wrong types, extra values.
        redis.del(id + ":jobs", id + ":crumb:vals");
        redis.set(id + ":jobs", "a string where a hash belongs");
        redis.rpush(id + ":crumb:vals", "1", "2", "3", "stale");
        redis.set(id + ":state", "{\"status\": 1}");
        redis.hset(id + ":meta", Map.of("jobs", "99", "other", "x"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HymirEngine engine = HymirEngine.builder().journal(dir).meterRegistry(meters)
                .stateStore(RedisStateStore.connect(server.url())).build()) {
            assertThat(engine.outputs(id)).isEqualTo(outputs);
            until("the recovered workflow to be written", () -> storedAsInEngine(engine, id));
            assertThat(redis.hgetAll(id + ":meta")).isEqualTo(Map.of("jobs", "31"));
            assertThat(redis.llen(id + ":crumb:vals")).isEqualTo(30);
            assertThat(meters.get("hymir.snapshot.failures").counter().count()).isZero(); // replaced, not failed
        }
    }

    /**
     * Redis applies a round but the reply comes after the store's socket timeout (a script keeps the
     * server busy): the store sends the round again, and no output value is pushed twice.
     */
    @Test
    void aRoundSentAgainAfterATimeoutNeverPushesAnOutputTwice() throws Exception {
        RedisJobs.entered = new CountDownLatch(1);
        RedisJobs.release = new CountDownLatch(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisStateStore store = RedisStateStore.connect(server.url(), RedisStateStore.Options.builder()
                .socketTimeout(Duration.ofMillis(300)).finalFlushTimeout(Duration.ofMinutes(1)).build());
        try (HymirEngine engine = HymirEngine.builder().meterRegistry(meters).stateStore(store).build()) {
            List<Job> after = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                after.add(Job.of(RedisJobs::produce).set(100 + i));
            }
            String id = engine.run(Workflow.of(Chain.of(Job.of(RedisJobs::gatedProduce).set(7), Group.of(after))));
            RedisJobs.entered.await();
            // The gate job's STARTING is the store's last write before the run waits (it checks the
            // server only after a second without writes): the next write is the one that times out.
            until("the gate job written STARTING", () -> redis.hget(id + ":jobs", "1") != null);
            CountDownLatch busy = new CountDownLatch(1);
            Thread blocker = Thread.ofPlatform().start(() -> {
                try (RedisClient other = RedisClient.builder().hostAndPort("127.0.0.1", server.port())
                        .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000).build())
                        .build()) {
                    busy.countDown();
                    other.eval(BUSY_FOR_2_SECONDS); // the server runs nothing else meanwhile
                }
            });
            busy.await();
            Thread.sleep(100); // the script is running
            RedisJobs.release.countDown(); // job 1 and its value now go to Redis, which answers only after the store gave up
            blocker.join();
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(meters.get("hymir.snapshot.failures").counter().count()).as("the round timed out").isPositive();
            assertStoredAsInEngine(engine, id);
            assertThat(redis.llen(id + ":crumb:vals")).isEqualTo(51);
            assertThat(redis.lindex(id + ":crumb:vals", 0)).isEqualTo("7");
        }
    }

    private static final String BUSY_FOR_2_SECONDS = "local s = redis.call('TIME') "
            + "repeat local n = redis.call('TIME') until (n[1] - s[1]) * 1000000 + (n[2] - s[2]) > 2000000 return 1";

    @Test
    void aRedisRestartedWhileTheEngineIsIdleGetsEveryWorkflowBack() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HymirEngine engine = HymirEngine.builder().meterRegistry(meters)
                .stateStore(RedisStateStore.connect(server.url())).build()) {
            String first = engine.run(producers(100, 0));
            String second = engine.run(producers(10, 500));
            engine.await(first);
            engine.await(second);
            assertStoredAsInEngine(engine, first);
            server.kill();
            server.restart(); // empty: nothing was persisted
            redis.close();
            redis = RedisClient.create("127.0.0.1", server.port());
            assertThat(redis.exists(first + ":state")).isFalse();
            // Nothing changes in the engine: the store notices the new server by itself.
            until("both workflows rewritten", () -> storedAsInEngine(engine, first) && storedAsInEngine(engine, second));
            assertThat(meters.get("hymir.snapshot.rewrites").counter().count()).isGreaterThanOrEqualTo(2);
            assertThat(redis.llen(first + ":crumb:vals")).isEqualTo(100);
        }
    }
}
