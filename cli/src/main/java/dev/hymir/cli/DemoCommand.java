package dev.hymir.cli;

import dev.hymir.HymirEngine;
import dev.hymir.HymirException;
import dev.hymir.JobRegistry;
import dev.hymir.RedisWorkers;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.dashboard.HymirDashboard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs a generated workflow of simulated jobs on the embedded engine and prints what it took.
 * Each job records when its handler started and ended; the summary's latency comes from those.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a generated workflow of simulated jobs on the embedded engine and prints"
                + " jobs, wall time, jobs/s and ready -> started latency."},
        footer = {"", "Examples:",
                "  hymir demo                                    100,000 no-op jobs fanned out",
                "  hymir demo --shape chain --jobs 10000 --work cpu:20us",
                "  hymir demo --shape random --seed 7 --work sleep:5ms --metrics-port 9464",
                "  hymir demo --jobs 1000 --redis redis://127.0.0.1:6379   then: hymir status ID --redis ...",
                "  hymir demo --work sleep:2ms --dashboard-port 8080 --allow-cancel   watch it in the browser",
                "  hymir demo --jobs 10000 --work sleep:5ms --redis redis://127.0.0.1:6379 --dispatch workers",
                "                                                (jobs run on 'hymir worker' processes)"})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    HymirCli root;

    @Option(names = "--shape", defaultValue = "fanout", paramLabel = "SHAPE",
            description = "fanout (1 -> N -> 1), chain, diamond (stacked diamonds), random (layered"
                    + " random DAG). Default: ${DEFAULT-VALUE}.")
    DemoShape.Kind shape;

    @Option(names = "--jobs", defaultValue = "100000", paramLabel = "N",
            description = "Size of the workflow (fanout adds a root and a sink). Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--work", defaultValue = "none", paramLabel = "WORK", converter = Work.Converter.class,
            description = "What each job does: none, sleep:DURATION, cpu:DURATION (busy spin);"
                    + " DURATION like 5ms, 20us, 500ns, 1s. Default: ${DEFAULT-VALUE}.")
    Work work;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random shape. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The journal goes in DIR/journal (created if missing); unfinished workflows"
                    + " found there are finished first. Default: your data directory, " + UserDataDir.DESCRIPTION + ".")
    Path dataDir;

    @Option(names = "--no-journal",
            description = "Run without a journal (nothing survives the process); --data-dir is not touched.")
    boolean noJournal;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Also write snapshots to Redis (redis://[user:password@]host:port[/db], Python Hymir's"
                    + " layout) for 'hymir status ID --redis URL' and other readers. Default: the environment"
                    + " variable HYMIR_REDIS_URL when set (keeps a password out of ps), else no Redis.")
    String redisUrl;

    @Option(names = "--dispatch", defaultValue = "local", paramLabel = "WHERE",
            description = "Where the jobs run: local (virtual threads in this process) or workers ('hymir worker'"
                    + " processes reading the Redis of --redis or HYMIR_REDIS_URL). Default: ${DEFAULT-VALUE}.")
    Dispatch dispatch;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics while the demo runs"
                    + " (0 picks a free port).")
    Integer metricsPort;

    @Option(names = "--dashboard-port", paramLabel = "PORT",
            description = "Serve the dashboard over the demo's engine at http://127.0.0.1:PORT/ (0 picks a free port);"
                    + " it keeps serving after the demo ends, until Ctrl-C.")
    Integer dashboardPort;

    @Option(names = "--allow-cancel",
            description = "With --dashboard-port: the page gets a Cancel button (with a confirmation).")
    boolean allowCancel;

    @Override
    public Integer call() {
        validate();
        RedisTarget redis = RedisTarget.resolve(spec.commandLine(), redisUrl, root.env(), false);
        if (dispatch == Dispatch.workers && redis == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dispatch workers sends the jobs to 'hymir worker'"
                    + " processes through Redis: pass --redis URL, or set " + HymirCli.REDIS_URL_VARIABLE);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoShape demo = DemoShape.of(shape, jobs, seed);
        requireHeap(demo);
        JobTimes times = new JobTimes(demo.jobCount());
        Path journalDir = null;
        List<String> unfinished = List.of();
        if (!noJournal) {
            Path data = dataDir != null ? dataDir : UserDataDir.of(root.env());
            EngineFactory.prepareDataDir(data);
            journalDir = data.resolve("journal");
            if (dataDir == null) {
                // Not where the user is: say where it went, and how to pick another place.
                err.println("hymir: journal in " + journalDir + " (--data-dir DIR for another place, --no-journal for none)");
                err.flush();
            }
            unfinished = unfinishedIn(journalDir);
        }
        String run = DemoJobs.newRunToken();
        JobRegistry registry = DemoJobs.registry(times, run);
        Workflow wf = demo.toWorkflow(DemoJobs.job(work, run), times);

        // Closed in reverse: the dashboard, the engine, metrics, then the Ctrl-C hook is released.
        try (UntilStopped stop = dashboardPort == null ? null : UntilStopped.install();
             MetricsServer metrics = metricsPort == null ? null : MetricsServer.start(metricsPort);
             RedisWorkers workers = dispatch == Dispatch.workers ? redis.openWorkers(Dispatch.coordinatorName(journalDir)) : null;
             HymirEngine engine = EngineFactory.build(registry, metrics == null ? null : metrics.registry(),
                     journalDir, redis == null ? null : redis.openStore(), workers, EngineFactory.DEMO_FIX);
             HymirDashboard dashboard = dashboardPort == null ? null : DashboardCommand.start(HymirDashboard.builder()
                     .reader(engine).port(dashboardPort).allowCancel(allowCancel ? engine : null))) {
            if (metrics != null) {
                err.println("metrics: " + metrics.url());
                err.flush();
            }
            if (dashboard != null) {
                err.println("dashboard: " + dashboard.url() + (allowCancel ? " (Cancel allowed)" : ""));
                err.flush();
            }
            finishRecovered(engine, unfinished, journalDir, err);
            long runStart = System.nanoTime();
            String id = engine.run(wf);
            WorkflowState state;
            try (ProgressReporter ignored = ProgressReporter.start("demo " + shape, () -> engine.progress(id), err)) {
                state = engine.await(id);
            }
            long wall = System.nanoTime() - runStart;
            printSummary(out, id, demo, state, wall, workers == null
                    ? latencyLine(times.latencies(runStart), times.measured(), demo.jobCount()) : workersLine(workers),
                    journalLine(journalDir, id), redisLine(redis, id));
            if (state.status() != WorkflowState.Status.SUCCESS) {
                err.println("hymir: the demo workflow ended " + state.status()
                        + ": run again with --verbose, or with --work none to rule out the simulated work");
                err.flush();
            }
            if (dashboard != null) {
                err.println("dashboard: still serving " + dashboard.url() + "workflows/" + id + " (Ctrl-C to stop)");
                err.flush();
                stop.await();
            }
            return state.status() == WorkflowState.Status.SUCCESS ? 0 : Errors.FAILED;
        }
    }

    /**
     * The workflows an engine on {@code journalDir} will resume at build(): the engine lists them
     * nowhere, so they are read from the journal before it is opened.
     */
    private static List<String> unfinishedIn(Path journalDir) {
        if (!JournalScan.exists(journalDir)) {
            return List.of();
        }
        try {
            return JournalScan.of(journalDir).unfinished();
        } catch (HymirException e) {
            throw EngineFactory.journalError(e, journalDir, EngineFactory.DEMO_FIX);
        }
    }

    /**
     * Waits for the workflows the engine resumed from the journal before the demo starts: closing
     * the engine would cancel them, and running beside them would skew the demo's numbers.
     */
    private static void finishRecovered(HymirEngine engine, List<String> ids, Path journalDir, PrintWriter err) {
        if (ids.isEmpty()) {
            return;
        }
        err.println("hymir: recovering " + ids.size() + " unfinished workflow(s) from " + journalDir
                + " (finishing them before the demo)");
        err.flush();
        for (String id : ids) {
            WorkflowState state;
            try (ProgressReporter ignored = ProgressReporter.start("recover " + id, () -> engine.progress(id), err)) {
                state = engine.await(id);
            }
            err.println("hymir: recovered workflow " + id + " ended " + state.status());
            err.flush();
        }
    }

    /** The summary's journal line: where, how big, and how many records this run wrote. */
    private String journalLine(Path journalDir, String workflowId) {
        if (journalDir == null) {
            return "off (--no-journal)";
        }
        List<Path> files = JournalScan.files(journalDir);
        return journalDir + ", " + JournalScan.sizeBytes(journalDir) + " bytes in " + files.size() + " file(s), "
                + JournalScan.recordsOf(journalDir, workflowId) + " records for this workflow";
    }

    /** Where the snapshots went, and the command that reads them back. */
    private static String redisLine(RedisTarget redis, String workflowId) {
        if (redis == null) {
            return "off (pass --redis URL or set HYMIR_REDIS_URL to write snapshots)";
        }
        return redis.masked() + " (read it back: hymir status " + workflowId + " " + redis.howToPassAgain() + ")";
    }

    /**
     * Heap the demo needs per job, measured at 10^7 jobs (the workflow, its plan, the run's state, and
     * what building them holds for a moment), with some room: a layered DAG's 4 predecessor links per
     * job cost more than a fan-out's one.
     */
    private static long bytesPerJob(DemoShape.Kind kind) {
        return switch (kind) {
            case fanout -> 48;
            case chain, diamond -> 64;
            case random -> 80;
        };
    }

    /** Refuses, before anything is built, a size the heap cannot hold, saying how much it needs. */
    private void requireHeap(DemoShape demo) {
        long needed = 64L * 1024 * 1024 + demo.jobCount() * bytesPerJob(shape);
        long max = Runtime.getRuntime().maxMemory();
        if (max != Long.MAX_VALUE && needed > max) {
            long mib = (needed >> 20) + 1;
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs " + jobs + " (" + shape + ") needs about "
                    + mib + " MiB of heap and this JVM has " + (max >> 20) + " MiB: give it more (e.g. HYMIR_JAVA_OPTS=-Xmx"
                    + Math.max(1, (mib + 1023) / 1024) + "g ./hymir demo ...), or ask for fewer jobs");
        }
    }

    private void validate() {
        if (jobs < 1 || jobs > DemoShape.MAX_JOBS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--jobs must be between 1 and " + DemoShape.MAX_JOBS + ", was " + jobs);
        }
        if (metricsPort != null) {
            DashboardCommand.checkPort(spec.commandLine(), metricsPort, "--metrics-port");
        }
        if (dashboardPort != null) {
            DashboardCommand.checkPort(spec.commandLine(), dashboardPort, "--dashboard-port");
        }
        if (allowCancel && dashboardPort == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--allow-cancel adds a Cancel button to the dashboard: it needs --dashboard-port");
        }
    }

    private static String latencyLine(long[] latencies, int measured, long jobCount) {
        return "ready -> started p50 " + JobTimes.formatNanos(JobTimes.percentile(latencies, 0.50))
                + ", p99 " + JobTimes.formatNanos(JobTimes.percentile(latencies, 0.99))
                + (measured < jobCount ? " (of " + measured + " sampled jobs)" : "");
    }

    /** With workers the jobs' start times are on other hosts: the coordinator's dispatch -> start instead. */
    private static String workersLine(RedisWorkers workers) {
        RedisWorkers.Stats s = workers.stats();
        return "on workers: dispatch -> started p50 " + JobTimes.formatNanos(s.startP50().toNanos()) + ", p99 "
                + JobTimes.formatNanos(s.startP99().toNanos()) + " (" + s.dispatched() + " entries, " + s.dropped()
                + " duplicate results dropped, " + s.redispatched() + " sent again)";
    }

    private void printSummary(PrintWriter out, String workflowId, DemoShape demo, WorkflowState state, long wallNanos,
                              String latency, String journal, String redis) {
        double seconds = wallNanos / 1e9;
        out.println("workflow:   " + workflowId);
        out.println("shape:      " + demo.description() + " (" + demo.edgeCount() + " edges), work " + work);
        out.println("status:     " + state.status());
        out.println("jobs:       " + demo.jobCount());
        out.println(String.format(Locale.ROOT, "wall time:  %.3f s", seconds));
        out.println(String.format(Locale.ROOT, "jobs/s:     %.0f", demo.jobCount() / seconds));
        out.println("latency:    " + latency);
        out.println("journal:    " + journal);
        out.println("redis:      " + redis);
        out.flush();
    }
}
