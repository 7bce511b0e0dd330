package dev.hymir.it.redis;

import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobFunction;
import dev.hymir.RedisStateStore;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.testing.LocalRedisServer;
import redis.clients.jedis.RedisClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures what Redis snapshots cost (not a test; numbers go to REDIS_README). Starts its own
 * redis-server (like the tests). Run from the repository root after
 * {@code mvn -q -pl engine,integration-tests -am test-compile}:
 *
 * <pre>
 * source bin/env.sh
 * mvn -q -pl integration-tests dependency:build-classpath -Dmdep.outputFile=/tmp/it.cp -Dmdep.includeScope=test
 * java -Xmx4g -cp integration-tests/target/test-classes:engine/target/classes:$(cat /tmp/it.cp) \
 *   dev.hymir.it.redis.RedisCost 1000000
 * </pre>
 *
 * For a fan-out of N no-op jobs: jobs/s with Redis off and on (best of 3 rounds each, alternating,
 * run() to await, which with Redis includes the final flush), and the Redis commands the run sent
 * (INFO commandstats before/after) per job state change (each job changes twice: STARTING, SUCCESS;
 * the initial PENDING of every job is written with the definition).
 */
public final class RedisCost {
    private RedisCost() {
    }

    @JobFunction
    public static void noop(int i) {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        List<Step> steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            steps.add(Job.of(RedisCost::noop).set(i));
        }
        Workflow wf = Workflow.of(Group.of(steps));
        try (LocalRedisServer server = LocalRedisServer.start(); RedisClient redis = RedisClient.create("127.0.0.1", server.port())) {
            double off = 0;
            double on = 0;
            Map<String, Long> commands = Map.of();
            for (int round = 0; round < 3; round++) {
                off = Math.max(off, run(wf, n, HymirEngine.builder(), null));
                redis.flushAll();
                Map<String, Long> before = commandStats(redis);
                on = Math.max(on, run(wf, n, HymirEngine.builder(), server.url()));
                commands = minus(commandStats(redis), before);
            }
            long total = commands.values().stream().mapToLong(Long::longValue).sum();
            long changes = 2L * n + 2;
            System.out.printf("%,d no-op jobs, fan-out: Redis off %,.0f jobs/s; Redis on %,.0f jobs/s (%.0f%%)%n",
                    n, off, on, 100 * on / off);
            System.out.printf("Redis commands in one run: %,d %s = %.5f per job state change (%,d changes)%n",
                    total, commands, (double) total / changes, changes);
        }
    }

    private static double run(Workflow wf, int n, HymirEngine.Builder builder, String url) {
        if (url != null) {
            builder.stateStore(RedisStateStore.connect(url));
        }
        try (HymirEngine engine = builder.build()) {
            long t0 = System.nanoTime();
            String id = engine.run(wf);
            engine.await(id);
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Calls per command since the server started (INFO commandstats), without INFO itself. */
    private static Map<String, Long> commandStats(RedisClient redis) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : redis.info("commandstats").split("\\r?\\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                int from = line.indexOf("calls=") + "calls=".length();
                calls.put(name, Long.parseLong(line.substring(from, line.indexOf(',', from))));
            }
        }
        calls.remove("info");
        return calls;
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long delta = v - before.getOrDefault(k, 0L);
            if (delta > 0) {
                d.put(k, delta);
            }
        });
        return d;
    }
}
