package dev.hymir.cli;

import dev.hymir.FailurePolicy;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobFunction;
import dev.hymir.RedisStateStore;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hymir status} and {@code hymir demo --redis} against a real redis-server. */
class StatusCommandTest {
    private static LocalRedisServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRedis() {
        server = LocalRedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    @JobFunction
    public static void fine() {
    }

    @JobFunction
    public static void diskFull(int n) {
        throw new IllegalStateException("disk " + n + " full\nsecond line of the message");
    }

    @Test
    void demoWritesSnapshotsThatStatusReadsBack() {
        Cli demo = Cli.run("demo", "--jobs", "500", "--shape", "chain", "--no-journal", "--redis", server.url());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        String id = workflowIdIn(demo.out());
        assertThat(demo.out()).contains("redis:      " + server.url() + " (read it back: hymir status " + id
                + " --redis " + server.url() + ")");

        Cli status = Cli.run("status", id, "--redis", server.url());

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("workflow:   " + id, "status:     SUCCESS",
                "progress:   500/500 jobs finished (100.0%)", "jobs:       500 SUCCESS", "failed:     0");
        assertThat(status.err()).isEmpty();
    }

    @Test
    void listsFailedJobsWithTheFirstLineOfTheirException() {
        List<Step> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(Job.of(StatusCommandTest::fine));
        }
        for (int i = 0; i < 25; i++) {
            jobs.add(Job.of(StatusCommandTest::diskFull).set(i));
        }
        String id;
        try (HymirEngine engine = HymirEngine.builder().failurePolicy(FailurePolicy.CONTINUE_OTHER_BRANCHES)
                .stateStore(RedisStateStore.connect(server.url())).build()) {
            id = engine.run(Workflow.of(Group.of(jobs)));
            engine.await(id);
        }

        Cli status = Cli.run("status", id, "--redis", server.url());

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("status:     FAILURE", "progress:   28/28 jobs finished (100.0%)",
                "jobs:       3 SUCCESS, 25 FAILURE", "failed:     25 job(s):",
                "  job 4 dev.hymir.cli.StatusCommandTest.diskFull: java.lang.IllegalStateException: disk 0 full",
                "  ... and 5 more (--failed 0 lists all)");
        assertThat(status.out()).doesNotContain("second line");
        assertThat(status.out().lines().filter(l -> l.startsWith("  job "))).hasSize(20);

        Cli all = Cli.run("status", id, "--redis", server.url(), "--failed", "0");
        assertThat(all.out().lines().filter(l -> l.startsWith("  job "))).hasSize(25);
        assertThat(all.out()).contains("  job 28 dev.hymir.cli.StatusCommandTest.diskFull: java.lang.IllegalStateException: disk 24 full")
                .doesNotContain("more (--failed 0");
    }

    /** What Python Hymir writes (a traceback as the exception, a running workflow) reads the same way. */
    @Test
    void readsAWorkflowPythonHymirWrote() {
        String id = "py-" + System.nanoTime();
        String def = """
                {"directed": true, "multigraph": false, "graph": {},
                 "nodes": [{"id": "1", "job": {"n": "tasks.fetch", "i": 1, "a": [], "k": {}, ">": null, "<": null, "m": {}}},
                           {"id": "2", "job": {"n": "tasks.parse", "i": 2, "a": [], "k": {}, ">": null, "<": null, "m": {}}},
                           {"id": "3", "job": {"n": "tasks.store", "i": 3, "a": [], "k": {}, ">": null, "<": null, "m": {}}}],
                 "links": [{"source": "1", "target": "3"}, {"source": "2", "target": "3"}]}""";
        try (RedisClient redis = RedisClient.create("127.0.0.1", server.port())) {
            redis.set("hy:" + id + ":def", def);
            redis.set("hy:" + id + ":state", "{\"status\": 1}");
            redis.hset("hy:" + id + ":jobs", Map.of(
                    "1", "{\"status\": 2, \"retries\": 0, \"context\": {}, \"exception\": null}",
                    "2", "{\"status\": 3, \"retries\": 2, \"context\": {}, \"exception\": \"Traceback (most recent"
                            + " call last):\\n  File \\\"tasks.py\\\", line 9, in parse\\n    raise ValueError('bad row')"
                            + "\\nValueError: bad row 17\\n\"}",
                    "3", "{\"status\": 0, \"retries\": 0, \"context\": {}, \"exception\": null}"));
        }

        Cli status = Cli.run("status", id, "--redis", server.url(), "--key-prefix", "hy:");

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("status:     RUNNING", "progress:   2/3 jobs finished (66.7%)",
                "jobs:       1 PENDING, 1 SUCCESS, 1 FAILURE", "redis:      " + server.url() + ", key prefix 'hy:'",
                "  job 2 tasks.parse (after 2 retries): ValueError: bad row 17");
        // Without the prefix the same id is not there.
        assertThat(Cli.run("status", id, "--redis", server.url()).exitCode()).isEqualTo(Errors.FAILED);
    }

