package dev.hymir.cli;

import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.JournalEntry;
import dev.hymir.JournalReader;
import dev.hymir.RedisWorkers;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hymir worker} as a user runs it (processes of the shaded jar, a real redis-server on loopback):
 * {@code hymir demo --dispatch workers} runs its jobs there, a demo killed with SIGKILL is finished by
 * {@code hymir journal recover --dispatch workers} on the same workers, SIGTERM stops a worker with exit
 * status 0, and a job name the worker does not know fails without loading anything. In failsafe, after
 * 'package' built the jar.
 */
class WorkerProcessIT {
    private static final Pattern STOPPED = Pattern.compile("worker \\S+ stopped: (\\d+) done, (\\d+) failed");

    @TempDir
    Path tmp;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly); // only what a failed test left running
    }

    @Test
    @Timeout(600)
    void aDemoKilledWhileItsJobsRunOnWorkersIsFinishedByRecoverOnTheSameWorkers() throws Exception {
        int jobs = 600;
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            Path logA = tmp.resolve("worker-a.log");
            Path logB = tmp.resolve("worker-b.log");
            Process a = worker(logA, redis.url());
            Process b = worker(logB, redis.url());
            Path data = tmp.resolve("data");
            Path journal = data.resolve("journal");
            Path demoLog = tmp.resolve("demo.log");
            // A chain: one job at a time, so the kill lands mid-run whatever the machine's speed.
            Process demo = hymir(demoLog, "demo", "--shape", "chain", "--jobs", Integer.toString(jobs), "--work", "sleep:2ms",
                    "--data-dir", data.toString(), "--redis", redis.url(), "--dispatch", "workers");
            try {
                while (succeeded(journal) < 50) {
                    assertThat(demo.isAlive()).as("the demo ended before it was killed: %s", read(demoLog)).isTrue();
                    Thread.sleep(50);
                }
            } finally {
                demo.destroyForcibly(); // SIGKILL: the coordinator is gone; its job in flight stays in Redis
            }
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long doneAtKill = succeeded(journal);
            assertThat(doneAtKill).as("killed mid-run").isLessThan(jobs);

            Result recover = run(tmp.resolve("recover.log"), "journal", "recover", journal.toString(),
                    "--redis", redis.url(), "--dispatch", "workers");
            assertThat(recover.exitCode).as(recover.output).isZero();
            assertThat(recover.output).contains("SUCCESS  " + jobs + "/" + jobs + " jobs finished");

            // Both workers stop cleanly on SIGTERM (exit 0) and, between them, ran every job: the recovered
            // run's jobs went to them, not to the recovering process.
            long done = stop(a, logA, 0) + stop(b, logB, 0);
            assertThat(done).as("jobs the two workers ran").isGreaterThanOrEqualTo(jobs);
            assertThat(done).as("at most the one in flight at the kill ran twice").isLessThanOrEqualTo(jobs + 1);
        }
    }

    @Test
    @Timeout(300)
    void aNameNoWorkerKnowsFailsItsJobAndLoadsNothing() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start()) {
            Path log = tmp.resolve("worker.log");
            Process w = worker(log, redis.url(), "--lease", "300ms");
            try (HymirEngine engine = HymirEngine.builder().registry(JobRegistry.explicitOnly())
                    .dispatcher(RedisWorkers.connect(redis.url(), RedisWorkers.Options.builder().name("unknown-it").build())).build()) {
                // A real class and method: a worker that loaded code by name would end here with status 3.
                String id = engine.run(Workflow.of(Job.named("java.lang.System.exit").set(3)));
                WorkflowState state = engine.await(id, Duration.ofMinutes(2));
                assertThat(state.status()).isEqualTo(WorkflowState.Status.FAILURE);
                assertThat(engine.jobState(id, "1").exception()).startsWith("no worker knows job 'java.lang.System.exit'")
                        .contains("delivered 3 times");
            }
            assertThat(w.isAlive()).as(read(log)).isTrue();
            assertThat(stop(w, log, 1)).as("its one job ended, as a failure").isEqualTo(1);
        }
    }

    @Test
    void usageErrorsNameWhatIsMissing() {
        Cli noRedis = Cli.run("worker");
        assertThat(noRedis.exitCode()).isEqualTo(2);
        assertThat(noRedis.err()).contains("a Redis URL is required: pass --redis URL, or set HYMIR_REDIS_URL");
        Cli zero = Cli.run("worker", "--redis", "redis://127.0.0.1:1", "--concurrency", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--concurrency must be >= 1, was 0");
        Cli badGrace = Cli.run("worker", "--redis", "redis://127.0.0.1:1", "--grace", "soon");
        assertThat(badGrace.exitCode()).isEqualTo(2);
        assertThat(badGrace.err()).contains("--grace: ");
        Cli demo = Cli.run("demo", "--jobs", "3", "--dispatch", "workers");
        assertThat(demo.exitCode()).isEqualTo(2);
        assertThat(demo.err()).contains("--dispatch workers sends the jobs to 'hymir worker' processes through Redis: pass --redis URL");
        Cli recover = Cli.run("journal", "recover", tmp.toString(), "--redis", "redis://127.0.0.1:1");
        assertThat(recover.exitCode()).isEqualTo(2);
        assertThat(recover.err()).contains("--redis is the workers' Redis: it goes with --dispatch workers");
        Cli unreachable = Cli.run("worker", "--redis", "redis://127.0.0.1:1");
        assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(1);
        assertThat(unreachable.err()).contains("redis://127.0.0.1:1");
    }

    /** SIGTERM, then the exit status (0), the failures its last line counts, and the number of jobs it ended. */
    private static long stop(Process worker, Path log, int failed) throws Exception {
        worker.destroy(); // SIGTERM
        assertThat(worker.waitFor(120, TimeUnit.SECONDS)).as("stopped on SIGTERM: %s", read(log)).isTrue();
        String output = read(log);
        assertThat(worker.exitValue()).as(output).isZero();
        Matcher m = STOPPED.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        assertThat(m.group(2)).as(output).isEqualTo(Integer.toString(failed));
        return Long.parseLong(m.group(1));
    }

    private Process worker(Path log, String url, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("worker", "--redis", url, "--concurrency", "8", "--grace", "5s"));
        args.addAll(List.of(more));
        Process p = hymir(log, args.toArray(String[]::new));
        while (!read(log).contains("Ctrl-C or SIGTERM stops it")) {
            assertThat(p.isAlive()).as("the worker ended: %s", read(log)).isTrue();
            Thread.sleep(50);
        }
        return p;
    }

    private static long succeeded(Path journal) {
        try {
            return JournalScan.exists(journal)
                    ? JournalReader.open(journal).countsByType().getOrDefault(JournalEntry.Type.SUCCEEDED, 0L) : 0;
        } catch (dev.hymir.HymirException e) {
            return 0; // the demo is creating its first journal file: its header is not written yet
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(Path log, String... args) throws Exception {
        Process p = hymir(log, args);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("hymir %s ended", List.of(args)).isTrue();
        return new Result(p.exitValue(), read(log));
    }

    /** hymir as the launcher runs it: java -jar on the shaded jar, output (both streams) to {@code log}. */
    private Process hymir(Path log, String... args) throws IOException {
        Path jar = ReleaseJar.path();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dchronicle.analytics.disable=true", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        started.add(p);
        return p;
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
