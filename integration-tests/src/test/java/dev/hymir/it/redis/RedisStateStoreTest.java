package dev.hymir.it.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.HymirException;
import dev.hymir.Job;
import dev.hymir.JobState;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.Workflow;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RedisStateStore and RedisExecutor against a real redis-server child process. */
class RedisStateStoreTest {
    private static LocalRedisServer server;
    private static RedisClient redis;

    @BeforeAll
    static void startRedis() {
        server = LocalRedisServer.start();
        redis = RedisClient.create("127.0.0.1", server.port());
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static HymirEngine engine(RedisStateStore store) {
        return HymirEngine.builder().stateStore(store).build();
    }

    private static Workflow mixed() {
        List<Job> first = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            first.add(Job.of(RedisJobs::produce).set(i));
        }
        first.add(Job.of(RedisJobs::named).set("a"));
        first.add(Job.of(RedisJobs::named).set("bb"));
        first.add(Job.of(RedisJobs::checkOnce));
        return Workflow.of(Chain.of(Group.of(first), Job.of(RedisJobs::sum)));
    }

    @Test
    void readsBackWhatTheEngineHas() {
        Workflow failing = Workflow.of(Group.of(Job.of(RedisJobs::produce).set(1), Job.of(RedisJobs::boom)));
        try (HymirEngine engine = engine(RedisStateStore.connect(server.url()));
             RedisExecutor reader = RedisExecutor.connect(server.url())) {
            List<String> ran = new ArrayList<>();
            for (Workflow wf : List.of(mixed(), failing)) {
                String id = engine.run(wf);
                ran.add(id);
                WorkflowState finalState = engine.await(id);
                assertThat(reader.workflowState(id)).isEqualTo(finalState);
                assertThat(reader.jobStates(id)).isEqualTo(engine.jobStates(id));
                assertThat(reader.jobStates(id, List.of("2", "1"))).isEqualTo(engine.jobStates(id, List.of("2", "1")));
                assertThat(reader.jobState(id, "1")).isEqualTo(engine.jobState(id, "1"));
                assertThat(reader.progress(id)).isEqualTo(engine.progress(id));
                assertThat(reader.outputs(id)).isEqualTo(engine.outputs(id));
                assertThat(reader.workflow(id).toJson()).isEqualTo(engine.workflow(id).toJson());
                assertThat(reader.await(id)).isEqualTo(finalState);
            }
            assertThatThrownBy(() -> reader.workflowState("no-such-id")).isInstanceOf(WorkflowDoesNotExist.class);
            assertThatThrownBy(() -> reader.progress("no-such-id")).isInstanceOf(WorkflowDoesNotExist.class);
            assertThat(reader.workflowIds()).containsAll(ran);
            assertThat(engine.workflowIds()).containsExactlyInAnyOrderElementsOf(ran);
        }
    }

    @Test
    void keysAndJsonAreHymirsByteForByte() throws Exception {
        Workflow wf = Workflow.of(Chain.of(Job.of(RedisJobs::produce).set(7), Job.of(RedisJobs::boom),
                Job.of(RedisJobs::produce).set(8)));
        String id;
        String exception;
        try (HymirEngine engine = engine(RedisStateStore.connect(server.url(),
                RedisStateStore.Options.builder().keyPrefix("t2:").build()))) {
            id = engine.run(wf);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
            exception = engine.jobState(id, "2").exception();
            assertThat(redis.get("t2:" + id + ":def")).isEqualTo(engine.workflow(id).toJson());
        }
        assertThat(redis.get("t2:" + id + ":state")).isEqualTo("{\"status\": 4}");
        assertThat(redis.hget("t2:" + id + ":jobs", "1"))
                .isEqualTo("{\"status\": 2, \"retries\": 0, \"context\": {}, \"exception\": null}");
        assertThat(redis.hget("t2:" + id + ":jobs", "2")).isEqualTo("{\"status\": 3, \"retries\": 0, \"context\": {}, "
                + "\"exception\": " + new ObjectMapper().writeValueAsString(exception) + "}");
        // Job 3 never ran: no field (Python Hymir reads a missing field as PENDING, and writes none either).
        assertThat(redis.hexists("t2:" + id + ":jobs", "3")).isFalse();
        assertThat(redis.lrange("t2:" + id + ":crumb:vals", 0, -1)).containsExactly("7");
        // :meta is the Java engine's own (Python never reads it): the number of jobs.
        assertThat(redis.hgetAll("t2:" + id + ":meta")).isEqualTo(Map.of("jobs", "3"));
        assertThat(keys("t2:" + id + "*")).containsExactlyInAnyOrder("t2:" + id + ":def", "t2:" + id + ":state",
                "t2:" + id + ":jobs", "t2:" + id + ":crumb:vals", "t2:" + id + ":meta");
        assertThat(keys(id + "*")).isEmpty(); // nothing without the prefix
    }

