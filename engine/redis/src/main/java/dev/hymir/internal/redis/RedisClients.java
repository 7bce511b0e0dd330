package dev.hymir.internal.redis;

import dev.hymir.HymirException;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;

/** Opens a pooled Jedis client for a {@link RedisUrl} and checks it answers, failing fast and clearly. */
public final class RedisClients {
    /** Connecting to an unreachable host fails after this, never hangs. */
    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    /** Long enough for a round of snapshots (~65,000 fields), short enough to notice a dead server. */
    public static final int SOCKET_TIMEOUT_MILLIS = 10_000;

    private RedisClients() {
    }

    public static RedisClient open(RedisUrl url) {
        return open(url, SOCKET_TIMEOUT_MILLIS);
    }

    /** {@code socketTimeoutMillis}: how long a reply may take before the connection counts as failed. */
    public static RedisClient open(RedisUrl url, int socketTimeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(Math.min(CONNECT_TIMEOUT_MILLIS, socketTimeoutMillis))
                .socketTimeoutMillis(socketTimeoutMillis)
                .database(url.database())
                .ssl(url.tls())
                .clientName("hymir");
        if (url.user() != null) {
            config.user(url.user());
        }
        if (url.password() != null) {
            config.password(url.password());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(8);
        pool.setMaxWait(Duration.ofMillis(CONNECT_TIMEOUT_MILLIS)); // a borrow never blocks for long
        RedisClient client = RedisClient.builder()
                .hostAndPort(url.host(), url.port())
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        try {
            client.ping(); // connect, AUTH and SELECT now: a wrong password or host fails here, not later
            return client;
        } catch (JedisException e) {
            client.close();
            throw new HymirException("cannot connect to Redis at " + url + ": " + url.scrub(describe(e)));
        }
    }

    /** The server's run_id (new on every restart), "" if INFO does not say, or null if Redis does not answer. */
    static String runId(RedisClient client) {
        try {
            for (String line : client.info("server").split("\\r?\\n")) {
                if (line.startsWith("run_id:")) {
                    return line.substring("run_id:".length()).trim();
                }
            }
            return "";
        } catch (JedisException e) {
            return null;
        }
    }

    /** The longest value Redis accepts (proto-max-bulk-len), its default 512 MB if it does not say. */
    static long maxBulk(RedisClient client) {
        long fallback = 512L << 20;
        try {
            String value = client.configGet("proto-max-bulk-len").get("proto-max-bulk-len");
            return value == null ? fallback : Math.min(Long.parseLong(value), Integer.MAX_VALUE - 16);
        } catch (RuntimeException e) {
            return fallback; // CONFIG not allowed for this user, or Redis down: assume the default
        }
    }

    /** The messages of {@code e}'s cause chain, the password never included (Jedis' messages omit it). */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 500; t = t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return sb.toString();
    }
}
