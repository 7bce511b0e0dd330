package dev.hymir.dashboard;

import com.sun.net.httpserver.HttpExchange;
import dev.hymir.JobDoesNotExist;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every URL the dashboard answers, and the rules every answer follows: JSON errors with a message
 * under {@code /api/}, security headers on everything (no inline script may run, nothing is
 * framed, nothing is sniffed), and, when bound to loopback, only requests addressed to a loopback
 * host name (a page on another site that rebinds its DNS name to 127.0.0.1 gets nothing).
 *
 * <pre>{@code
 * GET  /                                   the workflows page
 * GET  /workflows/{id}                     one workflow's page
 * GET  /static/{file}                      the pages' CSS and JS (in this jar)
 * GET  /api/info                           what the dashboard reads, whether it may cancel
 * GET  /api/workflows?status=&offset=&limit=
 * GET  /api/workflows/{id}                 summary + per-box state counts
 * GET  /api/workflows/{id}/graph           the diagram with its layout
 * GET  /api/workflows/{id}/jobs?status=&box=&offset=&limit=
 * GET  /api/workflows/{id}/jobs/{jobId}    one job with its full exception
 * POST /api/workflows/{id}/cancel          only with allowCancel
 * GET  /api/stream/workflows?status=&offset=&limit=   server-sent events of the list
 * GET  /api/stream/workflows/{id}          server-sent events of one workflow
 * }</pre>
 */
