package dev.hymir.dashboard;

import com.sun.net.httpserver.HttpServer;
import dev.hymir.HymirException;
import dev.hymir.WorkflowExecutor;
import dev.hymir.WorkflowReader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A web page of live workflows over any {@link WorkflowReader}: an engine in the same JVM, or a
 * {@code RedisExecutor} reading the snapshots of engines elsewhere (Python Hymir's included).
 * It serves the list of workflows, one page per workflow (progress, its graph coloured by state,
 * the failed jobs, a job table), and the same data as JSON under {@code /api/}; a running workflow's
 * page updates itself through server-sent events. Everything it serves ships in this jar.
 *
 * <pre>{@code
 * try (HymirDashboard dashboard = HymirDashboard.builder().reader(engine).port(8080).build()) {
 *     dashboard.start();
 *     System.out.println("dashboard: " + dashboard.url());
 *     ...
 * }
 * }</pre>
 *
 * <p>It binds 127.0.0.1 unless told otherwise ({@link Builder#bind}) and is read-only unless
 * {@link Builder#allowCancel} gives it an executor to cancel through. It never closes the reader.
 * Runs on the JDK's own HTTP server ({@code com.sun.net.httpserver}) with one virtual thread per
 * request, so embedding it adds no web framework to an application.
 */
public final class HymirDashboard implements AutoCloseable {
    private final WorkflowReader reader;
    private final WorkflowExecutor canceller;
    private final int requestedPort;
    private final Duration updateInterval;
    private final InetAddress address;
    private final Object lock = new Object();
    private HttpServer server;
    private ExecutorService threads;
    private Routes routes;
    private boolean closed;

    private HymirDashboard(Builder b, InetAddress address) {
        this.reader = b.reader;
        this.canceller = b.canceller;
        this.requestedPort = b.port;
        this.updateInterval = b.updateInterval;
        this.address = address;
    }

    /** A builder; {@link Builder#reader} is the one required setting. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving. Returns once the port is bound.
     *
     * @throws HymirException        if the address cannot be bound (port in use, address not local)
     * @throws IllegalStateException if already started or closed
     */
    public HymirDashboard start() {
        synchronized (lock) {
            if (closed || server != null) {
                throw new IllegalStateException("HymirDashboard: start() may be called once, before close()");
            }
            HttpServer s;
            try {
                s = HttpServer.create(new InetSocketAddress(address, requestedPort), 0);
            } catch (IOException e) {
                throw new HymirException("HymirDashboard cannot listen on " + address.getHostAddress() + ":"
                        + requestedPort + " (" + e.getMessage() + "): pick a free port, or port 0 for any", e);
            }
            threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hymir-dashboard-", 0).factory());
            routes = new Routes(new WorkflowCache(reader, updateInterval), canceller, updateInterval,
                    address.isLoopbackAddress(), describe(reader));
            s.createContext("/", routes::handle);
            s.setExecutor(threads);
            s.start();
            server = s;
            return this;
        }
    }

    /** Where the dashboard is served, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException("HymirDashboard: url() is known once start() has returned");
            }
            InetSocketAddress bound = server.getAddress();
            String host = bound.getAddress().getHostAddress();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            return "http://" + host + ":" + bound.getPort() + "/";
        }
    }

    /** The port the dashboard listens on (the one picked, if it was built with port 0). */
    public int port() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException("HymirDashboard: port() is known once start() has returned");
            }
            return server.getAddress().getPort();
        }
    }

    /** Ends the live streams and stops serving; the reader stays open. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (server != null) {
                routes.close();    // streams stop waiting and end their responses
                server.stop(0);
                threads.shutdownNow();
            }
        }
    }

    private static String describe(WorkflowReader reader) {
        String s = reader.toString();
        // Object.toString (class@hash) says nothing a user wants to read.
        return s.startsWith(reader.getClass().getName() + "@") ? reader.getClass().getSimpleName() : s;
    }

    /** Settings of a {@link HymirDashboard}; only the reader is required. */
    public static final class Builder {
        private WorkflowReader reader;
        private int port = 8080;
        private String bind = "127.0.0.1";
        private WorkflowExecutor canceller;
        private Duration updateInterval = Duration.ofMillis(500);

        private Builder() {
        }

        /** What the dashboard shows: an engine, a {@code RedisExecutor}, any reader. Required. */
        public Builder reader(WorkflowReader reader) {
            if (reader == null) {
                throw new IllegalArgumentException("HymirDashboard reader must not be null (an engine or a RedisExecutor)");
            }
            this.reader = reader;
            return this;
        }

        /** The TCP port; 0 picks a free one ({@link #port()} tells which). Default 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("HymirDashboard port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to listen on. Default {@code 127.0.0.1}: only this machine can see the page.
         * {@code 0.0.0.0} shows every workflow's names, arguments and exceptions to the network.
         */
        public Builder bind(String address) {
            if (address == null) {
                throw new IllegalArgumentException("HymirDashboard bind address must not be null (\"127.0.0.1\" by default)");
            }
            this.bind = address;
            return this;
        }

        /**
         * Shows a Cancel button (with a confirmation) and accepts {@code POST /api/workflows/{id}/cancel},
         * cancelling through {@code executor}. {@code null} (the default) keeps the dashboard read-only.
         */
        public Builder allowCancel(WorkflowExecutor executor) {
            this.canceller = executor;
            return this;
        }

        /** How often live pages are refreshed. Default 500 ms; between 50 ms and 1 minute. */
        public Builder updateInterval(Duration interval) {
            if (interval == null) {
                throw new IllegalArgumentException("HymirDashboard updateInterval must not be null (500 ms by default)");
            }
            if (interval.compareTo(Duration.ofMillis(50)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("HymirDashboard updateInterval must be between 50 ms and 1 minute, was "
                        + interval);
            }
            this.updateInterval = interval;
            return this;
        }

        /**
         * A dashboard not yet serving: call {@link HymirDashboard#start()}.
         *
         * @throws IllegalStateException    if no reader was given
         * @throws IllegalArgumentException if the bind address is not an IP address or resolvable name
         */
        public HymirDashboard build() {
            if (reader == null) {
                throw new IllegalStateException("HymirDashboard.builder(): reader(...) is required (an engine or a RedisExecutor)");
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("HymirDashboard bind address '" + bind
                        + "' is not an IP address or a known host name", e);
            }
            return new HymirDashboard(this, address);
        }
    }
}
