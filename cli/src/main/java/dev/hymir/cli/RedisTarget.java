package dev.hymir.cli;

import dev.hymir.HymirException;
import dev.hymir.HymirWorker;
import dev.hymir.RedisWorkers;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.internal.redis.RedisUrl;
import picocli.CommandLine;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A Redis URL from {@code --redis URL}, else from the environment variable {@code HYMIR_REDIS_URL}
 * (so a password need not appear on the command line, where {@code ps} shows it): checked when the
 * command starts (a malformed URL is a usage error), and connected with failures turned into one line
 * saying what to do. Only the masked form is ever printed.
 */
final class RedisTarget {
    private final String url;
    private final String masked;
    private final boolean fromEnvironment;

    private RedisTarget(String url, String masked, boolean fromEnvironment) {
        this.url = url;
        this.masked = masked;
        this.fromEnvironment = fromEnvironment;
    }

    /**
     * The target of {@code option} (the {@code --redis} value, or null when absent), else of
     * {@code HYMIR_REDIS_URL} in {@code env}; null when neither is set and it is not {@code required}.
     */
    static RedisTarget resolve(CommandLine cmd, String option, Map<String, String> env, boolean required) {
        String variable = HymirCli.REDIS_URL_VARIABLE;
        String fromEnv = env.get(variable);
        boolean useEnv = option == null && fromEnv != null && !fromEnv.isBlank();
        String url = option != null ? option : useEnv ? fromEnv.strip() : null;
        if (url == null) {
            if (required) {
                throw new CommandLine.ParameterException(cmd, "a Redis URL is required: pass --redis URL, or set "
                        + variable + " (which keeps a password out of ps)");
            }
            return null;
        }
        try {
            RedisUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, (useEnv ? variable : "--redis") + ": "
                    + Errors.firstLine(e.getMessage()));
        }
        return new RedisTarget(url, RedisUrl.mask(url), useEnv);
    }

    /** The URL with its password replaced by {@code ***}. */
    String masked() {
        return masked;
    }

    /** How a later command gets the same URL: {@code --redis <masked>}, or the variable it came from. */
    String howToPassAgain() {
        return fromEnvironment ? "(with " + HymirCli.REDIS_URL_VARIABLE + " set)" : "--redis " + masked;
    }

    RedisExecutor openExecutor(String keyPrefix) {
        return connect(() -> RedisExecutor.connect(url, keyPrefix));
    }

    RedisStateStore openStore() {
        return connect(() -> RedisStateStore.connect(url));
    }

    /** A coordinator handing jobs to workers through this Redis, named {@code name} ({@link Dispatch#coordinatorName}). */
    RedisWorkers openWorkers(String name) {
        try {
            return connect(() -> RedisWorkers.connect(url, RedisWorkers.Options.builder().name(name).build()));
        } catch (UserError e) {
            if (e.getCause() != null && String.valueOf(e.getCause().getMessage()).startsWith("another coordinator named")) {
                throw new UserError("another hymir process with the same journal directory (coordinator name '" + name
                        + "') sends jobs to the workers on " + masked + ": stop it, or use another journal directory", e.getCause());
            }
            throw e;
        }
    }

    /** Builds a worker on this Redis from {@code builder} (the rest of its settings made). */
    HymirWorker openWorker(HymirWorker.Builder builder) {
        return connect(() -> builder.redis(url).build());
    }

    private <T> T connect(Supplier<T> connect) {
        try {
            return connect.get();
        } catch (HymirException e) {
            // "cannot connect to Redis at redis://...: <cause>" (password already masked by the engine)
            String what = Errors.firstLine(e.getMessage());
            what = what.endsWith(".") ? what.substring(0, what.length() - 1) : what;
            throw new UserError(what + ": start redis-server there, or check the"
                    + (fromEnvironment ? " " + HymirCli.REDIS_URL_VARIABLE : " --redis") + " URL's host, port, user and password", e);
        }
    }
}