    @Test
    void unknownWorkflowIsOneLine() {
        Cli r = Cli.run("status", "no-such-id", "--redis", server.url());

        assertThat(r.exitCode()).isEqualTo(Errors.FAILED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly("hymir: no workflow 'no-such-id' in Redis at " + server.url()
                + ": check the id (hymir demo --redis prints it) and --key-prefix");
    }

    @Test
    void unreachableRedisIsOneLineWithoutThePassword() {
        String url = "redis://hymir:s3cret@127.0.0.1:" + LocalRedisServer.unusedLoopbackPort();

        for (String[] args : new String[][] {{"status", "x", "--redis", url},
                {"demo", "--jobs", "10", "--no-journal", "--redis", url}}) {
            Cli r = Cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(Errors.FAILED);
            assertThat(r.err().lines()).hasSize(1);
            assertThat(r.err()).startsWith("hymir: cannot connect to Redis at redis://hymir:***@127.0.0.1:")
                    .contains("start redis-server there, or check the --redis URL's host, port, user and password")
                    .doesNotContain("s3cret").doesNotContain("\tat ");
        }
    }

    @Test
    void wrongPasswordIsOneLine() {
        Cli r = Cli.run("status", "x", "--redis", "redis://nobody:wrong@127.0.0.1:" + server.port());

        assertThat(r.exitCode()).isEqualTo(Errors.FAILED);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("hymir: cannot connect to Redis at redis://nobody:***@").doesNotContain("wrong@");
    }

    @Test
    void badUrlIsAUsageError() {
        for (String url : new String[] {"http://127.0.0.1:6379", "redis://", "redis://host:6379/db", "not a url"}) {
            for (String[] args : new String[][] {{"status", "x", "--redis", url},
                    {"demo", "--no-journal", "--data-dir", tmp.toString(), "--redis", url}}) {
                Cli r = Cli.run(args);
                assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(Errors.USAGE);
                assertThat(r.err().lines()).as(r.err()).hasSize(1);
                assertThat(r.err()).startsWith("hymir: --redis: Redis URL '").contains("--help' for usage");
            }
        }
    }

    @Test
    void statusNeedsAnIdAndAUrl() {
        assertThat(Cli.run("status", "--redis", server.url()).exitCode()).isEqualTo(Errors.USAGE);
        Cli noUrl = Cli.run("status", "some-id");
        assertThat(noUrl.exitCode()).isEqualTo(Errors.USAGE);
        assertThat(noUrl.err()).contains("--redis");
        assertThat(Cli.run("status", "some-id", "--redis", server.url(), "--failed", "-1").exitCode())
                .isEqualTo(Errors.USAGE);
        Cli help = Cli.run("status", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: hymir status", "--redis=URL", "--key-prefix=PREFIX", "--failed=N");
    }

    @Test
    void withoutRedisTheUrlComesFromHymirRedisUrl() {
        try (RedisClient redis = RedisClient.create("127.0.0.1", server.port())) {
            redis.sendCommand(Protocol.Command.ACL, "SETUSER", "envuser", "on", ">env-s3cret", "~*", "+@all");
        }
        String url = "redis://envuser:env-s3cret@127.0.0.1:" + server.port();
        Map<String, String> env = Map.of("HYMIR_REDIS_URL", url);

        Cli demo = Cli.runWith(env, "demo", "--jobs", "50", "--shape", "chain", "--no-journal");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        String id = workflowIdIn(demo.out());
        assertThat(demo.out()).contains("redis:      redis://envuser:***@127.0.0.1:" + server.port()
                + " (read it back: hymir status " + id + " (with HYMIR_REDIS_URL set))");

        Cli status = Cli.runWith(env, "status", id);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("status:     SUCCESS", "progress:   50/50 jobs finished (100.0%)",
                "redis:      redis://envuser:***@127.0.0.1:" + server.port());
        for (Cli r : List.of(demo, status)) {
            assertThat(r.out() + r.err()).doesNotContain("env-s3cret");
        }

        // --redis wins over the variable (here: unreachable)
        Map<String, String> unreachable = Map.of("HYMIR_REDIS_URL",
                "redis://u:env-s3cret@127.0.0.1:" + LocalRedisServer.unusedLoopbackPort());
        assertThat(Cli.runWith(unreachable, "status", id, "--redis", server.url()).exitCode()).isZero();
        Cli down = Cli.runWith(unreachable, "status", id);
        assertThat(down.exitCode()).isEqualTo(Errors.FAILED);
        assertThat(down.err()).startsWith("hymir: cannot connect to Redis at redis://u:***@127.0.0.1:")
                .contains("check the HYMIR_REDIS_URL URL's host").doesNotContain("env-s3cret");

        // a malformed variable is a usage error naming the variable, password masked
        Cli malformed = Cli.runWith(Map.of("HYMIR_REDIS_URL", "redis://u:env-s3cret@h/notadb"), "status", id);
        assertThat(malformed.exitCode()).isEqualTo(Errors.USAGE);
        assertThat(malformed.err()).startsWith("hymir: HYMIR_REDIS_URL: Redis URL 'redis://u:***@h/notadb'")
                .doesNotContain("env-s3cret");

        // neither: status says how to give one; a blank variable counts as unset; the demo runs without Redis
        for (Map<String, String> none : List.of(Map.<String, String>of(), Map.of("HYMIR_REDIS_URL", "  "))) {
            Cli missing = Cli.runWith(none, "status", id);
            assertThat(missing.exitCode()).isEqualTo(Errors.USAGE);
            assertThat(missing.err()).contains("pass --redis URL, or set HYMIR_REDIS_URL");
        }
        Cli plain = Cli.runWith(Map.of(), "demo", "--jobs", "5", "--no-journal");
        assertThat(plain.out()).contains("redis:      off (pass --redis URL or set HYMIR_REDIS_URL to write snapshots)");
        assertThat(Cli.run("status", "--help").out()).contains("HYMIR_REDIS_URL");
        assertThat(Cli.run("--help").out()).contains("HYMIR_REDIS_URL");
    }

    private static String workflowIdIn(String demoOut) {
        Matcher m = Pattern.compile("(?m)^workflow:   (\\S+)$").matcher(demoOut);
        assertThat(m.find()).as(demoOut).isTrue();
        return m.group(1);
    }
}
