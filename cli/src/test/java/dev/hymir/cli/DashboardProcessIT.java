package dev.hymir.cli;

import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hymir dashboard} as a process from the shaded jar: the Redis URL from HYMIR_REDIS_URL, the
 * URL on stdout, and SIGTERM ends it. Runs in failsafe (after 'package' built the jar).
 */
class DashboardProcessIT {
    @Test
    void takesTheRedisUrlFromTheEnvironmentAndStopsOnSigterm() throws Exception {
        Path jar = ReleaseJar.path();
        String java = ProcessHandle.current().info().command().orElse("java");
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            ProcessBuilder pb = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "dashboard", "--port", "0"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("HYMIR_REDIS_URL", redis.url());
            Process p = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line).startsWith("dashboard: http://127.0.0.1:").contains("(reading " + redis.url());
                String url = line.substring("dashboard: ".length(), line.indexOf(' ', "dashboard: ".length()));

                HttpResponse<String> list = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(url + "api/workflows")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(list.body()).contains("\"total\":0");
                HttpResponse<String> page = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(url + "static/graph.js")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).as("the pages ship in the shaded jar").isEqualTo(200);
                assertThat(page.body()).contains("class HymirGraph");

                p.destroy(); // SIGTERM
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
                assertThat(p.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM's exit on that signal
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
