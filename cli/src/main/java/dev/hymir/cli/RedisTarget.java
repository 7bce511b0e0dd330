package dev.hymir.cli;

import dev.hymir.HymirException;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.internal.redis.RedisUrl;
import picocli.CommandLine;

import java.util.function.Supplier;

/**
 * A {@code --redis URL}: checked when the command starts (a malformed URL is a usage error), and
 * connected with failures turned into one line saying what to do. Only the masked form is printed.
 */
final class RedisTarget {
    private final String url;
    private final String masked;

    private RedisTarget(String url, String masked) {
        this.url = url;
        this.masked = masked;
    }

    static RedisTarget parse(CommandLine cmd, String url) {
        try {
            RedisUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--redis: " + Errors.firstLine(e.getMessage()));
        }
        return new RedisTarget(url, RedisUrl.mask(url));
    }

    /** The URL with its password replaced by {@code ***}. */
    String masked() {
        return masked;
    }

    RedisExecutor openExecutor(String keyPrefix) {
        return connect(() -> RedisExecutor.connect(url, keyPrefix));
    }

    RedisStateStore openStore() {
        return connect(() -> RedisStateStore.connect(url));
    }

    private static <T> T connect(Supplier<T> connect) {
        try {
            return connect.get();
        } catch (HymirException e) {
            // "cannot connect to Redis at redis://...: <cause>" (password already masked by the engine)
            String what = Errors.firstLine(e.getMessage());
            what = what.endsWith(".") ? what.substring(0, what.length() - 1) : what;
            throw new UserError(what + ": start redis-server there, or check the"
                    + " --redis URL's host, port, user and password", e);
        }
    }
}
