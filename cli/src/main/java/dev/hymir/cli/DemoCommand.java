package dev.hymir.cli;

import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
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
                "  hymir demo --shape random --seed 7 --work sleep:5ms --metrics-port 9464"})
final class DemoCommand implements Callable<Integer> {
    static final String JOB_NAME = "hymir.demo.work";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Where the journal goes (created if missing). Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--no-journal", description = "Run without a journal; --data-dir is not touched.")
    boolean noJournal;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics while the demo runs"
                    + " (0 picks a free port).")
    Integer metricsPort;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoShape demo = DemoShape.of(shape, jobs, seed);
        JobTimes times = new JobTimes(demo.jobCount());
        Work w = work;
        JobRegistry registry = JobRegistry.explicitOnly().register(JOB_NAME, call -> {
            int j = Integer.parseInt(call.jobId()) - 1;
            times.started(j);
            w.perform();
            times.ended(j);
            return null;
        });
        Workflow wf = demo.toWorkflow(Job.named(JOB_NAME));

        try (MetricsServer metrics = metricsPort == null ? null : MetricsServer.start(metricsPort);
             HymirEngine engine = EngineFactory.build(registry, metrics == null ? null : metrics.registry(),
                     noJournal ? null : dataDir)) {
            if (metrics != null) {
                err.println("metrics: " + metrics.url());
                err.flush();
            }
            long runStart = System.nanoTime();
            String id = engine.run(wf);
            WorkflowState state;
            try (ProgressReporter ignored = ProgressReporter.start("demo " + shape, () -> engine.progress(id), err)) {
                state = engine.await(id);
            }
            long wall = System.nanoTime() - runStart;
            printSummary(out, demo, state, wall, times.latencies(demo.predecessors(), runStart));
            if (state.status() != WorkflowState.Status.SUCCESS) {
                err.println("hymir: the demo workflow ended " + state.status()
                        + ": run again with --verbose, or with --work none to rule out the simulated work");
                err.flush();
                return Errors.FAILED;
            }
            return 0;
        }
    }

    private void validate() {
        if (jobs < 1 || jobs > DemoShape.MAX_JOBS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--jobs must be between 1 and " + DemoShape.MAX_JOBS + ", was " + jobs);
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--metrics-port must be between 0 and 65535, was " + metricsPort);
        }
    }

    private void printSummary(PrintWriter out, DemoShape demo, WorkflowState state, long wallNanos, long[] latencies) {
        double seconds = wallNanos / 1e9;
        out.println("shape:      " + demo.description() + " (" + demo.edgeCount() + " edges), work " + work);
        out.println("status:     " + state.status());
        out.println("jobs:       " + demo.jobCount());
        out.println(String.format(Locale.ROOT, "wall time:  %.3f s", seconds));
        out.println(String.format(Locale.ROOT, "jobs/s:     %.0f", demo.jobCount() / seconds));
        out.println("latency:    ready -> started p50 " + JobTimes.formatNanos(JobTimes.percentile(latencies, 0.50))
                + ", p99 " + JobTimes.formatNanos(JobTimes.percentile(latencies, 0.99)));
        out.println("journal:    " + (noJournal ? "off (--no-journal)" : EngineFactory.JOURNAL_UNAVAILABLE));
        out.flush();
    }
}
