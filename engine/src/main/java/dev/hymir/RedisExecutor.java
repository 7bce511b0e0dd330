package dev.hymir;

import dev.hymir.internal.json.Json;
import dev.hymir.internal.redis.RedisClients;
import dev.hymir.internal.redis.RedisUrl;
import dev.hymir.internal.redis.SnapshotFormat;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Reads workflows another process ran with a {@link RedisStateStore} (or the original Python Hymir
 * wrote) from Redis: a {@link WorkflowReader}, it never changes what it reads; {@link #await} polls.
 * An id Redis has no keys for: {@link WorkflowDoesNotExist}.
 *
 * <pre>{@code
 * try (RedisExecutor redis = RedisExecutor.connect("redis://localhost:6379")) {
 *     Progress p = redis.progress(id);
 * }
 * }</pre>
 */
public final class RedisExecutor implements WorkflowReader {
    private static final Duration POLL = Duration.ofMillis(50);

    private final RedisUrl url;
    private final SnapshotFormat format;
    private final RedisClient client;

    private RedisExecutor(RedisUrl url, String keyPrefix) {
        this.url = url;
        this.format = new SnapshotFormat(keyPrefix);
        this.client = RedisClients.open(url);
    }

    /** Same URL forms and errors as {@link RedisStateStore#connect(String)}; no key prefix. */
    public static RedisExecutor connect(String url) {
        return connect(url, "");
    }

    /** Reads keys written with {@code keyPrefix} (the store's {@code Options.keyPrefix}). */
    public static RedisExecutor connect(String url, String keyPrefix) {
        return new RedisExecutor(RedisUrl.parse(url), Objects.requireNonNull(keyPrefix, "keyPrefix"));
    }

    /**
     * Every workflow id with a {@code <id>:state} key under this reader's prefix (SCAN, so Redis is
     * not blocked; a workflow written or deleted meanwhile may or may not be listed).
     */
    @Override
    public List<String> workflowIds() {
        String suffix = ":state";
        String pattern = SnapshotFormat.globEscape(format.prefix()) + "*" + suffix;
        List<String> ids = new ArrayList<>();
        String cursor = redis.clients.jedis.params.ScanParams.SCAN_POINTER_START;
        redis.clients.jedis.params.ScanParams params = new redis.clients.jedis.params.ScanParams().match(pattern).count(1000);
        do {
            redis.clients.jedis.resps.ScanResult<String> page = client.scan(cursor, params);
            for (String key : page.getResult()) {
                String id = key.substring(format.prefix().length(), key.length() - suffix.length());
                if (!id.contains(":")) { // not another key family that happens to end in ":state"
                    ids.add(id);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(redis.clients.jedis.params.ScanParams.SCAN_POINTER_START));
        return ids;
    }

    @Override
    public Workflow workflow(String id) {
        String json = client.get(format.def(requireId(id)));
        if (json == null) {
            throw new WorkflowDoesNotExist(id);
        }
        return Workflow.fromJson(json);
    }

    @Override
    public WorkflowState workflowState(String id) {
        String json = client.get(format.state(requireId(id)));
        if (json == null) {
            throw new WorkflowDoesNotExist(id);
        }
        return SnapshotFormat.readWorkflow(json);
    }

    @Override
    public JobState jobState(String id, String jobId) {
        String json = client.hget(format.jobs(requireId(id)), jobId);
        if (json == null) {
            requireExists(id);
            throw new JobDoesNotExist(jobId, "workflow '" + id + "' in Redis has jobs 1.." + client.hlen(format.jobs(id)));
        }
        return SnapshotFormat.readJob(json);
    }

    @Override
    public Map<String, JobState> jobStates(String id) {
        Map<String, String> all = client.hgetAll(format.jobs(requireId(id)));
        if (all.isEmpty()) {
            requireExists(id);
        }
        // Job ids are "1", "2", ...: in id order means numerically.
        Map<Integer, JobState> byIndex = new TreeMap<>();
        all.forEach((job, json) -> byIndex.put(Integer.parseInt(job), SnapshotFormat.readJob(json)));
        Map<String, JobState> states = new LinkedHashMap<>();
        byIndex.forEach((i, s) -> states.put(Integer.toString(i), s));
        return Collections.unmodifiableMap(states);
    }

    @Override
    public Map<String, JobState> jobStates(String id, Collection<String> jobIds) {
        List<String> ids = new ArrayList<>(jobIds);
        if (ids.isEmpty()) {
            requireExists(id);
            return Map.of();
        }
        List<String> values = client.hmget(format.jobs(requireId(id)), ids.toArray(String[]::new));
        Map<String, JobState> states = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (values.get(i) == null) {
                requireExists(id);
                throw new JobDoesNotExist(ids.get(i), "workflow '" + id + "' in Redis has jobs 1.."
                        + client.hlen(format.jobs(id)));
            }
            states.put(ids.get(i), SnapshotFormat.readJob(values.get(i)));
        }
        return Collections.unmodifiableMap(states);
    }

    @Override
    public Progress progress(String id) {
        List<String> values = client.hvals(format.jobs(requireId(id)));
        if (values.isEmpty()) {
            requireExists(id);
        }
        long finished = 0;
        for (String json : values) {
            if (SnapshotFormat.readJob(json).isFinished()) {
                finished++;
            }
        }
        return new Progress(finished, values.size());
    }

    @Override
    public Map<String, List<Object>> outputs(String id) {
        Map<String, List<Object>> outputs = new TreeMap<>();
        for (String output : workflow(id).outputs()) {
            List<String> texts = client.lrange(format.crumb(id, output), 0, -1);
            if (texts.isEmpty()) {
                continue; // like the engine: an output no job has written yet is absent
            }
            List<Object> values = new ArrayList<>(texts.size());
            texts.forEach(t -> values.add(Json.read(t)));
            outputs.put(output, Collections.unmodifiableList(values));
        }
        return Collections.unmodifiableMap(outputs);
    }

    /** Polls Redis until the workflow's state is finished. */
    @Override
    public WorkflowState await(String id) {
        return await(id, null);
    }

    /** Polls Redis until the workflow's state is finished or {@code timeout} passed; then returns the state. */
    @Override
    public WorkflowState await(String id, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            WorkflowState state = workflowState(id);
            if (state.isFinished() || (timeout != null && System.nanoTime() - deadline >= 0)) {
                return state;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HymirException("interrupted while awaiting workflow '" + id + "' in Redis", e);
            }
        }
    }

    /** Completes once {@link #await(String)} returns, polling on a virtual thread. */
    public CompletableFuture<WorkflowState> completion(String id) {
        workflowState(id); // WorkflowDoesNotExist now, not in the future
        CompletableFuture<WorkflowState> future = new CompletableFuture<>();
        Thread.ofVirtual().name("hymir-redis-await").start(() -> {
            try {
                future.complete(await(id));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    @Override
    public void close() {
        client.close();
    }

    /** The URL without its password. */
    @Override
    public String toString() {
        return "RedisExecutor(" + url + (format.prefix().isEmpty() ? "" : ", prefix '" + format.prefix() + "'") + ")";
    }

    private void requireExists(String id) {
        if (!client.exists(format.state(id))) {
            throw new WorkflowDoesNotExist(id);
        }
    }

    private static String requireId(String id) {
        if (id == null) {
            throw new WorkflowDoesNotExist(null);
        }
        return id;
    }
}
