package dev.hymir.bench;

import dev.hymir.HymirEngine;
import dev.hymir.JobState;
import dev.hymir.RedisStateStore;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.internal.redis.RedisClients;
import dev.hymir.internal.redis.RedisUrl;
import dev.hymir.internal.redis.SnapshotFormat;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code hymir-redis}: the {@code hymir} contender (same no-op job, same Workflow, no journal) with a
 * {@link RedisStateStore} writing every state change to Redis in Python Hymir's key layout. Timed as
 * {@code hymir}, plus connecting the store in {@code build()} and, before {@code await} returns, the
 * final state reaching Redis (the store guarantees that).
 *
 * <p>Each run gets a fresh key prefix ({@code hybench:<pid>-<run#>:}). After the run (not timed) the
 * engine is closed (pending writes flushed), then, on a separate control connection:
 * <ul>
 *   <li><b>redis bytes</b> = Redis {@code INFO memory used_memory} now minus before the run: all the
 *   run's keys ({@code :def}, {@code :state}, {@code :jobs}) and Redis' per-key overhead;</li>
 *   <li>it checks what was stored: {@code :state} is exactly {@code {"status": 3}} (SUCCESS) and the
 *   {@code :jobs} hash holds one SUCCESS value per job (a server-side count over {@code HVALS}),
 *   else the run fails: the contender cannot post a number for work Redis does not hold;</li>
 *   <li>it deletes every key under the prefix ({@code SCAN} + {@code DEL}, synchronous so the next
 *   run's baseline is not inflated by a background free): Redis memory does not grow across runs.</li>
 * </ul>
 * A run over {@link #CAP_SECONDS} is abandoned and recorded as {@code skipped: cap}.
 *
 * <p>{@code hymir-redis-compact} is the same with {@code compactDefinition(true)}: {@code <id>:def} in
 * Workflow's compact JSON (join nodes, not Python's M×N links between groups), which
 * {@code RedisExecutor} reads and Python Hymir does not.
 */
public final class HymirRedisContender implements Contender, AutoCloseable {
    static final String NAME = "hymir-redis";
    static final String COMPACT_NAME = "hymir-redis-compact";
    static final int CAP_SECONDS = 60;
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String COUNT_EQUAL_VALUES = """
            local n = 0
            for _, v in ipairs(redis.call('HVALS', KEYS[1])) do
              if v == ARGV[1] then n = n + 1 end
            end
            return n""";

    private final String url;
    private final String unavailable;
    private final boolean compact;
    private RedisClient control;
    private String prefix;
    private long usedBefore;

    /** {@code url} of the Redis to use, or null with the reason it is not available. */
    HymirRedisContender(String url, String unavailable, boolean compact) {
        this.compact = compact;
        this.url = url;
        this.unavailable = url == null ? (unavailable == null ? "no redis" : unavailable) : null;
    }

    @Override
    public String name() {
        return compact ? COMPACT_NAME : NAME;
    }

    @Override
    public int capSeconds() {
        return CAP_SECONDS;
    }

    @Override
    public String unavailable() {
        return unavailable;
    }

    @Override
    public void beforeRun() {
        if (control == null) {
            control = RedisClients.open(RedisUrl.parse(url));
        }
        prefix = "hybench:" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet() + ":";
        usedBefore = usedMemory();
    }

    @Override
    public Prepared prepare(Shape shape, ExecutionCounter counter) {
        Workflow wf = HymirContenders.workflowFor(shape, counter);
        String keys = prefix;
        long before = usedBefore;
        // await() waits for Redis for up to the run's cap: the time measured is the time until Redis holds it all.
        RedisStateStore store = RedisStateStore.connect(url, RedisStateStore.Options.builder().keyPrefix(keys)
                .finalFlushTimeout(Duration.ofSeconds(CAP_SECONDS)).compactDefinition(compact).build());
        HymirEngine engine = HymirEngine.builder().registry(HymirContenders.REGISTRY).stateStore(store).build();
        return new Prepared() {
            private String id;
            private Long bytes;

            @Override
            public void execute() {
                id = HymirContenders.runToSuccess(engine, wf, name(), shape);
            }

            @Override
            public boolean holdsStateAfterExecute() {
                return true;
            }

            @Override
            public void release() {
                try {
                    engine.close(); // flushes what is pending, closes the store's connections
                    bytes = usedMemory() - before;
                    verifyStored(new SnapshotFormat(keys), id, shape);
                } finally {
                    deleteKeys(keys);
                }
            }

            @Override
            public Long redisBytes() {
                return bytes;
            }

            @Override
            public void abandon() {
                try {
                    engine.close();
                } finally {
                    deleteKeys(keys);
                }
            }
        };
    }

    private void verifyStored(SnapshotFormat format, String id, Shape shape) {
        String state = control.get(format.state(id));
        String success = SnapshotFormat.workflowJson(new WorkflowState(WorkflowState.Status.SUCCESS));
        if (!success.equals(state)) {
            throw new IllegalStateException(name() + " on " + shape.name() + ": " + format.state(id) + " is " + state
                    + " in Redis, expected " + success);
        }
        String jobSuccess = SnapshotFormat.jobJson(new JobState(JobState.Status.SUCCESS, 0, Map.of(), null));
        long fields = control.hlen(format.jobs(id));
        long succeeded = (Long) control.eval(COUNT_EQUAL_VALUES, List.of(format.jobs(id)), List.of(jobSuccess));
        if (fields != shape.jobCount() || succeeded != shape.jobCount()) {
            throw new IllegalStateException(name() + " on " + shape.name() + ": " + format.jobs(id) + " holds " + fields
                    + " jobs, " + succeeded + " of them " + jobSuccess + "; expected " + shape.jobCount());
        }
    }

    private void deleteKeys(String keyPrefix) {
        ScanParams params = new ScanParams().match(keyPrefix + "*").count(1_000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = control.scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                control.del(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    /** {@code used_memory} from {@code INFO memory}: bytes Redis' allocator holds. */
    private long usedMemory() {
        for (String line : control.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory line");
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
            control = null;
        }
    }
}
