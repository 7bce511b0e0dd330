package dev.hymir.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hymir.HymirEngine;
import dev.hymir.RedisExecutor;
import dev.hymir.RedisStateStore;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard over a {@link RedisExecutor}: what an engine in another process wrote to a real
 * redis-server (here an engine with a RedisStateStore in this JVM, read only through Redis).
 */
class DashboardRedisTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRedisServer redis;
    private static Browser browser;
    private HymirEngine engine;
    private RedisExecutor reader;
    private HymirDashboard dashboard;
    private String prefix;

    @BeforeAll
    static void startServers() {
        redis = LocalRedisServer.start();
        browser = Browser.start();
    }

    @AfterAll
    static void stopServers() {
        if (browser != null) {
            browser.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void start() {
        // A key prefix per test: each test sees only its own workflows in the shared server.
        String prefix = "t" + System.nanoTime() + ":";
        this.prefix = prefix;
        engine = HymirEngine.builder().stateStore(RedisStateStore.connect(redis.url(),
                RedisStateStore.Options.builder().keyPrefix(prefix).build())).build();
        reader = RedisExecutor.connect(redis.url(), prefix);
        dashboard = Fixtures.dashboard(reader, null);
    }

    @AfterEach
    void stop() {
        dashboard.close();
        reader.close();
        engine.close();
    }

    @Test
    void runningWorkflowInRedisIsListedAndItsPageFollowsItToSuccess() {
        String gate = "redis-" + System.nanoTime();
        String id = engine.run(Fixtures.gatedFanOut(gate, 20));
        browser.open(dashboard.url());
        browser.awaitRendered();
        browser.until(d -> d.findElement(By.cssSelector("tr[data-id='" + id + "']")));
        assertThat(browser.text("#source")).startsWith("RedisExecutor(redis://127.0.0.1:");

        browser.find("tr[data-id='" + id + "'] a").click();
        browser.awaitRendered();
        browser.js("window.sameDocument = 'yes'");
        browser.until(d -> browser.text("#progress-text").startsWith("1 / 22"));
        assertThat(browser.text("#wf-status")).isEqualTo("RUNNING");

        DashJobs.gate(gate).release(5);
        browser.until(d -> browser.text("#progress-text").startsWith("6 / 22"));
        DashJobs.gate(gate).release(15);
        browser.until(d -> browser.text("#wf-status").equals("SUCCESS"));

        assertThat(browser.text("#progress-text")).isEqualTo("22 / 22 jobs finished (100%)");
        assertThat(browser.js("return window.sameDocument")).isEqualTo("yes");
        assertThat(browser.find("#graph").getDomAttribute("data-boxes")).isEqualTo("3");
    }

    @Test
    void failedWorkflowInRedisShowsTheExceptionAsText() {
        String evil = "<script>window.hymirXss=1</script> quota exceeded";
        String id = engine.run(Fixtures.failing(evil));
        engine.await(id);

        browser.open(dashboard.url() + "workflows/" + id);
        browser.awaitRendered();
        browser.until(d -> browser.text("#wf-status").equals("FAILURE"));
        assertThat(browser.text(".failure-item[data-job='3'] .line")).isEqualTo("java.lang.IllegalStateException: " + evil);
        assertThat(browser.js("return window.hymirXss === undefined")).isEqualTo(true);
    }

    @Test
    void apiOverRedisAnswersLikeOverTheEngine() throws Exception {
        String ok = engine.run(Fixtures.fanOut(30));
        engine.await(ok);
        String failed = engine.run(Fixtures.failing("no"));
        engine.await(failed);
        HttpClient http = HttpClient.newHttpClient();

        JsonNode list = get(http, "/api/workflows?status=FAILURE");
        assertThat(list.get("total").asInt()).isEqualTo(1);
        JsonNode w = list.get("workflows").get(0);
        assertThat(w.get("id").asText()).isEqualTo(failed);
        assertThat(w.get("failed").asInt()).isEqualTo(1);
        assertThat(w.get("total").asInt()).isEqualTo(3);

        JsonNode okWorkflow = get(http, "/api/workflows/" + ok);
        assertThat(okWorkflow.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(okWorkflow.get("finished").asInt()).isEqualTo(32);
        assertThat(get(http, "/api/workflows/" + ok + "/jobs?box=1").get("total").asInt()).isEqualTo(30);
        assertThat(get(http, "/api/workflows/" + failed + "/jobs/3").get("exception").asText())
                .startsWith("java.lang.IllegalStateException: no");

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/workflows/nope"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("nope");
    }

    /** Python Hymir writes no PENDING jobs and Python tracebacks: the page counts and shows them. */
    @Test
    void workflowPythonHymirWroteShowsItsTraceback() throws Exception {
        String def = """
                {"directed": true, "multigraph": false, "graph": {},
                 "nodes": [{"id": "1", "job": {"n": "tasks.fetch", "i": 1, "a": [], "k": {}, ">": null, "<": null, "m": {}}},
                           {"id": "2", "job": {"n": "tasks.parse", "i": 2, "a": ["rows.csv"], "k": {}, ">": null, "<": null, "m": {}}},
                           {"id": "3", "job": {"n": "tasks.store", "i": 3, "a": [], "k": {}, ">": null, "<": null, "m": {}}}],
                 "links": [{"source": "1", "target": "3"}, {"source": "2", "target": "3"}]}""";
        try (RedisClient jedis = RedisClient.create("127.0.0.1", redis.port())) {
            jedis.set(prefix + "py-1:def", def);
            jedis.set(prefix + "py-1:state", "{\"status\": 4}");
            jedis.hset(prefix + "py-1:jobs", java.util.Map.of(
                    "1", "{\"status\": 2, \"retries\": 0, \"context\": {}, \"exception\": null}",
                    "2", "{\"status\": 3, \"retries\": 2, \"context\": {}, \"exception\": \"Traceback (most recent"
                            + " call last):\\n  File \\\"tasks.py\\\", line 9, in parse\\n    raise ValueError('bad row')"
                            + "\\nValueError: bad row 17\\n\"}"));
        }
        HttpClient http = HttpClient.newHttpClient();

        JsonNode w = get(http, "/api/workflows/py-1");
        assertThat(w.get("status").asText()).isEqualTo("FAILURE");
        assertThat(w.get("total").asInt()).isEqualTo(3);
        assertThat(w.get("pending").asInt()).isEqualTo(1); // job 3 has no field in the hash
        assertThat(w.get("failed").asInt()).isEqualTo(1);

        browser.open(dashboard.url() + "workflows/py-1");
        browser.awaitRendered();
        assertThat(browser.text(".failure-item[data-job='2'] .line")).isEqualTo("ValueError: bad row 17");
        assertThat(browser.text(".failure-item[data-job='2'] .what")).contains("tasks.parse", "after 2 retries");
        assertThat(browser.text("#progress-text")).isEqualTo("2 / 3 jobs finished (66.6%)");
        assertThat(get(http, "/api/workflows/py-1/jobs/3").get("status").asText()).isEqualTo("PENDING");
    }

    /** Keys another program wrote badly hide only their own workflow, and the list says why. */
    @Test
    void unreadableWorkflowsAreReportedWithoutHidingTheOthers() throws Exception {
        String good = engine.run(Fixtures.fanOut(2));
        engine.await(good);
        try (RedisClient jedis = RedisClient.create("127.0.0.1", redis.port())) {
            jedis.set(prefix + "broken-state:state", "not json");
            jedis.set(prefix + "broken-jobs:def", Fixtures.fanOut(1).toJson());
            jedis.set(prefix + "broken-jobs:state", "{\"status\": 1}");
            jedis.hset(prefix + "broken-jobs:jobs", "1", "{\"status\": 99}");
        }
        HttpClient http = HttpClient.newHttpClient();

        JsonNode list = get(http, "/api/workflows");

        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("unreadable").asInt()).isEqualTo(1);
        assertThat(list.get("problems").get(0).get("id").asText()).isEqualTo("broken-state");
        assertThat(list.get("problems").get(0).get("error").asText()).isNotBlank(); // RedisExecutor's words
        JsonNode broken = null;
        for (JsonNode w : list.get("workflows")) {
            if (w.get("id").asText().equals("broken-jobs")) {
                broken = w;
            } else {
                assertThat(w.get("id").asText()).isEqualTo(good);
                assertThat(w.get("status").asText()).isEqualTo("SUCCESS");
            }
        }
        assertThat(broken).isNotNull();
        assertThat(broken.get("status").asText()).isEqualTo("RUNNING");
        assertThat(broken.get("error").asText()).startsWith("cannot read its jobs: ");

        browser.open(dashboard.url());
        browser.awaitRendered();
        assertThat(browser.text("#problem")).startsWith("1 workflow could not be read, e.g. broken-state: ");
        assertThat(browser.text("tr[data-id='broken-jobs'] td.exception")).contains("cannot read its jobs");
    }

    /** Redis going away mid-stream: the page is told, the stream keeps trying, and it ends once Redis is back. */
    @Test
    void streamReportsARedisOutageAndCarriesOn() throws Exception {
        String gate = "outage-" + System.nanoTime();
        try (LocalRedisServer own = LocalRedisServer.start();
             HymirEngine writer = HymirEngine.builder().stateStore(RedisStateStore.connect(own.url())).build();
             RedisExecutor ownReader = RedisExecutor.connect(own.url());
             HymirDashboard ownDashboard = Fixtures.dashboard(ownReader, null)) {
            String id = writer.run(Fixtures.gatedFanOut(gate, 2));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(ownDashboard.url() + "api/stream/workflows/" + id)).build();
            java.util.List<String> events = new java.util.ArrayList<>();
            // The snapshot may reach Redis a moment after run(): wait until the stream can start.
            HttpResponse<java.io.InputStream> response = null;
            for (int attempt = 0; attempt < 100; attempt++) {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() == 200) {
                    break;
                }
                response.body().close();
                Thread.sleep(50);
            }
            assertThat(response.statusCode()).isEqualTo(200);
            try (java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(response.body(), java.nio.charset.StandardCharsets.UTF_8))) {
                String event = null;
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                        events.add(event);
                    } else if (line.startsWith("data: ")) {
                        if ("workflow".equals(event) && events.size() == 1) {
                            own.kill(); // Redis goes away while the workflow runs
                        } else if ("problem".equals(event)) {
                            assertThat(JSON.readTree(line.substring(6)).get("error").asText()).startsWith("cannot read RedisExecutor(");
                            if (events.stream().filter("problem"::equals).count() == 1) {
                                own.restart();
                                DashJobs.gate(gate).release(2);
                            }
                        } else if ("end".equals(event) || "gone".equals(event)) {
                            break;
                        }
                    }
                }
            }
            // Redis came back empty (no persistence): the engine writes the workflow again, or the
            // stream says it is gone; either way it ended instead of hanging.
            assertThat(events).startsWith("workflow", "problem");
            assertThat(events.getLast()).isIn("end", "gone");
        } finally {
            DashJobs.gate(gate).release(2);
        }
    }

    private JsonNode get(HttpClient http, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dashboard.url()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
