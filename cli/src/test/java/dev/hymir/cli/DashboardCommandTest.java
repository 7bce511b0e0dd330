package dev.hymir.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobFunction;
import dev.hymir.RedisStateStore;
import dev.hymir.Workflow;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hymir dashboard} and {@code hymir demo --dashboard-port}, run in-process; stopped by an interrupt. */
class DashboardCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
    private static LocalRedisServer redis;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startRedis() {
        redis = LocalRedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @JobFunction
    public static void fine() {
    }

    /** A command running on its own thread, with what it printed so far. */
    private static final class Running {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        Running(String... args) {
            CommandLine cmd = HymirCli.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            thread = Thread.ofPlatform().name("hymir-cli-test").start(() -> exit.set(cmd.execute(args)));
        }

        /** The URL from a "dashboard: URL" line on stdout or stderr, waiting for it (at most 30 s). */
        String url(String where) throws InterruptedException {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                Matcher m = URL.matcher(where.equals("out") ? out.toString() : err.toString());
                if (m.find()) {
                    return m.group(1);
                }
                if (!thread.isAlive()) {
                    throw new AssertionError("command ended with " + exit.get() + ": " + out + err);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no dashboard URL printed: " + out + err);
        }

        boolean printed(String text) {
            return out.toString().contains(text) || err.toString().contains(text);
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
            assertThat(thread.isAlive()).as("command still running after an interrupt").isFalse();
            return exit.get();
        }
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void servesTheWorkflowsInRedisUntilStopped() throws Exception {
        String id;
        try (HymirEngine engine = HymirEngine.builder().stateStore(RedisStateStore.connect(redis.url(),
                RedisStateStore.Options.builder().keyPrefix("cli:").build())).build()) {
            id = engine.run(Workflow.of(Job.of(DashboardCommandTest::fine)));
            engine.await(id);
        }
        Running dashboard = new Running("dashboard", "--redis", redis.url(), "--port", "0", "--prefix", "cli:");
        String url = dashboard.url("out");
        assertThat(dashboard.out.toString()).contains("(reading " + redis.url() + ", key prefix 'cli:'; Ctrl-C to stop)");

        JsonNode list = get(url + "api/workflows");
        assertThat(list.get("total").asInt()).isEqualTo(1);
        assertThat(list.get("workflows").get(0).get("id").asText()).isEqualTo(id);
        assertThat(list.get("workflows").get(0).get("status").asText()).isEqualTo("SUCCESS");
        assertThat(get(url + "api/info").get("cancel").asBoolean()).isFalse();

        assertThat(dashboard.stop()).isZero();
        assertThat(dashboard.err.toString()).isEmpty();
    }

    @Test
    void allowCancelWithRedisIsRefusedWithAReason() {
        Cli cli = Cli.run("dashboard", "--redis", redis.url(), "--allow-cancel");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("hymir: --allow-cancel needs an engine to cancel through")
                .contains("read-only", "hymir demo --dashboard-port P --allow-cancel");
    }

    @Test
    void redisUrlIsRequiredUnlessTheEnvironmentGivesIt() {
        if (System.getenv(DashboardCommand.REDIS_ENV) != null) {
            return; // this JVM has one: the option is not missing here
        }
        Cli cli = Cli.run("dashboard");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("hymir: a Redis URL is required: pass --redis URL, or set HYMIR_REDIS_URL");
    }

    @Test
    void unreachableRedisAndBadValuesAreOneLine() {
        Cli down = Cli.run("dashboard", "--redis", "redis://127.0.0.1:" + LocalRedisServer.unusedLoopbackPort(), "--port", "0");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err().strip()).startsWith("hymir: cannot connect to Redis at").doesNotContain("\n");

        Cli port = Cli.run("dashboard", "--redis", redis.url(), "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be between 0 and 65535, was 70000");

        Cli bind = Cli.run("dashboard", "--redis", redis.url(), "--bind", "no-such-host.invalid");
        assertThat(bind.exitCode()).isEqualTo(2);
        assertThat(bind.err()).contains("--bind 'no-such-host.invalid'");
    }

    @Test
    void portInUseIsOneLine() throws Exception {
        Running first = new Running("dashboard", "--redis", redis.url(), "--port", "0");
        String url = first.url("out");
        String port = url.replaceAll(".*:(\\d+)/$", "$1");
        Cli second = Cli.run("dashboard", "--redis", redis.url(), "--port", port);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err().strip()).startsWith("hymir: HymirDashboard cannot listen on 127.0.0.1:" + port)
                .doesNotContain("\n");
        assertThat(first.stop()).isZero();
    }

    @Test
    void demoServesItsOwnEngineWithCancelUntilStopped() throws Exception {
        Running demo = new Running("demo", "--jobs", "200", "--no-journal", "--dashboard-port", "0", "--allow-cancel");
        String url = demo.url("err");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!demo.printed("dashboard: still serving") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(demo.err.toString()).contains("dashboard: " + url + " (Cancel allowed)", "dashboard: still serving " + url + "workflows/");
        assertThat(get(url + "api/info").get("cancel").asBoolean()).isTrue();
        JsonNode list = get(url + "api/workflows");
        assertThat(list.get("workflows").get(0).get("status").asText()).isEqualTo("SUCCESS");
        assertThat(list.get("workflows").get(0).get("total").asInt()).isEqualTo(202);
        assertThat(demo.out.toString()).contains("status:     SUCCESS");

        assertThat(demo.stop()).isZero();
    }

    @Test
    void demoAllowCancelNeedsADashboard() {
        Cli cli = Cli.run("demo", "--no-journal", "--allow-cancel");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("--allow-cancel adds a Cancel button to the dashboard: it needs --dashboard-port");
    }
}
