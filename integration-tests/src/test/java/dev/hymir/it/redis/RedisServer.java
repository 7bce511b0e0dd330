package dev.hymir.it.redis;

import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} child process for one test class: loopback only, no persistence, on
 * a free port. Stopped (and killed, for outage tests) through its own {@link Process} handle only.
 */
final class RedisServer implements AutoCloseable {
    private final Path binary;
    private final int port;
    private Process process;

    private RedisServer(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    static RedisServer start() {
        RedisServer server = new RedisServer(findBinary(), freePort());
        server.launch();
        return server;
    }

    int port() {
        return port;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A plain client (default user, no password) for the test's own checks. */
    RedisClient client() {
        return RedisClient.create("127.0.0.1", port);
    }

    /** Like a crash: SIGKILL, nothing saved. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Starts a new server process on the same port (empty: nothing was persisted). */
    void restart() {
        launch();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
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
            try (RedisClient c = client()) {
                if ("PONG".equals(c.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                if (attempt > 500) {
                    throw new IllegalStateException("redis-server on port " + port + " does not answer PING", notYet);
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Path findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path usr = Path.of("/usr/bin/redis-server");
        if (Files.isExecutable(usr)) {
            return usr;
        }
        throw new IllegalStateException("redis-server not found on PATH or in /usr/bin:"
                + " install redis-server (apt-get install redis-server)");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