    @Test
    void anEngineRecoveringFromItsJournalRewritesItsWorkflowsWithOutputsPushedOnce(@TempDir Path dir) {
        String id;
        Map<String, JobState> states;
        try (HymirEngine engine = HymirEngine.builder().journal(dir).stateStore(RedisStateStore.connect(server.url())).build()) {
            id = engine.run(mixed());
            engine.await(id);
            states = engine.jobStates(id);
        }
        List<String> vals = redis.lrange(id + ":crumb:vals", 0, -1);
        assertThat(vals).hasSize(5);
        redis.del(id + ":state", id + ":jobs", id + ":def");
        // Recovery hands every replayed state to the store; close() writes what is pending.
        try (HymirEngine engine = HymirEngine.builder().journal(dir).stateStore(RedisStateStore.connect(server.url())).build()) {
            assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
        assertThat(redis.lrange(id + ":crumb:vals", 0, -1)).isEqualTo(vals);
        assertThat(redis.get(id + ":state")).isEqualTo("{\"status\": 3}");
        try (RedisExecutor reader = RedisExecutor.connect(server.url())) {
            assertThat(reader.jobStates(id)).isEqualTo(states);
        }
    }

    @Test
    void aHundredThousandJobFanOutIsFullySnapshotted() {
        int n = 100_000;
        Workflow wf = Workflow.of(Group.of(Collections.nCopies(n, Job.of(RedisJobs::noop))));
        try (HymirEngine engine = engine(RedisStateStore.connect(server.url()))) {
            String id = engine.run(wf);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(redis.get(id + ":state")).isEqualTo("{\"status\": 3}");
            List<String> states = redis.hvals(id + ":jobs");
            assertThat(states).hasSize(n);
            assertThat(states).allMatch(s -> s.equals("{\"status\": 2, \"retries\": 0, \"context\": {}, \"exception\": null}"));
            engine.clear(id);
            assertThat(keys(id + "*")).isEmpty();
        }
    }

    /** compactDefinition(true): each distinct predecessor list once; RedisExecutor reads it (Python Hymir cannot). */
    @Test
    void aCompactDefinitionIsReadBackByRedisExecutor() {
        Workflow wf = Workflow.of(Chain.of(Group.of(Collections.nCopies(300, Job.of(RedisJobs::produce).set(1))),
                Group.of(Collections.nCopies(300, Job.of(RedisJobs::noop)))));
        try (HymirEngine engine = engine(RedisStateStore.connect(server.url(),
                RedisStateStore.Options.builder().keyPrefix("c:").compactDefinition(true).build()));
             RedisExecutor reader = RedisExecutor.connect(server.url(), "c:")) {
            String id = engine.run(wf);
            engine.await(id);
            String def = redis.get("c:" + id + ":def");
            assertThat(def).contains("\"hymir_predecessors\"").doesNotContain("\"links\"");
            assertThat(def.length() * 20L).as("90,000 links in node_link form").isLessThan(wf.toJson().length());
            assertThat(reader.workflow(id).toJson()).isEqualTo(wf.toJson());
            assertThat(reader.jobStates(id)).isEqualTo(engine.jobStates(id));
            assertThat(reader.progress(id)).isEqualTo(engine.progress(id));
        }
    }

    /** A node_link definition longer than Redis takes in one value is written compact instead (with a warning). */
    @Test
    void aDefinitionLongerThanRedisTakesIsWrittenCompact() {
        redis.configSet("proto-max-bulk-len", "1048576"); // 1 MB, Redis' least
        try (HymirEngine engine = engine(RedisStateStore.connect(server.url(),
                RedisStateStore.Options.builder().keyPrefix("big:").build()));
             RedisExecutor reader = RedisExecutor.connect(server.url(), "big:")) {
            Workflow wf = Workflow.of(Group.of(Collections.nCopies(12_000, Job.of(RedisJobs::noop))));
            assertThat(wf.toJson().length()).isGreaterThan(1 << 20);
            String id = engine.run(wf);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(redis.get("big:" + id + ":def")).contains("\"hymir_predecessors\"");
            assertThat(reader.workflow(id).toJson()).isEqualTo(wf.toJson());
            assertThat(reader.progress(id)).isEqualTo(engine.progress(id));
        } finally {
            redis.configSet("proto-max-bulk-len", "536870912");
        }
    }

    @Test
    void clearRemovesEveryKeyOfTheWorkflowAndNoOther() {
        try (HymirEngine engine = engine(RedisStateStore.connect(server.url()))) {
            String gone = engine.run(mixed());
            String kept = engine.run(mixed());
            engine.await(gone);
            engine.await(kept);
            Set<String> keptKeys = keys(kept + "*");
            assertThat(keptKeys).contains(kept + ":def", kept + ":state", kept + ":jobs", kept + ":crumb:vals",
                    kept + ":crumb:names");
            assertThat(keys(gone + "*")).hasSize(keptKeys.size());
            engine.clear(gone);
            assertThat(keys(gone + "*")).isEmpty();
            assertThat(keys(kept + "*")).isEqualTo(keptKeys);
        }
    }

    @Test
    void anAclUserWithAPasswordAndADatabaseNumberWorks() {
        redis.sendCommand(Protocol.Command.ACL, "SETUSER", "hymir", "on", ">s3cret-pw", "~*", "+@all");
        String url = "redis://hymir:s3cret-pw@127.0.0.1:" + server.port() + "/3";
        try (RedisStateStore store = RedisStateStore.connect(url)) {
            assertThat(store.toString()).doesNotContain("s3cret-pw").contains("hymir:***@");
            try (HymirEngine engine = engine(store); RedisExecutor reader = RedisExecutor.connect(url)) {
                String id = engine.run(mixed());
                engine.await(id);
                assertThat(reader.jobStates(id)).isEqualTo(engine.jobStates(id));
                assertThat(reader.toString()).doesNotContain("s3cret-pw");
                assertThat(redis.exists(id + ":state")).isFalse(); // database 0: it went to database 3
            }
        }
    }

    @Test
    void aWrongPasswordFailsAtConnectAndNeverShowsThePassword() {
        redis.sendCommand(Protocol.Command.ACL, "SETUSER", "hymir2", "on", ">right-pw", "~*", "+@all");
        String url = "redis://hymir2:wrong-pw-123@127.0.0.1:" + server.port();
        assertThatThrownBy(() -> RedisStateStore.connect(url)).isInstanceOf(HymirException.class)
                .satisfies(e -> assertNoPassword(e, "wrong-pw-123"))
                .hasMessageContaining("cannot connect to Redis at redis://hymir2:***@127.0.0.1");
        assertThatThrownBy(() -> RedisExecutor.connect(url)).isInstanceOf(HymirException.class)
                .satisfies(e -> assertNoPassword(e, "wrong-pw-123"));
    }

    @Test
    void anUnreachableServerFailsAtConnectInsteadOfHanging() {
        int closedPort = LocalRedisServer.unusedLoopbackPort();
        assertThatThrownBy(() -> RedisStateStore.connect("redis://u:pw-xyz@127.0.0.1:" + closedPort))
                .isInstanceOf(HymirException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .satisfies(e -> assertNoPassword(e, "pw-xyz"));
    }

    @Test
    void aMalformedUrlNamesWhatIsWrongWithThePasswordMasked() {
        assertThatThrownBy(() -> RedisStateStore.connect("http://u:pw-abc@host:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme 'http'").hasMessageContaining("u:***@host")
                .satisfies(e -> assertNoPassword(e, "pw-abc"));
        assertThatThrownBy(() -> RedisStateStore.connect("redis://u:pw-abc@host:1/notadb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database number").satisfies(e -> assertNoPassword(e, "pw-abc"));
        assertThatThrownBy(() -> RedisStateStore.connect("redis:// u:pw-abc@host")).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertNoPassword(e, "pw-abc"));
    }

    private static void assertNoPassword(Throwable e, String password) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(password);
            assertThat(t.toString()).doesNotContain(password);
        }
    }

    private static Set<String> keys(String pattern) {
        Set<String> keys = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(pattern).count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }
}
