package dev.hymir.cli;

import dev.hymir.HymirWorker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs jobs for engines that dispatch to workers ({@code hymir demo --dispatch workers}, or a
 * {@code RedisWorkers} dispatcher in an application) until Ctrl-C or SIGTERM, showing a live line of
 * jobs done, running and failed. A stop lets the running jobs finish within {@code --grace} and hands the
 * others back to the queue (another worker takes them at once), then exits 0.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs the jobs of engines that dispatch to workers (hymir demo --dispatch workers, or"
                + " RedisWorkers in an application) until Ctrl-C or SIGTERM.",
                "Runs the demo's jobs (hymir.demo.work); any other name ends its job FAILURE after its deliveries"
                        + " (\"no worker knows job X\"): no code is loaded by the name a message gives."
                        + " Applications run their own jobs with HymirWorker and their JobRegistry."},
        footer = {"", "Examples:",
                "  hymir worker --redis redis://127.0.0.1:6379                          (in one terminal, or several)",
                "  hymir demo --jobs 10000 --work sleep:5ms --redis redis://127.0.0.1:6379 --dispatch workers",
                "  hymir worker --redis redis://127.0.0.1:6379 --queue fast --concurrency 1000"})
final class WorkerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    HymirCli root;

    @Option(names = "--redis", paramLabel = "URL",
            description = "redis://[user:password@]host:port[/db] or rediss://... (the password is never printed)."
                    + " Default: the HYMIR_REDIS_URL environment variable.")
    String redisUrl;

    @Option(names = "--concurrency", defaultValue = "256", paramLabel = "N",
            description = "Jobs run at once, at most. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--queue", paramLabel = "Q", split = ",",
            description = "The queue(s) to read (job meta 'queue'); repeat or separate with commas. Default: default.")
    List<String> queues;

    @Option(names = "--grace", defaultValue = "30s", paramLabel = "DURATION",
            description = "On stop, how long running jobs may take to finish before they are handed back. Default: ${DEFAULT-VALUE}.")
    String grace;

    @Option(names = "--lease", defaultValue = "30s", paramLabel = "DURATION",
            description = "How long a job stays this worker's without renewal (renewed every third of it; a dead"
                    + " worker's jobs go to the others after it). Use one value for all workers of a queue. Default: ${DEFAULT-VALUE}.")
    String lease;

    @Option(names = "--name", paramLabel = "NAME",
            description = "This worker's consumer name in Redis. Default: host, process id and a random suffix.")
    String name;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (concurrency < 1) {
            throw new CommandLine.ParameterException(cmd, "--concurrency must be >= 1, was " + concurrency);
        }
        Duration graceTime = duration(cmd, grace, "--grace");
        Duration leaseTime = duration(cmd, lease, "--lease");
        if (leaseTime.toMillis() < 30) {
            throw new CommandLine.ParameterException(cmd, "--lease must be at least 30ms, was " + lease);
        }
        RedisTarget target = RedisTarget.resolve(cmd, redisUrl, root.env(), true);
        HymirWorker.Builder builder = HymirWorker.builder().registry(DemoJobs.workerRegistry()).concurrency(concurrency)
                .lease(leaseTime).shutdownGrace(graceTime);
        try {
            if (queues != null && !queues.isEmpty()) {
                builder.queues(queues.toArray(new String[0]));
            }
            if (name != null) {
                builder.name(name);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        // The stop hook waits for the grace period and the hand-back, then ends the JVM with 0.
        try (UntilStopped stop = UntilStopped.installExitingZero(graceTime.toSeconds() + 20);
             HymirWorker worker = target.openWorker(builder)) {
            worker.start();
            out.println("worker " + worker.name() + ": running jobs from queue(s) " + (queues == null || queues.isEmpty()
                    ? "default" : String.join(", ", queues)) + " on " + target.masked() + " (concurrency " + concurrency
                    + "); Ctrl-C or SIGTERM stops it");
            out.flush();
            try (LiveLine ignored = LiveLine.start(worker, err)) {
                stop.await();
            }
            err.println("hymir: stopping: running jobs get " + Work.Durations.format(graceTime)
                    + " to finish, the others go back to the queue");
            err.flush();
            worker.close(graceTime);
            HymirWorker.Stats s = worker.stats();
            out.println(String.format(Locale.ROOT, "worker %s stopped: %d done, %d failed, %d taken over from other workers,"
                    + " %d handed back", worker.name(), s.done(), s.failed(), s.takenOver(), s.handedBack()));
            out.flush();
        }
        return 0;
    }

    private static Duration duration(CommandLine cmd, String text, String option) {
        try {
            return Work.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, option + ": " + e.getMessage());
        }
    }

    /**
     * The live line on stderr: on a terminal, rewritten in place twice a second; otherwise (a log) a line
     * every ten seconds when something changed.
     */
    static final class LiveLine implements AutoCloseable {
        private final Thread thread;
        private volatile boolean done;

        private LiveLine(HymirWorker worker, PrintWriter err, boolean terminal) {
            this.thread = Thread.ofPlatform().daemon().name("hymir-worker-line").unstarted(() -> {
                String last = "";
                while (!done) {
                    HymirWorker.Stats s = worker.stats();
                    String line = String.format(Locale.ROOT, "done %d, running %d, failed %d", s.done(), s.running(), s.failed());
                    if (terminal) {
                        err.print("\r" + line + "   ");
                        err.flush();
                    } else if (!line.equals(last)) {
                        err.println(line);
                        err.flush();
                    }
                    last = line;
                    try {
                        Thread.sleep(terminal ? 500 : 10_000);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                if (terminal) {
                    err.println();
                    err.flush();
                }
            });
        }

        static LiveLine start(HymirWorker worker, PrintWriter err) {
            LiveLine l = new LiveLine(worker, err, ProgressReporter.stderrIsTerminal());
            l.thread.start();
            return l;
        }

        @Override
        public void close() {
            done = true;
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
