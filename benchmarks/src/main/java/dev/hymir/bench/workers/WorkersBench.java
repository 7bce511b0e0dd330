package dev.hymir.bench.workers;

import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.RedisWorkers;
import dev.hymir.Step;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.testing.LocalRedisServer;
import redis.clients.jedis.RedisClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Jobs through workers in other processes (DESIGN §10): a coordinator in this JVM ({@link RedisWorkers},
 * no journal) runs a fan-out on {@link BenchWorker} child JVMs over a redis-server on loopback.
 *
 * <ul>
 *   <li><b>no-op</b>: {@code --noop-jobs} jobs that do nothing, through 1 and 2 workers (concurrency 256):
 *       jobs/s, Redis commands per job (the server's INFO commandstats before and after, Lua-internal
 *       calls included), and dispatch to start (p50/p99, from the stamp on each entry to the job's start);</li>
 *   <li><b>sleep</b>: {@code --sleep-jobs} jobs of sleep:10ms, concurrency 50 per worker, through 1, 2 and 4
 *       workers: jobs/s and the speed-up over one worker.</li>
 * </ul>
 * Each figure is the best of {@code --runs} runs after one warm-up run; every configuration gets fresh
 * worker processes. Run with {@code java -cp benchmarks/target/benchmarks.jar dev.hymir.bench.workers.WorkersBench
 * [--redis URL] [--noop-jobs N] [--sleep-jobs N] [--runs N]}; without {@code --redis} it starts its own
 * redis-server (no persistence).
 */
public final class WorkersBench {
    record Result(String workload, int workers, int jobs, double jobsPerSecond, double commandsPerJob,
                  long startP50Micros, long startP99Micros, Map<String, Long> commands, Cpu cpu) {
    }

    /** CPU seconds spent during a run: this JVM (the coordinator), the worker processes, redis-server. */
    record Cpu(double coordinator, double workers, double redis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "cpu s: coordinator %.2f, workers %.2f, redis %.2f", coordinator, workers, redis);
        }
    }

    private List<Process> current = List.of();

    private final String url;
    private final PrintStream out;

    WorkersBench(String url, PrintStream out) {
        this.url = url;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        String redisUrl = null;
        int noopJobs = 100_000;
        int sleepJobs = 20_000;
        int runs = 3;
        List<Integer> noopWorkers = List.of(1, 2);
        List<Integer> sleepWorkers = List.of(1, 2, 4);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--noop-workers" -> noopWorkers = counts(args[++i]);
                case "--sleep-workers" -> sleepWorkers = counts(args[++i]);
                case "--redis" -> redisUrl = args[++i];
                case "--noop-jobs" -> noopJobs = Integer.parseInt(args[++i]);
                case "--sleep-jobs" -> sleepJobs = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; options: --redis URL, --noop-jobs N, --sleep-jobs N,"
                            + " --runs N, --noop-workers 1,2 (none: skip), --sleep-workers 1,2,4 (none: skip)");
                    System.exit(2);
                }
            }
        }
        LocalRedisServer server = redisUrl == null ? LocalRedisServer.start() : null;
        try {
            WorkersBench bench = new WorkersBench(redisUrl != null ? redisUrl : server.url(), System.out);
            List<Result> results = new ArrayList<>();
            for (int workers : noopWorkers) {
                results.add(bench.best("noop", workers, 256, noopJobs, 0, runs));
            }
            for (int workers : sleepWorkers) {
                results.add(bench.best("sleep:10ms", workers, 50, sleepJobs, 10, runs));
            }
            bench.print(results);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static List<Integer> counts(String list) {
        List<Integer> counts = new ArrayList<>();
        if (!list.equals("none")) {
            for (String s : list.split(",")) {
                counts.add(Integer.parseInt(s.strip()));
            }
        }
        return counts;
    }

    Result best(String workload, int workers, int concurrency, int jobs, long sleepMillis, int runs) throws Exception {
        List<Process> processes = startWorkers(workers, concurrency);
        current = processes;
        try {
            run(workload, workers, Math.min(jobs, 20_000), sleepMillis); // warm-up: JIT on both sides
            Result best = null;
            for (int r = 0; r < runs; r++) {
                Result res = run(workload, workers, jobs, sleepMillis);
                out.printf(Locale.ROOT, "  %s, %d worker(s), run %d: %.0f jobs/s, %.2f commands/job, start p99 %d us, %s%n",
                        workload, workers, r + 1, res.jobsPerSecond(), res.commandsPerJob(), res.startP99Micros(), res.cpu());
                if (best == null || res.jobsPerSecond() > best.jobsPerSecond()) {
                    best = res;
                }
            }
            return best;
        } finally {
            stopWorkers(processes);
        }
    }

    private Result run(String workload, int workers, int jobs, long sleepMillis) throws Exception {
        List<Step> steps = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            steps.add(sleepMillis == 0 ? Job.named("bench.noop").set(i) : Job.named("bench.sleep").set(i, sleepMillis));
        }
        Workflow wf = Workflow.of(Group.of(steps));
        Map<String, Long> before = commandStats();
        double[] cpu0 = cpu();
        RedisWorkers dispatcher = RedisWorkers.connect(url, RedisWorkers.Options.builder().name("bench").build());
        long t0;
        long wall;
        try (HymirEngine engine = HymirEngine.builder().registry(JobRegistry.explicitOnly()).dispatcher(dispatcher).build()) {
            t0 = System.nanoTime();
            String id = engine.run(wf);
            WorkflowState state = engine.await(id);
            wall = System.nanoTime() - t0;
            if (state.status() != WorkflowState.Status.SUCCESS) {
                throw new IllegalStateException(workload + " ended " + state.status());
            }
        }
        double[] cpu1 = cpu();
        Map<String, Long> after = commandStats();
        Map<String, Long> delta = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d > 0 && !e.getKey().equals("info")) {
                delta.put(e.getKey(), d);
                total += d;
            }
        }
        RedisWorkers.Stats s = dispatcher.stats();
        return new Result(workload, workers, jobs, jobs / (wall / 1e9), (double) total / jobs,
                s.startP50().toNanos() / 1_000, s.startP99().toNanos() / 1_000, delta,
                new Cpu(cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], cpu1[2] - cpu0[2]));
    }

    private double[] cpu() {
        double self = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        double workers = 0;
        for (Process p : current) {
            workers += p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        }
        double redis = 0;
        try (RedisClient c = RedisClient.create(java.net.URI.create(url))) {
            for (String line : c.info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    redis += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        }
        return new double[] {self, workers, redis};
    }

    private Map<String, Long> commandStats() {
        Map<String, Long> stats = new TreeMap<>();
        try (RedisClient c = RedisClient.create(java.net.URI.create(url))) {
            for (String line : c.info("commandstats").split("\r?\n")) {
                // cmdstat_xadd:calls=123,usec=...
                if (line.startsWith("cmdstat_")) {
                    int colon = line.indexOf(':');
                    int calls = line.indexOf("calls=");
                    int comma = line.indexOf(',', calls);
                    stats.put(line.substring(8, colon), Long.parseLong(line.substring(calls + 6, comma)));
                }
            }
        }
        return stats;
    }

    private List<Process> startWorkers(int n, int concurrency) throws IOException, InterruptedException {
        List<Process> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx1g");
            String extra = System.getProperty("bench.workerJvmArgs"); // e.g. JFR, to profile a worker
            if (extra != null && !extra.isBlank()) {
                cmd.addAll(List.of(extra.replace("{i}", Integer.toString(i)).split(" ")));
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(BenchWorker.class.getName());
            cmd.add(url);
            cmd.add(Integer.toString(concurrency));
            cmd.add("bench-worker-" + i);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            list.add(p);
        }
        for (Process p : list) {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null && !line.equals("READY")) {
                System.out.println("  worker: " + line);
            }
            if (line == null) {
                throw new IllegalStateException("a worker process ended before it was ready");
            }
        }
        return list;
    }

    private static void stopWorkers(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            try {
                p.getOutputStream().close(); // EOF on its stdin: it closes its worker and exits
            } catch (IOException ignored) {
                // already gone
            }
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    void print(List<Result> results) {
        out.println();
        out.println("workers (jobs through worker processes over Redis Streams; best of runs)");
        out.printf(Locale.ROOT, "%-11s %8s %9s %10s %13s %13s %13s%n", "workload", "workers", "jobs", "jobs/s",
                "cmds/job", "start p50", "start p99");
        double oneSleep = 0;
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-11s %8d %9d %10.0f %13.2f %10d us %10d us%n", r.workload(), r.workers(), r.jobs(),
                    r.jobsPerSecond(), r.commandsPerJob(), r.startP50Micros(), r.startP99Micros());
            if (r.workload().startsWith("sleep") && r.workers() == 1) {
                oneSleep = r.jobsPerSecond();
            }
        }
        for (Result r : results) {
            if (r.workload().startsWith("sleep") && r.workers() > 1 && oneSleep > 0) {
                out.printf(Locale.ROOT, "sleep speed-up, %d workers over 1: %.2fx%n", r.workers(), r.jobsPerSecond() / oneSleep);
            }
        }
        for (Result r : results) {
            if (r.workload().equals("noop")) {
                out.println("commands, noop, " + r.workers() + " worker(s), per job: " + perJob(r));
            }
        }
    }

    private static String perJob(Result r) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : r.commands().entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.3f", (double) e.getValue() / r.jobs()));
        }
        return sb.toString();
    }
}
