package dev.hymir.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian's {@code prometheus}; {@code .ci/run} installs it) scrapes
 * {@code hymir demo --metrics-port} on loopback, and its HTTP API answers with the demo's jobs, labelled
 * as operators query them. Also: the alert rules shipped in docs/ pass {@code promtool check rules}.
 */
class PrometheusScrapeTest {
    private static final Path RULES = Path.of("..", "docs", "prometheus", "hymir-rules.yml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path binary(String name) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(p, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path usr = Path.of("/usr/bin", name);
        Assumptions.assumeTrue(Files.isExecutable(usr), name + " is not installed (apt-get install prometheus;"
                + " .ci/run installs it): this test needs a real Prometheus");
        return usr;
    }

    @Test
    @Timeout(300) // a safety net against a hung process, not a performance assertion
    void prometheusScrapesTheDemoAndItsApiSeesTheJobs() throws Exception {
        Path prometheus = binary("prometheus");
        int demoPort = freePort();
        int apiPort = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: hymir-demo
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(demoPort));
        Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + apiPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + apiPort;
            while (!ready(http, api)) {
                assertThat(server.isAlive()).as("prometheus exited: " + log()).isTrue();
                Thread.sleep(100);
            }
            // Sleeping jobs in a chain: the demo runs for seconds, scraped every second meanwhile.
            CompletableFuture<Cli> demo = CompletableFuture.supplyAsync(() -> Cli.run("demo", "--shape", "chain",
                    "--jobs", "3000", "--work", "sleep:2ms", "--no-journal", "--metrics-port", Integer.toString(demoPort)));
            JsonNode finished = null;
            JsonNode duration = null;
            while (!demo.isDone() && (finished == null || duration == null)) {
                JsonNode f = query(http, api, "hymir_jobs_finished_total{outcome=\"success\"} > 0");
                if (f.size() > 0) {
                    finished = f;
                    JsonNode d = query(http, api, "hymir_job_duration_seconds_count");
                    duration = d.size() > 0 ? d : null;
                }
                Thread.sleep(200);
            }
            Cli result = demo.get();
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(finished).as("Prometheus saw the demo's finished jobs while it ran; its log: " + log()).isNotNull();
            JsonNode metric = finished.get(0).get("metric");
            assertThat(metric.get("job").asText()).as("Prometheus's own job label, untouched").isEqualTo("hymir-demo");
            assertThat(metric.get("engine").asText()).isEqualTo("hymir");
            assertThat(Double.parseDouble(finished.get(0).get("value").get(1).asText())).isPositive();
            assertThat(duration).as("the job timer was scraped").isNotNull();
            JsonNode timer = duration.get(0).get("metric");
            assertThat(timer.get("job_name").asText()).isEqualTo("hymir.demo.work");
            assertThat(timer.has("exported_job")).as("no clash with Prometheus's job label").isFalse();
        } finally {
            server.destroy(); // SIGTERM to this process (its PID), then wait
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    @Timeout(120)
    void theShippedAlertRulesPassPromtool() throws Exception {
        Path promtool = binary("promtool");
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", RULES.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
        Process test = new ProcessBuilder(promtool.toString(), "test", "rules",
                RULES.resolveSibling("hymir-rules-test.yml").toString()).redirectErrorStream(true).start();
        String tested = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(test.waitFor()).as("the rules' unit tests: " + tested).isZero();
    }

    @Test
    void theGrafanaDashboardQueriesMetersTheEngineHas() throws Exception {
        JsonNode dashboard = JSON.readTree(Path.of("..", "docs", "grafana", "hymir.json").toFile());
        StringBuilder exprs = new StringBuilder();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.append(target.get("expr").asText()).append('\n');
            }
        }
        assertThat(dashboard.get("panels")).extracting(p -> p.get("title").asText())
                .contains("Jobs finished / s", "Job failures / s", "Job duration p95", "Journal commit time", "Snapshot lag");
        assertThat(exprs.toString()).contains("hymir_jobs_finished_total", "hymir_job_duration_seconds",
                "hymir_journal_commit_duration_seconds", "hymir_snapshot_lag");
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean ready(HttpClient http, String api) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(api + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYetListening) {
            return false;
        }
    }

    /** The result vector of an instant query. */
    private static JsonNode query(HttpClient http, String api, String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("data").get("result");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
