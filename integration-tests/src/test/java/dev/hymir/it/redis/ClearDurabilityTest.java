package dev.hymir.it.redis;

import dev.hymir.HymirEngine;
import dev.hymir.JobRegistry;
import dev.hymir.RedisStateStore;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.it.ClearChild;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A clear is journaled before the keys go: a child JVM clears a workflow and is killed with SIGKILL;
 * an engine restarted on its journal does not know the workflow and Redis holds none of its keys —
 * also when the kill came between the journaled clear and the delete (its keys are put back by hand
 * here): the restart deletes them.
 */
class ClearDurabilityTest {
    @TempDir
    Path tmp;

    @Test
    void aClearedWorkflowStaysClearedAfterKill9AndItsKeysAreGone() throws Exception {
        try (LocalRedisServer server = LocalRedisServer.start(); RedisClient redis = RedisClient.create("127.0.0.1", server.port())) {
            Path journal = tmp.resolve("journal");
            Process child = start(journal, server.url());
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String id = null;
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.startsWith("CLEARED ")) {
                    id = line.substring(8).trim();
                    break;
                }
            }
            assertThat(id).as(seen.toString()).isNotNull();
            assertThat(redis.keys(id + "*")).as("clear() returns once the keys are deleted").isEmpty();
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

            // As if the kill had come between the journaled clear and the delete.
            redis.set(id + ":state", "{\"status\": 3}");
            redis.hset(id + ":jobs", "1", "{\"status\": 2, \"retries\": 0, \"context\": {}, \"exception\": null}");
            redis.rpush(id + ":crumb:v", "42");

            JobRegistry registry = JobRegistry.explicitOnly().register("value", call -> 42);
            try (HymirEngine engine = HymirEngine.builder().registry(registry).journal(journal)
                    .stateStore(RedisStateStore.connect(server.url())).build()) {
                String cleared = id;
                assertThatThrownBy(() -> engine.workflowState(cleared)).isInstanceOf(WorkflowDoesNotExist.class);
                org.awaitility.Awaitility.await().until(() -> redis.keys(cleared + "*").isEmpty());
            }
        }
    }

    private static Process start(Path journal, String redisUrl) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Dchronicle.analytics.disable=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ClearChild.class.getName());
        cmd.add(journal.toString());
        cmd.add(redisUrl);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
