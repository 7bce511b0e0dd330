package dev.hymir.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Scrapes /metrics with the JDK's HTTP client while a demo runs. */
class MetricsEndpointTest {

    @Test
    @Timeout(120) // a safety net against a hung run, not a performance assertion
    void servesHymirAndJvmMetersWhileTheDemoRuns() throws Exception {
        int port = freePort();
        // A chain of sleeping jobs runs for seconds, long enough to be scraped mid-run.
        CompletableFuture<Cli> demo = CompletableFuture.supplyAsync(() -> Cli.run("demo", "--shape", "chain",
                "--jobs", "2000", "--work", "sleep:2ms", "--no-journal", "--metrics-port", Integer.toString(port)));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();

        String seen = null;
        while (seen == null && !demo.isDone()) {
            try {
                HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
                // A job has finished, not only started, and its timer is there: the engine counts the finish
                // first and creates the per-job-name timer right after, so one scrape may fall in between.
                if (response.statusCode() == 200
                        && value(response.body(), "hymir_jobs_finished_total{engine=\"hymir\",outcome=\"success\"}") > 0
                        && response.body().contains("hymir_job_duration_seconds_count")) {
                    seen = response.body();
                    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                            t -> assertThat(t).startsWith("text/plain"));
                }
            } catch (IOException notYetListening) {
                // the demo has not opened the port yet
            }
            Thread.sleep(20);
        }

        Cli result = demo.get();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("metrics: http://127.0.0.1:" + port + "/metrics");
        assertThat(seen).as("a scrape with a finished job and its timer while the demo ran").isNotNull();
        assertThat(value(seen, "hymir_jobs_started_total{engine=\"hymir\"}")).isPositive();
        assertThat(seen).contains("hymir_jobs_finished_total{engine=\"hymir\",outcome=\"success\"}", "hymir_job_duration_seconds",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "system_cpu_count");
        // the server lives only as long as the command
        assertThat(portIsFree(port)).isTrue();
    }

    /** The value of a sample ({@code name} with its tags, as the scrape writes them), or -1 when absent. */
    private static double value(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
