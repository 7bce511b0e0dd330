package dev.hymir.dashboard;

import com.sun.net.httpserver.HttpExchange;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Server-sent events: each open page gets the same JSON as the API whenever it changes, checked
 * once per update interval (reads go through the {@link WorkflowCache}, so many pages cost one read).
 * A stream holds no reader resource while it waits: it reads, writes, then sleeps. A comment line
 * every {@link #KEEP_ALIVE} finds browsers that went away. A workflow's stream ends with an
 * {@code end} event once the workflow has finished.
 */
final class Streams {
    private static final Logger LOG = LoggerFactory.getLogger(HymirDashboard.class);
    /** Open streams at once; more get 503 (each is a virtual thread and a socket, but not free). */
    static final int MAX_STREAMS = 64;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    private final Api api;
    private final long intervalNanos;
    private final Semaphore open = new Semaphore(MAX_STREAMS);
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** One event to send: its name, its JSON, and whether the stream ends after it. */
    private record Update(String event, String data, boolean last) {
    }

    Streams(Api api, Duration interval) {
        this.api = api;
        this.intervalNanos = interval.toNanos();
    }

    void list(HttpExchange exchange, Api.ListQuery query) throws IOException {
        run(exchange, () -> new Update("list", Json.text(api.list(query)), false));
    }

    void workflow(HttpExchange exchange, String id) throws IOException {
        api.workflow(id); // an unknown id is a 404 answer, not a stream
        run(exchange, () -> {
            Map<String, Object> w = api.workflow(id);
            boolean finished = ((WorkflowState.Status) w.get("status")).isFinished();
            return new Update("workflow", Json.text(w), finished);
        });
    }

    /** Ends every stream (the dashboard is closing). */
    void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }

    private void run(HttpExchange exchange, Supplier<Update> next) throws IOException {
        if (!open.tryAcquire()) {
            throw new Routes.HttpError(503, MAX_STREAMS + " live pages are open already: close some dashboard tabs");
        }
        threads.add(Thread.currentThread());
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            write(out, "retry: 2000\n\n");
            String last = null;
            long lastWrite = System.nanoTime();
            while (!closed) {
                Update update;
                try {
                    update = next.get();
                } catch (WorkflowDoesNotExist e) {
                    event(out, "gone", Json.text(Map.of("error", e.getMessage())));
                    return;
                } catch (RuntimeException e) {
                    LOG.debug("dashboard: stream update failed", e);
                    event(out, "problem", Json.text(Map.of("error", "cannot read " + api.source() + ": " + e)));
                    last = null; // whatever comes next is news: the page shows the problem until then
                    lastWrite = System.nanoTime();
                    if (!pause()) {
                        return;
                    }
                    continue;
                }
                if (!update.data.equals(last)) {
                    event(out, update.event, update.data);
                    last = update.data;
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > KEEP_ALIVE.toNanos()) {
                    write(out, ": keep-alive\n\n");
                    lastWrite = System.nanoTime();
                }
                if (update.last) {
                    event(out, "end", "{}");
                    return;
                }
                if (!pause()) {
                    return;
                }
            }
        } finally {
            threads.remove(Thread.currentThread());
            open.release();
        }
    }

    /** Sleeps one interval; false when interrupted (the dashboard is closing). */
    private boolean pause() {
        try {
            TimeUnit.NANOSECONDS.sleep(intervalNanos);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void event(OutputStream out, String name, String json) throws IOException {
        write(out, "event: " + name + "\ndata: " + json + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
