package dev.hymir.internal.workers;

import redis.clients.jedis.UnifiedJedis;

/**
 * Which incarnation of the Redis server we talk to: its {@code run_id} changes when it restarts. A
 * server restarted without persistence has lost every stream, so whoever notices a new run id acts on
 * it (the coordinator dispatches its attempts in flight again; a worker stops renewing leases that
 * no longer exist).
 */
final class RedisGeneration {
    private String runId;

    /** Reads the run id; true when it differs from the one seen before (false the first time). */
    boolean changed(UnifiedJedis redis) {
        String now = runIdOf(redis.info("server"));
        String before = runId;
        runId = now;
        return before != null && now != null && !before.equals(now);
    }

    static String runIdOf(String info) {
        int at = info.indexOf("run_id:");
        if (at < 0) {
            return null;
        }
        int end = at + 7;
        while (end < info.length() && !Character.isWhitespace(info.charAt(end))) {
            end++;
        }
        return info.substring(at + 7, end);
    }
}
