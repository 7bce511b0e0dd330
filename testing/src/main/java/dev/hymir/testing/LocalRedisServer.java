package dev.hymir.testing;

import redis.clients.jedis.RedisClient;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} child process for tests and benchmarks of code that uses a
 * {@link dev.hymir.RedisStateStore}: bound to 127.0.0.1 on a free port, no persistence. It is
 * stopped (or killed, to test an outage) through its own process handle only, never by name.
 *
 * <pre>{@code
 * try (LocalRedisServer redis = LocalRedisServer.start()) {
 *     HymirEngine engine = HymirEngine.builder().stateStore(RedisStateStore.connect(redis.url())).build();
 * }
 * }</pre>
 *
 * Needs {@code redis-server} on the PATH or in /usr/bin ({@code apt-get install redis-server}).
 */
public final class LocalRedisServer implements AutoCloseable {
    private final Path binary;
    private final int port;
    private Process process;

    private LocalRedisServer(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** Starts a server and returns once it answers PING. */
    public static LocalRedisServer start() {
        LocalRedisServer server = new LocalRedisServer(findBinary(), unusedLoopbackPort());
        server.launch();
        return server;
    }

    /** Whether {@code redis-server} can be found, for tests and benchmarks that skip without it. */
    public static boolean isInstalled() {
        return binaryOrNull() != null;
    }

    /** A loopback port nothing listens on (bound, then released): for "unreachable server" cases. */
    public static int unusedLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}: what {@code RedisStateStore.connect} and {@code RedisExecutor.connect} take. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Like a crash: SIGKILL, nothing saved. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Starts a new server process on the same port, empty (nothing was persisted). */
    public void restart() {
        launch();
    }

    /** Stops the server (SIGTERM) and waits for it to exit. Idempotent. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    @Override
    public String toString() {
        return "LocalRedisServer(" + url() + ")";
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping redis-server", e);
        }
    }

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        // Wait until PING answers (each try is a fresh connection; the server needs a few ms to bind).
        for (int attempt = 0; ; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue()
                        + " (port " + port + " taken?): " + String.join(" ", cmd));
            }
            try (RedisClient c = RedisClient.create("127.0.0.1", port)) {
                if ("PONG".equals(c.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                if (attempt > 500) {
                    close();
                    throw new IllegalStateException("redis-server on port " + port + " does not answer PING", notYet);
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Path findBinary() {
        Path p = binaryOrNull();
        if (p == null) {
            throw new IllegalStateException("redis-server not found on PATH or in /usr/bin:"
                    + " install it (apt-get install redis-server)");
        }
        return p;
    }

    private static Path binaryOrNull() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "redis-server");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        Path usr = Path.of("/usr/bin/redis-server");
        return Files.isExecutable(usr) ? usr : null;
    }
}
