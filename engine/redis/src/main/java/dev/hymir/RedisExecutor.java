package dev.hymir;

import dev.hymir.internal.json.Json;
import dev.hymir.internal.redis.RedisClients;
import dev.hymir.internal.redis.RedisUrl;
import dev.hymir.internal.redis.SnapshotFormat;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Reads workflows another process ran with a {@link RedisStateStore} (or the original Python Hymir
 * wrote) from Redis: a {@link WorkflowReader}, it never changes what it reads; {@link #await} polls.
 * A workflow exists while its {@code <id>:state} key does: an id without it is
 * {@link WorkflowDoesNotExist} for every method. Its jobs are those of its definition; a job with no
 * field in {@code <id>:jobs} is PENDING (neither the engine nor Python Hymir writes PENDING fields).
 * The number of jobs comes from {@code <id>:meta} (written by the Java engine) or else from the
 * definition, which is parsed once and cached while its length stays the same. A value Hymir did not
 * write (not JSON, no valid status, a job field that is not a job id) or a definition missing beside
 * an existing {@code :state} is a {@link HymirException} naming the key (and the field); thread-safe
 * (pooled connections).
 *
 * <pre>{@code
 * try (RedisExecutor redis = RedisExecutor.connect("redis://localhost:6379")) {
 *     Progress p = redis.progress(id);
 * }
 * }</pre>
 */
public final class RedisExecutor implements WorkflowReader {
    private static final Duration POLL = Duration.ofMillis(50);
    /** Parsed definitions kept: at most this many, holding at most {@link #CACHED_JOBS} jobs together. */
    private static final int CACHED_DEFINITIONS = 16;
    private static final long CACHED_JOBS = 2_000_000;

    private final RedisUrl url;
    private final SnapshotFormat format;
    private final RedisClient client;
    /** By workflow id: the definition last parsed and the length of the {@code :def} value it came from. */
    private final LinkedHashMap<String, CachedDefinition> definitions = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedJobs;

    private record CachedDefinition(long length, Workflow workflow) {
    }

    private RedisExecutor(RedisUrl url, String keyPrefix) {
        this.url = url;
        this.format = new SnapshotFormat(keyPrefix);
        this.client = RedisClients.open(url);
    }

    /** Same URL forms and errors as {@link RedisStateStore#connect(String)}; no key prefix. */
    public static RedisExecutor connect(String url) {
        return connect(url, "");
    }

    /**
     * Reads keys written with {@code keyPrefix} (the store's {@code Options.keyPrefix}).
     *
     * @throws IllegalArgumentException a null or malformed {@code url} (password masked), a null {@code keyPrefix}
     * @throws HymirException           an unreachable server or a refused login
     */
    public static RedisExecutor connect(String url, String keyPrefix) {
        if (url == null) {
            throw new IllegalArgumentException("RedisExecutor.connect: url must not be null"
                    + " (redis://[user:password@]host:port[/db])");
        }
        if (keyPrefix == null) {
            throw new IllegalArgumentException("RedisExecutor.connect: keyPrefix must not be null (\"\" for none)");
        }
        return new RedisExecutor(RedisUrl.parse(url), keyPrefix);
    }

    /**
     * Every workflow id with a {@code <id>:state} key under this reader's prefix (SCAN, so Redis is
     * not blocked; a workflow written or deleted meanwhile may or may not be listed). The prefix is
     * matched literally, glob characters ({@code * ? [ ] \}) included.
     */
    @Override
    public List<String> workflowIds() {
        String suffix = ":state";
        String pattern = SnapshotFormat.globEscape(format.prefix()) + "*" + suffix;
        List<String> ids = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1000);
        do {
            ScanResult<String> page = client.scan(cursor, params);
            for (String key : page.getResult()) {
                // SCAN's glob cannot say "no ':' here": a key of another prefix ("p:q:<id>:state") or family
                // ("<id>:crumb:x:state") also ends in ":state" and is left out here.
                if (!key.startsWith(format.prefix()) || key.length() <= format.prefix().length() + suffix.length()) {
                    continue;
                }
                String id = key.substring(format.prefix().length(), key.length() - suffix.length());
                if (!id.contains(":")) {
                    ids.add(id);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return ids;
    }

    /**
     * The stored definition ({@code <id>:def}), parsed once and then taken from a cache while the
     * value's length stays the same. A workflow whose {@code :state} exists but whose {@code :def} does
     * not, or holds no readable workflow, is a {@link HymirException} naming the key.
     */
    @Override
    public Workflow workflow(String id) {
        requireId(id, "workflow");
        Response<Boolean> exists;
        Response<Long> length;
        try (AbstractPipeline p = client.pipelined()) {
            exists = p.exists(format.state(id));
            length = p.strlen(format.def(id));
            p.sync();
        }
        if (!exists.get()) {
            throw new WorkflowDoesNotExist(id);
        }
        return definition(id, length.get());
    }

    /** The definition whose {@code :def} value is {@code length} bytes long: cached, or read and parsed. */
    private Workflow definition(String id, long length) {
        String key = format.def(id);
        if (length == 0) {
            throw missing(id, key, "definition");
        }
        synchronized (definitions) {
            CachedDefinition cached = definitions.get(id);
            if (cached != null && cached.length() == length) {
                return cached.workflow();
            }
        }
        String json = client.get(key);
        if (json == null) {
            throw missing(id, key, "definition");
        }
        Workflow workflow;
        try {
            workflow = Workflow.fromJson(json);
        } catch (RuntimeException e) {
            throw new HymirException("Redis key '" + key + "' holds no readable Hymir workflow definition: "
                    + e.getMessage(), e);
        }
        long readLength = utf8Length(json);
        synchronized (definitions) {
            CachedDefinition old = definitions.put(id, new CachedDefinition(readLength, workflow));
            cachedJobs += workflow.size() - (old == null ? 0 : old.workflow().size());
            for (var it = definitions.entrySet().iterator(); it.hasNext() && definitions.size() > 1
                    && (definitions.size() > CACHED_DEFINITIONS || cachedJobs > CACHED_JOBS); ) {
                var eldest = it.next();
                if (eldest.getKey().equals(id)) {
                    continue;
                }
                cachedJobs -= eldest.getValue().workflow().size();
                it.remove();
            }
        }
        return workflow;
    }

    /**
     * What every job read needs besides the jobs hash: whether the workflow exists and how many jobs it
     * has ({@code <id>:meta}, else the definition), read in the same round trip as {@code read}.
     */
    private <T> Sized<T> sized(String id, java.util.function.Function<AbstractPipeline, Response<T>> read) {
        Response<Boolean> exists;
        Response<String> metaJobs;
        Response<Long> defLength;
        Response<T> value;
        try (AbstractPipeline p = client.pipelined()) {
            exists = p.exists(format.state(id));
            metaJobs = p.hget(format.meta(id), SnapshotFormat.META_JOBS);
            defLength = p.strlen(format.def(id));
            value = read.apply(p);
            p.sync();
        }
        if (!exists.get()) {
            throw new WorkflowDoesNotExist(id);
        }
        int size = -1;
        if (metaJobs.get() != null) {
            try {
                size = Integer.parseInt(metaJobs.get());
            } catch (NumberFormatException e) {
                size = -1; // not written by this engine: the definition says
            }
        }
        if (size < 1) {
            size = definition(id, defLength.get()).size();
        }
        return new Sized<>(size, value == null ? null : value.get());
    }

    private record Sized<T>(int size, T value) {
    }

    @Override
    public WorkflowState workflowState(String id) {
        requireId(id, "workflowState");
        String key = format.state(id);
        String json = client.get(key);
        if (json == null) {
            throw new WorkflowDoesNotExist(id);
        }
        try {
            return SnapshotFormat.readWorkflow(json);
        } catch (RuntimeException e) {
            throw new HymirException("Redis key '" + key + "' holds no Hymir workflow state (expected {\"status\": N}"
                    + " with N one of 0, 1, 3, 4, 5): " + e.getMessage() + "; value: " + excerpt(json), e);
        }
    }

    @Override
    public JobState jobState(String id, String jobId) {
        requireId(id, "jobState");
        if (jobId == null) {
            throw new IllegalArgumentException("RedisExecutor.jobState('" + id + "', null): jobId must not be null");
        }
        String key = format.jobs(id);
        Sized<String> read = sized(id, p -> p.hget(key, jobId));
        requireJob(id, jobId, read.size());
        return read.value() == null ? SnapshotFormat.pendingJob() : job(key, jobId, read.value());
    }

    /** Every job of the definition, in id order; a job without a field is PENDING. */
    @Override
    public Map<String, JobState> jobStates(String id) {
        requireId(id, "jobStates");
        String key = format.jobs(id);
        Sized<Map<String, String>> read = sized(id, p -> p.hgetAll(key));
        JobState[] states = new JobState[read.size()];
        read.value().forEach((field, json) -> states[jobIndex(key, field, read.size()) - 1] = job(key, field, json));
        Map<String, JobState> all = new LinkedHashMap<>(Math.max(16, (int) (read.size() / 0.75f) + 1));
        for (int i = 0; i < states.length; i++) {
            all.put(Integer.toString(i + 1), states[i] == null ? SnapshotFormat.pendingJob() : states[i]);
        }
        return Collections.unmodifiableMap(all);
    }

    @Override
    public Map<String, JobState> jobStates(String id, Collection<String> jobIds) {
        requireId(id, "jobStates");
        if (jobIds == null) {
            throw new IllegalArgumentException("RedisExecutor.jobStates('" + id + "', null): jobIds must not be null");
        }
        List<String> ids = new ArrayList<>(jobIds.size());
        int position = 0;
        for (String jobId : jobIds) {
            if (jobId == null) {
                throw new IllegalArgumentException("RedisExecutor.jobStates('" + id + "', jobIds): jobIds[" + position
                        + "] is null; job ids are \"1\", \"2\", ...");
            }
            ids.add(jobId);
            position++;
        }
        String key = format.jobs(id);
        Sized<List<String>> read = sized(id, p -> ids.isEmpty() ? null : p.hmget(key, ids.toArray(String[]::new)));
        Map<String, JobState> states = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            requireJob(id, ids.get(i), read.size());
            String json = read.value().get(i);
            states.put(ids.get(i), json == null ? SnapshotFormat.pendingJob() : job(key, ids.get(i), json));
        }
        return Collections.unmodifiableMap(states);
    }

    /** (finished jobs, jobs in the definition): a job without a field is PENDING, so not finished. */
    @Override
    public Progress progress(String id) {
        requireId(id, "progress");
        String key = format.jobs(id);
        Sized<Map<String, String>> read = sized(id, p -> p.hgetAll(key));
        long finished = 0;
        for (Map.Entry<String, String> e : read.value().entrySet()) {
            jobIndex(key, e.getKey(), read.size());
            if (job(key, e.getKey(), e.getValue()).isFinished()) {
                finished++;
            }
        }
        return new Progress(finished, read.size());
    }

    @Override
    public Map<String, List<Object>> outputs(String id) {
        Map<String, List<Object>> outputs = new TreeMap<>();
        for (String output : workflow(id).outputs()) {
            String key = format.crumb(id, output);
            List<String> texts = client.lrange(key, 0, -1);
            if (texts.isEmpty()) {
                continue; // like the engine: an output no job has written yet is absent
            }
            List<Object> values = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                try {
                    values.add(Json.read(texts.get(i)));
                } catch (RuntimeException e) {
                    throw new HymirException("Redis key '" + key + "' element " + i + " is not JSON: " + e.getMessage()
                            + "; value: " + excerpt(texts.get(i)), e);
                }
            }
            outputs.put(output, Collections.unmodifiableList(values));
        }
        return Collections.unmodifiableMap(outputs);
    }

    /** Polls Redis until the workflow's state is finished. */
    @Override
    public WorkflowState await(String id) {
        requireId(id, "await");
        return poll(id, Long.MAX_VALUE);
    }

    /** Polls Redis until the workflow's state is finished or {@code timeout} passed; then returns the state. */
    @Override
    public WorkflowState await(String id, Duration timeout) {
        requireId(id, "await");
        if (timeout == null) {
            throw new IllegalArgumentException("RedisExecutor.await('" + id + "', null): timeout must not be null"
                    + " (await(id) waits without one)");
        }
        long nanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        return poll(id, nanos);
    }

    private WorkflowState poll(String id, long timeoutNanos) {
        long start = System.nanoTime();
        while (true) {
            WorkflowState state = workflowState(id);
            if (state.isFinished() || System.nanoTime() - start >= timeoutNanos) {
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

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Completes once {@link #await(String)} returns, polling on a virtual thread. */
    public CompletableFuture<WorkflowState> completion(String id) {
        requireId(id, "completion");
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

    /** What STRLEN reports for {@code s}, without encoding it (a definition can be 100 MB). */
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** A field of a {@code :jobs} hash read as a job id ("1" .. size). */
    private static int jobIndex(String key, String field, int size) {
        int index = Workflow.parseIndex(field, Integer.MAX_VALUE);
        if (index < 0) {
            throw new HymirException("Redis key '" + key + "' has field '" + excerpt(field)
                    + "', which is not a job id (\"1\", \"2\", ...): the hash was not written by Hymir");
        }
        if (index >= size) {
            throw new HymirException("Redis key '" + key + "' has field '" + excerpt(field) + "', but the workflow's"
                    + " definition has jobs 1.." + size + ": the hash was not written for this definition");
        }
        return index + 1;
    }

    private static void requireJob(String id, String jobId, int size) {
        if (Workflow.parseIndex(jobId, size) < 0) {
            throw new JobDoesNotExist(jobId, "workflow '" + id + "' in Redis has jobs 1.." + size);
        }
    }

    /** A value of a {@code :jobs} hash read as a JobState; anything else names the key and the field. */
    private static JobState job(String key, String field, String json) {
        JobState plain = SnapshotFormat.plainJob(json); // nearly every value: no JSON parse
        if (plain != null) {
            return plain;
        }
        try {
            return SnapshotFormat.readJob(json);
        } catch (RuntimeException e) {
            throw new HymirException("Redis key '" + key + "' field '" + excerpt(field) + "' holds no Hymir job state"
                    + " (expected {\"status\": N, \"retries\": n, \"context\": {...}, \"exception\": ...} with N 0..3): "
                    + e.getMessage() + "; value: " + excerpt(json), e);
        }
    }

    private static HymirException missing(String id, String key, String what) {
        return new HymirException("workflow '" + id + "' has a state in Redis but no " + what + ": key '" + key
                + "' is missing (partly deleted, or written by something other than Hymir)");
    }

    /** At most 100 characters of a foreign value, for a message. */
    private static String excerpt(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "... (" + value.length() + " chars)";
    }

    private static void requireId(String id, String method) {
        if (id == null) {
            throw new IllegalArgumentException("RedisExecutor." + method + "(null): id must not be null");
        }
    }
}
