package dev.hymir.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hymir.HymirEngine;
import dev.hymir.WorkflowState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON API, over an engine in this JVM, through the JDK's HttpClient. */
class DashboardApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HymirEngine engine;
    private HymirDashboard dashboard;

    record Answer(int status, String contentType, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @BeforeEach
    void start() {
        engine = Fixtures.engine();
        dashboard = Fixtures.dashboard(engine, null);
    }

    @AfterEach
    void stop() {
        dashboard.close();
        engine.close();
    }

    private Answer get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dashboard.url()).resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    }

    private Answer post(String path, boolean withHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dashboard.url()).resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (withHeader) {
            b.header("X-Hymir-Dashboard", "cancel");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    }

    @Test
    void bindsLoopbackByDefaultAndSaysWhere() {
        assertThat(dashboard.url()).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(dashboard.port()).isPositive();
    }

    /** The README's embedding example, with port 0 for a free port. */
    @Test
    void readmeEmbeddingExampleServesItsEngine() throws Exception {
        try (HymirEngine engine = HymirEngine.builder().build();
             HymirDashboard dashboard = HymirDashboard.builder()
                     .reader(engine)
                     .port(0)
                     .allowCancel(engine)
                     .build().start()) {
            String id = engine.run(Fixtures.fanOut(2));
            engine.await(id);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/workflows/" + id))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.url()).startsWith("http://127.0.0.1:");
            assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("SUCCESS");
        }
    }

    @Test
    void workflowObjectHasIdStatusFinishedTotalFailed() throws Exception {
        String id = engine.run(Fixtures.failing("disk full"));
        engine.await(id);

        JsonNode w = get("/api/workflows/" + id).json();

        assertThat(w.get("id").asText()).isEqualTo(id);
        assertThat(w.get("status").asText()).isEqualTo("FAILURE");
        assertThat(w.get("total").asLong()).isEqualTo(3);
        assertThat(w.get("failed").asLong()).isEqualTo(1);
        assertThat(w.get("finished").asLong()).isEqualTo(w.get("succeeded").asLong() + 1);
        assertThat(w.get("cancellable").asBoolean()).isFalse();
    }

    @Test
    void listPagesAndFiltersByStatus() throws Exception {
        Set<String> succeeded = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            String id = engine.run(Fixtures.fanOut(3));
            engine.await(id);
            succeeded.add(id);
        }
        Set<String> failed = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String id = engine.run(Fixtures.failing("boom " + i));
            engine.await(id);
            failed.add(id);
        }

        JsonNode all = get("/api/workflows").json();
        assertThat(all.get("total").asInt()).isEqualTo(10);
        assertThat(all.get("counts").get("ALL").asInt()).isEqualTo(10);
        assertThat(all.get("counts").get("SUCCESS").asInt()).isEqualTo(7);
        assertThat(all.get("counts").get("FAILURE").asInt()).isEqualTo(3);
        assertThat(all.get("workflows")).hasSize(10);

        Set<String> paged = new HashSet<>();
        for (int offset = 0; offset < 10; offset += 4) {
            JsonNode page = get("/api/workflows?offset=" + offset + "&limit=4").json();
            assertThat(page.get("total").asInt()).isEqualTo(10);
            assertThat(page.get("workflows").size()).isEqualTo(Math.min(4, 10 - offset));
            page.get("workflows").forEach(w -> paged.add(w.get("id").asText()));
        }
        assertThat(paged).hasSize(10); // pages neither overlap nor skip

        JsonNode failures = get("/api/workflows?status=failure").json();
        assertThat(failures.get("total").asInt()).isEqualTo(3);
        List<String> ids = new ArrayList<>();
        failures.get("workflows").forEach(w -> {
            ids.add(w.get("id").asText());
            assertThat(w.get("status").asText()).isEqualTo("FAILURE");
            assertThat(w.get("failed").asInt()).isEqualTo(1);
            assertThat(w.get("total").asInt()).isEqualTo(3);
        });
        assertThat(ids).containsExactlyInAnyOrderElementsOf(failed);
        assertThat(get("/api/workflows?status=RUNNING").json().get("workflows")).isEmpty();
        assertThat(get("/api/workflows?offset=50").json().get("workflows")).isEmpty();
    }

    @Test
    void newestWorkflowsComeFirst() throws Exception {
        String first = engine.run(Fixtures.fanOut(1));
        engine.await(first);
        get("/api/workflows"); // the dashboard sees the first one
        Thread.sleep(150);     // past the listing's update interval
        String second = engine.run(Fixtures.fanOut(1));
        engine.await(second);

        JsonNode list = get("/api/workflows").json();

        assertThat(list.get("workflows").get(0).get("id").asText()).isEqualTo(second);
        assertThat(list.get("workflows").get(1).get("id").asText()).isEqualTo(first);
    }

    @Test
    void unknownIdsAre404WithAJsonMessage() throws Exception {
        Answer workflow = get("/api/workflows/no-such-id");
        assertThat(workflow.status()).isEqualTo(404);
        assertThat(workflow.contentType()).startsWith("application/json");
        assertThat(workflow.json().get("error").asText()).contains("no-such-id");

        assertThat(get("/api/workflows/no-such-id/jobs").status()).isEqualTo(404);
        assertThat(get("/api/workflows/no-such-id/graph").status()).isEqualTo(404);
        assertThat(get("/api/stream/workflows/no-such-id").status()).isEqualTo(404);

        String id = engine.run(Fixtures.fanOut(2));
        engine.await(id);
        Answer job = get("/api/workflows/" + id + "/jobs/99");
        assertThat(job.status()).isEqualTo(404);
        assertThat(job.json().get("error").asText()).contains("99");
        assertThat(get("/api/nothing").json().get("error").asText()).contains("/api/nothing");
    }

    @Test
    void badParametersAre400WithAJsonMessageNamingThem() throws Exception {
        String id = engine.run(Fixtures.fanOut(2));
        engine.await(id);

        assertThat(get("/api/workflows?limit=0").json().get("error").asText()).contains("'limit'", "between 1 and 500", "0");
        assertThat(get("/api/workflows?limit=501").status()).isEqualTo(400);
        assertThat(get("/api/workflows?offset=-1").status()).isEqualTo(400);
        assertThat(get("/api/workflows?offset=abc").json().get("error").asText()).contains("'offset'", "abc");
        Answer status = get("/api/workflows?status=DONE");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().get("error").asText()).contains("'status'", "DONE", "RUNNING", "CANCELLED");
        assertThat(get("/api/workflows?stauts=RUNNING").json().get("error").asText())
                .contains("unknown parameter 'stauts'");
        assertThat(get("/api/workflows?limit=1&limit=2").json().get("error").asText()).contains("twice");
        assertThat(get("/api/workflows/" + id + "/jobs?status=RUNNING").json().get("error").asText())
                .contains("PENDING", "STARTING", "SUCCESS", "FAILURE");
        assertThat(get("/api/workflows/" + id + "/jobs?box=99").json().get("error").asText()).contains("'box'", "99");
        assertThat(get("/api/workflows/" + id + "/jobs?box=99").status()).isEqualTo(400);
    }

    @Test
    void jobsPageFilterByStatusAndBox() throws Exception {
        String id = engine.run(Fixtures.failing("no disk"));
        engine.await(id);
        String big = engine.run(Fixtures.fanOut(120));
        engine.await(big);

        JsonNode failed = get("/api/workflows/" + id + "/jobs?status=FAILURE").json();
        assertThat(failed.get("total").asInt()).isEqualTo(1);
        JsonNode job = failed.get("jobs").get(0);
        assertThat(job.get("id").asText()).isEqualTo("3");
        assertThat(job.get("name").asText()).isEqualTo("dev.hymir.dashboard.DashJobs.fail");
        assertThat(job.get("args").asText()).isEqualTo("[\"no disk\"]");
        assertThat(job.get("exception").asText()).isEqualTo("java.lang.IllegalStateException: no disk");

        JsonNode page = get("/api/workflows/" + big + "/jobs?offset=100&limit=50").json();
        assertThat(page.get("total").asInt()).isEqualTo(122);
        assertThat(page.get("jobs")).hasSize(22);
        assertThat(page.get("jobs").get(0).get("id").asText()).isEqualTo("101");

        // The 120 like members are one box of the graph; the box filter lists them.
        JsonNode graph = get("/api/workflows/" + big + "/graph").json();
        assertThat(graph.get("boxes")).hasSize(3);
        assertThat(graph.get("boxes").get(1).get("lines").get(0).asText()).isEqualTo("Group \u00d7 120 of DashJobs.quick");
        assertThat(graph.get("boxes").get(1).get("jobs").asInt()).isEqualTo(120);
        JsonNode inBox = get("/api/workflows/" + big + "/jobs?box=1&limit=500").json();
        assertThat(inBox.get("total").asInt()).isEqualTo(120);
        assertThat(inBox.get("jobs").get(0).get("id").asText()).isEqualTo("2");

        JsonNode w = get("/api/workflows/" + big).json();
        assertThat(w.get("boxCounts")).extracting(JsonNode::asInt).containsExactly(0, 0, 1, 0, 0, 0, 120, 0, 0, 0, 1, 0);
    }

    @Test
    void oneJobHasItsFullException() throws Exception {
        String id = engine.run(Fixtures.failing("no disk"));
        engine.await(id);

        JsonNode job = get("/api/workflows/" + id + "/jobs/3").json();

        assertThat(job.get("status").asText()).isEqualTo("FAILURE");
        assertThat(job.get("exception").asText()).startsWith("java.lang.IllegalStateException: no disk")
                .contains("\tat dev.hymir.dashboard.DashJobs.fail(");
        assertThat(get("/api/workflows/" + id + "/jobs/1").json().get("exception").isNull()).isTrue();
    }

    @Test
    void cancelIsRefusedWhenReadOnly() throws Exception {
        String gate = "readonly-" + System.nanoTime();
        String id = engine.run(Fixtures.gatedFanOut(gate, 2));

        Answer refused = post("/api/workflows/" + id + "/cancel", true);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).contains("read-only", "allowCancel");
        assertThat(get("/api/info").json().get("cancel").asBoolean()).isFalse();
        assertThat(engine.workflowState(id).isFinished()).isFalse();

        DashJobs.gate(gate).release(2);
        assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
    }

    @Test
    void cancelWithAllowCancelEndsTheWorkflowCancelled() throws Exception {
        dashboard.close();
        dashboard = Fixtures.dashboard(engine, engine);
        String gate = "cancel-" + System.nanoTime();
        String id = engine.run(Fixtures.gatedFanOut(gate, 2));
        assertThat(get("/api/info").json().get("cancel").asBoolean()).isTrue();
        assertThat(get("/api/workflows/" + id).json().get("cancellable").asBoolean()).isTrue();

        Answer withoutHeader = post("/api/workflows/" + id + "/cancel", false);
        assertThat(withoutHeader.status()).isEqualTo(403);
        assertThat(withoutHeader.json().get("error").asText()).contains("X-Hymir-Dashboard");
        assertThat(get("/api/workflows/" + id + "/cancel").status()).isEqualTo(405);
        assertThat(engine.workflowState(id).isFinished()).isFalse();

        Answer cancelled = post("/api/workflows/" + id + "/cancel", true);
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(engine.await(id, Duration.ofSeconds(10)).status()).isEqualTo(WorkflowState.Status.CANCELLED);

        Answer again = post("/api/workflows/" + id + "/cancel", true);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).contains("already finished", "CANCELLED");
        assertThat(post("/api/workflows/nope/cancel", true).status()).isEqualTo(404);
    }

    @Test
    void workflowStreamSendsUpdatesAndEndsOnceFinished() throws Exception {
        String gate = "stream-" + System.nanoTime();
        String id = engine.run(Fixtures.gatedFanOut(gate, 4));
        HttpRequest request = HttpRequest.newBuilder(URI.create(dashboard.url()).resolve("/api/stream/workflows/" + id)).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");

        List<Long> finished = new ArrayList<>();
        String lastStatus = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && "workflow".equals(event)) {
                    JsonNode w = JSON.readTree(line.substring(6));
                    finished.add(w.get("finished").asLong());
                    lastStatus = w.get("status").asText();
                    if (finished.size() == 1) {
                        DashJobs.gate(gate).release(4); // the first update came while jobs were waiting
                    }
                } else if (line.startsWith("data: ") && "end".equals(event)) {
                    break;
                }
            }
        }
        assertThat(finished.getFirst()).isEqualTo(1); // the root, then the gated members wait
        assertThat(finished.getLast()).isEqualTo(6);
        assertThat(finished).isSorted();
        assertThat(lastStatus).isEqualTo("SUCCESS");
    }

    @Test
    void listStreamSendsTheListAgainWhenItChanges() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(dashboard.url()).resolve("/api/stream/workflows?limit=5")).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode first = nextData(in);
            assertThat(first.get("total").asInt()).isZero();
            String id = engine.run(Fixtures.fanOut(2));
            JsonNode next = nextData(in);
            assertThat(next.get("workflows").get(0).get("id").asText()).isEqualTo(id);
        }
    }

    private static JsonNode nextData(BufferedReader in) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("data: ")) {
                return JSON.readTree(line.substring(6));
            }
        }
        throw new AssertionError("stream ended");
    }

    @Test
    void everyAnswerCarriesSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/api/workflows", "/static/list.js", "/api/nothing")) {
            HttpResponse<String> r = get(path).response();
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(Routes.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
    }

    @Test
    void pagesAndAssetsAreServedFromTheJar() throws Exception {
        assertThat(get("/").body()).contains("<title>Workflows", "/static/list.js");
        assertThat(get("/workflows/anything").body()).contains("/static/workflow.js", "/static/graph.js");
        for (String file : List.of("dashboard.css", "common.js", "list.js", "workflow.js", "graph.js", "favicon.svg")) {
            Answer a = get("/static/" + file);
            assertThat(a.status()).as(file).isEqualTo(200);
            assertThat(a.body()).as(file).isNotBlank();
        }
        assertThat(get("/static/../HymirDashboard.class").status()).isEqualTo(404);
        assertThat(get("/static/missing.js").status()).isEqualTo(404);
    }

    /** A page elsewhere whose DNS name points at 127.0.0.1 must not read the dashboard. */
    @Test
    void requestsForAnotherHostAreRefusedOnLoopback() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), dashboard.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/workflows HTTP/1.1\r\nHost: attacker.example:" + dashboard.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 421").contains("attacker.example");
        }
        assertThat(Routes.loopbackHost("localhost:8080")).isTrue();
        assertThat(Routes.loopbackHost("127.0.0.1")).isTrue();
        assertThat(Routes.loopbackHost("[::1]:80")).isTrue();
        assertThat(Routes.loopbackHost("127.0.0.1.attacker.example")).isFalse();
        assertThat(Routes.loopbackHost(null)).isFalse();
    }

    @Test
    void builderChecksItsSettings() {
        assertThatThrownBy(() -> HymirDashboard.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reader");
        assertThatThrownBy(() -> HymirDashboard.builder().port(70000)).hasMessageContaining("70000");
        assertThatThrownBy(() -> HymirDashboard.builder().reader(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reader");
        assertThatThrownBy(() -> HymirDashboard.builder().bind(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bind");
        assertThatThrownBy(() -> HymirDashboard.builder().updateInterval(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("updateInterval");
        assertThatThrownBy(() -> HymirDashboard.builder().updateInterval(Duration.ofMillis(1))).hasMessageContaining("50 ms");
        assertThatThrownBy(() -> HymirDashboard.builder().reader(engine).bind("no-such-host.invalid").build())
                .hasMessageContaining("no-such-host.invalid");
        int taken = dashboard.port();
        assertThatThrownBy(() -> HymirDashboard.builder().reader(engine).port(taken).build().start())
                .hasMessageContaining(":" + taken).hasMessageContaining("free port");
    }

    @Test
    void closeEndsOpenStreams() throws Exception {
        String gate = "close-" + System.nanoTime();
        String id = engine.run(Fixtures.gatedFanOut(gate, 1));
        HttpRequest request = HttpRequest.newBuilder(URI.create(dashboard.url()).resolve("/api/stream/workflows/" + id)).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            nextData(in);
            dashboard.close();
            String rest;
            try {
                while ((rest = in.readLine()) != null) {
                    assertThat(rest).doesNotStartWith("event: end");
                }
            } catch (IOException expected) {
                // the connection was closed under the reader: as good as an end of stream
            }
        } finally {
            DashJobs.gate(gate).release();
        }
    }
}
