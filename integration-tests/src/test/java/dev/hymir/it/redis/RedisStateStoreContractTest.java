package dev.hymir.it.redis;

import dev.hymir.JobDoesNotExist;
import dev.hymir.JobState;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowState;
import dev.hymir.contract.StateStoreContract;
import dev.hymir.spi.StateStore;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;

/** The state-store contract, held against {@link RedisStateStore} on a real redis-server, read back with {@link RedisExecutor}. */
class RedisStateStoreContractTest extends StateStoreContract {
    private static LocalRedisServer server;
    private RedisExecutor reader;
    private String prefix;

    @BeforeAll
    static void startRedis() {
        server = LocalRedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void connect() {
        prefix = "contract:" + System.nanoTime() + ":";
        reader = RedisExecutor.connect(server.url(), prefix);
    }

    @AfterEach
    void disconnect() {
        reader.close();
    }

    @Override
    protected StateStore store() {
        return RedisStateStore.connect(server.url(), RedisStateStore.Options.builder().keyPrefix(prefix).build());
    }

    @Override
    protected WorkflowState storedState(String id) {
        try {
            return reader.workflowState(id);
        } catch (WorkflowDoesNotExist e) {
            return null;
        }
    }

    @Override
    protected JobState storedJob(String id, String jobId) {
        try {
            return reader.jobState(id, jobId);
        } catch (WorkflowDoesNotExist | JobDoesNotExist e) {
            return null;
        }
    }

    @Override
    protected List<Object> storedOutput(String id, String output) {
        try {
            return reader.outputs(id).getOrDefault(output, List.of());
        } catch (WorkflowDoesNotExist e) {
            return List.of();
        }
    }
}