final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(HymirDashboard.class);

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** The header a cancel request must carry: a form or plain request from another site cannot set it. */
    static final String CANCEL_HEADER = "X-Hymir-Dashboard";

    private static final Map<String, String> STATIC_TYPES = Map.of(
            "dashboard.css", "text/css; charset=utf-8",
            "common.js", "text/javascript; charset=utf-8",
            "list.js", "text/javascript; charset=utf-8",
            "workflow.js", "text/javascript; charset=utf-8",
            "graph.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Api api;
    private final Streams streams;
    private final boolean loopbackOnly;

    Routes(WorkflowCache cache, WorkflowExecutor canceller, Duration interval, boolean loopbackOnly, String source) {
        this.api = new Api(cache, canceller, source);
        this.streams = new Streams(api, interval);
        this.loopbackOnly = loopbackOnly;
    }

    void close() {
        streams.close();
    }

    /** The HttpServer's handler for every request. */
    void handle(HttpExchange exchange) {
        try (exchange) {
            securityHeaders(exchange);
            String path = exchange.getRequestURI().getRawPath();
            try {
                if (loopbackOnly && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                    throw new HttpError(421, "this dashboard answers requests addressed to 127.0.0.1 or localhost"
                            + " only (Host was '" + exchange.getRequestHeaders().getFirst("Host") + "')");
                }
                route(exchange, path);
            } catch (HttpError e) {
                sendError(exchange, path, e.status, e.getMessage());
            } catch (WorkflowDoesNotExist | JobDoesNotExist e) {
                sendError(exchange, path, 404, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("dashboard: {} {} failed", exchange.getRequestMethod(), path, e);
                sendError(exchange, path, 500, "cannot read " + api.source() + ": " + e);
            }
        } catch (IOException e) {
            // The browser went away mid-answer: nothing to tell anyone.
            LOG.debug("dashboard: answer not delivered", e);
        }
    }

    private void route(HttpExchange exchange, String rawPath) throws IOException {
        List<String> parts = segments(rawPath);
        String method = exchange.getRequestMethod();
        Query query = Query.of(exchange.getRequestURI());
        if (parts.isEmpty()) {
            requireGet(method);
            sendResource(exchange, "list.html", "text/html; charset=utf-8");
            return;
        }
        switch (parts.getFirst()) {
            case "workflows" -> {
                requireGet(method);
                if (parts.size() != 2) {
                    throw new HttpError(404, "no page " + rawPath);
                }
                sendResource(exchange, "workflow.html", "text/html; charset=utf-8");
            }
            case "static" -> {
                requireGet(method);
                String type = parts.size() == 2 ? STATIC_TYPES.get(parts.get(1)) : null;
                if (type == null) {
                    throw new HttpError(404, "no file " + rawPath);
                }
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                sendResource(exchange, parts.get(1), type);
            }
            case "api" -> routeApi(exchange, method, parts.subList(1, parts.size()), query, rawPath);
            default -> throw new HttpError(404, "no page " + rawPath);
        }
    }

    private void routeApi(HttpExchange exchange, String method, List<String> p, Query query, String rawPath)
            throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        int n = p.size();
        if (n == 1 && p.get(0).equals("info")) {
            requireGet(method);
            sendJson(exchange, 200, Json.bytes(api.info()));
        } else if (n == 1 && p.get(0).equals("workflows")) {
            requireGet(method);
            sendJson(exchange, 200, Json.bytes(api.list(Api.ListQuery.of(query))));
        } else if (n == 2 && p.get(0).equals("workflows")) {
            requireGet(method);
            query.expectOnly();
            sendJson(exchange, 200, Json.bytes(api.workflow(p.get(1))));
        } else if (n == 3 && p.get(0).equals("workflows") && p.get(2).equals("graph")) {
            requireGet(method);
            query.expectOnly();
            sendJson(exchange, 200, api.graph(p.get(1)));
        } else if (n == 3 && p.get(0).equals("workflows") && p.get(2).equals("jobs")) {
            requireGet(method);
            sendJson(exchange, 200, Json.bytes(api.jobs(p.get(1), Api.JobQuery.of(query))));
        } else if (n == 4 && p.get(0).equals("workflows") && p.get(2).equals("jobs")) {
            requireGet(method);
            query.expectOnly();
            sendJson(exchange, 200, Json.bytes(api.job(p.get(1), p.get(3))));
        } else if (n == 3 && p.get(0).equals("workflows") && p.get(2).equals("cancel")) {
            if (!method.equals("POST")) {
                throw new HttpError(405, "cancel takes POST, not " + method);
            }
            checkCancelRequest(exchange);
            sendJson(exchange, 202, Json.bytes(api.cancel(p.get(1))));
        } else if (n == 2 && p.get(0).equals("stream") && p.get(1).equals("workflows")) {
            requireStreamGet(method);
            streams.list(exchange, Api.ListQuery.of(query));
        } else if (n == 3 && p.get(0).equals("stream") && p.get(1).equals("workflows")) {
            requireStreamGet(method);
            query.expectOnly();
            streams.workflow(exchange, p.get(2));
        } else {
            throw new HttpError(404, "no API endpoint " + method + " " + rawPath);
        }
    }

    /**
     * A cancel must come from the dashboard's own page: it carries {@link #CANCEL_HEADER} (another
     * site's page cannot add it without a CORS preflight, which is never granted) and, if the browser
     * says where it comes from, that is this dashboard.
     */
    private static void checkCancelRequest(HttpExchange exchange) {
        if (exchange.getRequestHeaders().getFirst(CANCEL_HEADER) == null) {
            throw new HttpError(403, "a cancel request must carry the header " + CANCEL_HEADER
                    + " (the dashboard page sends it; other sites cannot)");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && !origin.equals("http://" + host)) {
            throw new HttpError(403, "a cancel request from origin '" + origin + "' is refused: only the dashboard's"
                    + " own page (http://" + host + ") may cancel");
        }
    }

    private static void requireGet(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HttpError(405, "only GET here, not " + method);
        }
    }

    private static void requireStreamGet(String method) {
        if (!method.equals("GET")) {
            throw new HttpError(405, "an event stream takes GET, not " + method);
        }
    }

    /** The path's segments, percent-decoded; a dot segment or an encoded slash is not allowed. */
    static List<String> segments(String rawPath) {
        List<String> parts = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            if (raw.contains("%2F") || raw.contains("%2f")) {
                throw new HttpError(404, "no page " + rawPath);
            }
            String part;
            try {
                part = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "malformed path " + rawPath + ": " + e.getMessage());
            }
            if (part.equals(".") || part.equals("..")) {
                throw new HttpError(404, "no page " + rawPath);
            }
            parts.add(part);
        }
        return parts;
    }

    /** Host header names a loopback host: localhost, 127.x.y.z or [::1], with any port. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && name.substring(1, end).equals("::1");
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static void securityHeaders(HttpExchange exchange) {
        var h = exchange.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
    }

    private static void sendResource(HttpExchange exchange, String name, String type) throws IOException {
        byte[] body;
        try (InputStream in = Routes.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new HttpError(500, "the dashboard jar lacks static/" + name);
            }
            body = in.readAllBytes();
        }
        send(exchange, 200, type, body);
    }

    static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", body);
    }

    private static void sendError(HttpExchange exchange, String path, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (path.startsWith("/api/") || path.equals("/api")) {
            sendJson(exchange, status, Json.bytes(Map.of("status", status, "error", message)));
        } else {
            send(exchange, status, "text/plain; charset=utf-8", (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A request the dashboard answers with this status and message (JSON under /api/). */
    static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The query string's parameters; each may appear once. */
    static final class Query {
        private final Map<String, String> values;
        private final List<String> used = new ArrayList<>();

        private Query(Map<String, String> values) {
            this.values = values;
        }

        static Query of(URI uri) {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            String raw = uri.getRawQuery();
            if (raw != null && !raw.isEmpty()) {
                for (String pair : raw.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    if (values.put(key, value) != null) {
                        throw new HttpError(400, "parameter '" + key + "' is given twice");
                    }
                }
            }
            return new Query(values);
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "malformed query string: " + e.getMessage());
            }
        }

        /** The value of {@code name}, or null when absent or empty. */
        String get(String name) {
            used.add(name);
            String v = values.get(name);
            return v == null || v.isEmpty() ? null : v;
        }

        /** A whole number between min and max, {@code fallback} when absent. */
        int integer(String name, int fallback, int min, int max) {
            String v = get(name);
            if (v == null) {
                return fallback;
            }
            long parsed;
            try {
                parsed = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new HttpError(400, "parameter '" + name + "' must be a whole number between " + min + " and "
                        + max + ", was '" + v + "'");
            }
            if (parsed < min || parsed > max) {
                throw new HttpError(400, "parameter '" + name + "' must be between " + min + " and " + max
                        + ", was " + parsed);
            }
            return (int) parsed;
        }

        /** Fails on any parameter not read through {@link #get} (a misspelt filter must not be ignored). */
        void expectOnly() {
            for (String name : values.keySet()) {
                if (!used.contains(name)) {
                    throw new HttpError(400, "unknown parameter '" + name + "'"
                            + (used.isEmpty() ? " (this endpoint takes none)" : " (expected " + String.join(", ", used) + ")"));
                }
            }
        }
    }
}
