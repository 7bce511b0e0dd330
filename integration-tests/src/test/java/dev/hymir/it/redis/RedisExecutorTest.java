package dev.hymir.it.redis;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.HymirException;
import dev.hymir.Job;
import dev.hymir.JobDoesNotExist;
import dev.hymir.JobState;
import dev.hymir.Progress;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.Workflow;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RedisExecutor against a real redis-server: which ids it lists, and what it does with keys Hymir
 * did not write or that are only partly there (a HymirException naming the key and field, never a
 * bare IllegalArgumentException or NumberFormatException).
 */
class RedisExecutorTest {
    private static final String GOOD_JOB = "{\"status\": 2, \"retries\": 0, \"context\": {}, \"exception\": null}";
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

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
    }

    /** What an engine writes for a finished workflow, by hand: state, a 2-job table and the definition. */
    private static void writeWorkflow(String prefix, String id) {
        redis.set(prefix + id + ":def", Workflow.of(Group.of(Job.named("m.a"), Job.named("m.b"))).toJson());
        redis.hset(prefix + id + ":jobs", Map.of("1", GOOD_JOB, "2", GOOD_JOB));
        redis.set(prefix + id + ":state", "{\"status\": 3}");
    }

    @Test
    void workflowIdsMatchAPrefixWithGlobCharactersLiterally() {
        String globby = "t[1]*?\\:";
        writeWorkflow(globby, "wf-a");
        writeWorkflow(globby, "wf-b");
        // Keys an unescaped pattern "t[1]*?\:*:state" would also match, and keys of other prefixes.
        writeWorkflow("t1xy:", "other-1");
        writeWorkflow("t1x\\:", "other-2");
        writeWorkflow("", "unprefixed");
        writeWorkflow(globby + "nested:", "deeper"); // a longer prefix that starts with this one
        try (RedisExecutor reader = RedisExecutor.connect(server.url(), globby)) {
            assertThat(reader.workflowIds()).containsExactlyInAnyOrder("wf-a", "wf-b");
            assertThat(reader.workflowState("wf-a").status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
        try (RedisExecutor reader = RedisExecutor.connect(server.url())) {
            assertThat(reader.workflowIds()).containsExactly("unprefixed");
        }
    }

    @Test
    void workflowIdsAreTheIdsWithAStateKeyAndEveryReadAgrees() {
        writeWorkflow("", "whole");
        redis.set("state-only:state", "{\"status\": 1}");        // its :def and :jobs are gone
        redis.set("no-state:def", redis.get("whole:def"));          // its :state is gone
        redis.hset("no-state:jobs", "1", GOOD_JOB);
        redis.set("whole:crumb:state", "[]");                       // another key family ending in :state
        try (RedisExecutor reader = RedisExecutor.connect(server.url())) {
            assertThat(reader.workflowIds()).containsExactlyInAnyOrder("whole", "state-only");

            // An id without :state does not exist, for every read (even though :jobs and :def are there).
            for (ThrowingCallable read : List.<ThrowingCallable>of(
                    () -> reader.workflowState("no-state"), () -> reader.workflow("no-state"),
                    () -> reader.jobStates("no-state"), () -> reader.jobStates("no-state", List.of("1")),
                    () -> reader.jobState("no-state", "1"), () -> reader.progress("no-state"),
                    () -> reader.outputs("no-state"), () -> reader.await("no-state", Duration.ZERO))) {
                assertThatThrownBy(read).isInstanceOf(WorkflowDoesNotExist.class).hasMessageContaining("'no-state'");
            }

            // An id with :state but without :def: the jobs are not known, and the missing key is named.
            assertThat(reader.workflowState("state-only").status()).isEqualTo(WorkflowState.Status.RUNNING);
            for (ThrowingCallable read : List.<ThrowingCallable>of(
                    () -> reader.jobStates("state-only"), () -> reader.jobStates("state-only", List.of("1")),
                    () -> reader.jobState("state-only", "1"), () -> reader.progress("state-only"),
                    () -> reader.workflow("state-only"))) {
                assertThatThrownBy(read).isExactlyInstanceOf(HymirException.class)
                        .hasMessageContaining("key 'state-only:def' is missing");
            }
            assertThatThrownBy(() -> reader.jobState("whole", "3")).isInstanceOf(JobDoesNotExist.class)
                    .hasMessageContaining("jobs 1..2");
        }
    }

    /** Python Hymir (and this engine) write no PENDING fields: a job without one is PENDING, the definition lists them. */
    @Test
    void aJobWithoutAFieldIsPendingAndTheDefinitionSaysWhichJobsThereAre() {
        redis.set("py:def", Workflow.of(Chain.of(Job.named("m.a"), Job.named("m.b"), Job.named("m.c"))).toJson());
        redis.set("py:state", "{\"status\": 1}"); // running, no job has a field yet (no :jobs key, no :meta)
        JobState pending = new JobState(JobState.Status.PENDING, 0, Map.of(), null);
        try (RedisExecutor reader = RedisExecutor.connect(server.url())) {
            assertThat(reader.jobStates("py")).isEqualTo(Map.of("1", pending, "2", pending, "3", pending));
            assertThat(reader.jobStates("py").keySet()).containsExactly("1", "2", "3");
            assertThat(reader.progress("py")).isEqualTo(new Progress(0, 3));

            redis.hset("py:jobs", "1", GOOD_JOB);
            assertThat(reader.jobState("py", "1").status()).isEqualTo(JobState.Status.SUCCESS);
            assertThat(reader.jobState("py", "2")).isEqualTo(pending);
            assertThat(reader.jobStates("py", List.of("3", "1")).keySet()).containsExactly("3", "1");
            assertThat(reader.jobStates("py", List.of("3", "1")).get("3")).isEqualTo(pending);
            assertThat(reader.progress("py")).isEqualTo(new Progress(1, 3));
            assertThatThrownBy(() -> reader.jobState("py", "4")).isInstanceOf(JobDoesNotExist.class)
                    .hasMessageContaining("jobs 1..3");
            assertThatThrownBy(() -> reader.jobStates("py", List.of("1", "0"))).isInstanceOf(JobDoesNotExist.class);

            // A field beyond the definition was not written for it.
            redis.hset("py:jobs", "7", GOOD_JOB);
            assertThatThrownBy(() -> reader.progress("py")).isExactlyInstanceOf(HymirException.class)
                    .hasMessageContaining("Redis key 'py:jobs' has field '7'").hasMessageContaining("jobs 1..3");
            redis.hdel("py:jobs", "7");

            // Another definition under the id (another length) is read again, not served from the cache.
            redis.set("py:def", Workflow.of(Group.of(Job.named("m.a"), Job.named("m.b"), Job.named("m.c"),
                    Job.named("m.d"))).toJson());
            assertThat(reader.progress("py")).isEqualTo(new Progress(1, 4));
            assertThat(reader.workflow("py").size()).isEqualTo(4);
            // The engine's :meta says how many jobs there are without the definition being parsed.
            redis.hset("py:meta", "jobs", "5");
            assertThat(reader.progress("py")).isEqualTo(new Progress(1, 5));
        }
    }

    @Test
    void aForeignValueInTheJobsHashNamesTheKeyAndTheField() {
        String[] foreign = {"not json at all", "{\"retries\": 0}", "{\"status\": 9}", "{\"status\": \"done\"}",
                "[1, 2]", "null", "{\"status\": 2, \"context\": 5}"};
        try (RedisExecutor reader = RedisExecutor.connect(server.url(), "p:")) {
            for (String value : foreign) {
                redis.flushAll();
                writeWorkflow("p:", "wf");
                redis.hset("p:wf:jobs", "2", value);
                for (ThrowingCallable read : List.<ThrowingCallable>of(() -> reader.jobStates("wf"),
                        () -> reader.jobStates("wf", List.of("1", "2")), () -> reader.jobState("wf", "2"),
                        () -> reader.progress("wf"))) {
                    assertThatThrownBy(read).as(value).isExactlyInstanceOf(HymirException.class)
                            .hasMessageContaining("Redis key 'p:wf:jobs' field '2' holds no Hymir job state");
                }
                assertThat(reader.jobState("wf", "1").status().name()).isEqualTo("SUCCESS"); // the good field still reads
            }
        }
    }

    @Test
    void aFieldThatIsNotAJobIdNamesTheKeyAndTheField() {
        for (String field : List.of("abc", "0", "-1", "01", "99999999999", "1.5")) {
            redis.flushAll();
            writeWorkflow("", "wf");
            redis.hset("wf:jobs", field, GOOD_JOB);
            try (RedisExecutor reader = RedisExecutor.connect(server.url())) {
                assertThatThrownBy(() -> reader.jobStates("wf")).as(field).isExactlyInstanceOf(HymirException.class)
                        .hasMessageContaining("Redis key 'wf:jobs' has field '" + field + "', which is not a job id");
                assertThatThrownBy(() -> reader.progress("wf")).as(field).isExactlyInstanceOf(HymirException.class)
                        .hasMessageContaining("field '" + field + "'");
            }
        }
    }

    @Test
    void aForeignStateDefinitionOrOutputNamesTheKey() {
        try (RedisExecutor reader = RedisExecutor.connect(server.url())) {
            for (String value : List.of("{\"status\": 2}", "running", "{}", "{\"status\": null}")) {
                redis.flushAll();
                writeWorkflow("", "wf");
                redis.set("wf:state", value);
                assertThatThrownBy(() -> reader.workflowState("wf")).as(value).isExactlyInstanceOf(HymirException.class)
                        .hasMessageContaining("Redis key 'wf:state' holds no Hymir workflow state");
                assertThatThrownBy(() -> reader.await("wf", Duration.ZERO)).as(value).isExactlyInstanceOf(HymirException.class)
                        .hasMessageContaining("'wf:state'");
            }
            redis.flushAll();
            writeWorkflow("", "wf");
            redis.set("wf:def", "{\"nodes\": 3}");
            assertThatThrownBy(() -> reader.workflow("wf")).isExactlyInstanceOf(HymirException.class)
                    .hasMessageContaining("Redis key 'wf:def' holds no readable Hymir workflow definition");
        }
        try (HymirEngine engine = HymirEngine.builder().stateStore(RedisStateStore.connect(server.url())).build();
             RedisExecutor reader = RedisExecutor.connect(server.url())) {
            String id = engine.run(Workflow.of(Job.of(RedisJobs::produce).set(4)));
            engine.await(id);
            assertThat(reader.outputs(id)).isEqualTo(Map.of("vals", List.of(4)));
            redis.rpush(id + ":crumb:vals", "{broken");
            assertThatThrownBy(() -> reader.outputs(id)).isExactlyInstanceOf(HymirException.class)
                    .hasMessageContaining("Redis key '" + id + ":crumb:vals' element 1 is not JSON");
        }
    }

    @Test
    void nullArgumentsNameTheParameter() {
        writeWorkflow("", "wf");
        try (RedisExecutor reader = RedisExecutor.connect(server.url())) {
            assertThatThrownBy(() -> reader.jobStates("wf", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("jobIds must not be null");
            assertThatThrownBy(() -> reader.jobStates("wf", java.util.Arrays.asList("1", null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobIds[1] is null");
            assertThatThrownBy(() -> reader.await("wf", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeout must not be null");
            assertThatThrownBy(() -> reader.workflowState(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("id must not be null");
            assertThat(reader.await("wf", Duration.ofSeconds(-1)).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(reader.jobStates("wf", List.of())).isEmpty();
        }
    }
}
