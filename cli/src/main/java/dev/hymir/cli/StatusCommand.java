package dev.hymir.cli;

import dev.hymir.HymirException;
import dev.hymir.Job;
import dev.hymir.JobState;
import dev.hymir.RedisExecutor;
import dev.hymir.Workflow;
import dev.hymir.WorkflowDoesNotExist;
import dev.hymir.WorkflowState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Prints a workflow's state, progress and failed jobs from the Redis snapshots an engine with a
 * {@code RedisStateStore} (a {@code hymir demo --redis}, or Python Hymir) wrote. Read-only.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints a workflow's state, progress and failed jobs (each with its exception's first line),"
                + " read from the Redis snapshots its engine wrote. Reads only."},
        footer = {"", "Examples:",
                "  hymir status 3f0c9a9e-... --redis redis://127.0.0.1:6379",
                "  HYMIR_REDIS_URL=redis://hymir:secret@db.internal:6379/2 hymir status 3f0c9a9e-... --failed 0",
                "",
                "Without --redis the URL comes from the environment variable HYMIR_REDIS_URL, so a password"
                        + " need not appear on the command line (ps shows it there)."})
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    HymirCli root;

    @Parameters(index = "0", paramLabel = "ID", description = "The workflow id (hymir demo --redis prints it).")
    String workflowId;

    @Option(names = "--redis", paramLabel = "URL",
            description = "redis://[user:password@]host:port[/db] or rediss://... (the password is never printed)."
                    + " Default: the environment variable HYMIR_REDIS_URL.")
    String redisUrl;

    @Option(names = "--key-prefix", defaultValue = "", paramLabel = "PREFIX",
            description = "The key prefix the engine's RedisStateStore wrote with. Default: none.")
    String keyPrefix;

    @Option(names = "--failed", defaultValue = "20", paramLabel = "N",
            description = "List at most N failed jobs; 0 lists all. Default: ${DEFAULT-VALUE}.")
    int failedLimit;

    @Override
    public Integer call() {
        if (failedLimit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--failed must be >= 0, was " + failedLimit);
        }
        RedisTarget target = RedisTarget.resolve(spec.commandLine(), redisUrl, root.env(), true);
        PrintWriter out = spec.commandLine().getOut();
        try (RedisExecutor redis = target.openExecutor(keyPrefix)) {
            WorkflowState state;
            Map<String, JobState> jobs;
            try {
                state = redis.workflowState(workflowId);
                jobs = redis.jobStates(workflowId);
            } catch (WorkflowDoesNotExist e) {
                throw new UserError("no workflow '" + workflowId + "' in Redis at " + target.masked()
                        + (keyPrefix.isEmpty() ? "" : " under key prefix '" + keyPrefix + "'")
                        + ": check the id (hymir demo --redis prints it) and --key-prefix", e);
            }
            print(out, redis, state, jobs, target);
        }
        return 0;
    }

    private void print(PrintWriter out, RedisExecutor redis, WorkflowState state, Map<String, JobState> jobs,
                       RedisTarget target) {
        Map<JobState.Status, Integer> counts = new EnumMap<>(JobState.Status.class);
        List<Map.Entry<String, JobState>> failed = new ArrayList<>();
        long finished = 0;
        for (Map.Entry<String, JobState> e : jobs.entrySet()) {
            JobState s = e.getValue();
            counts.merge(s.status(), 1, Integer::sum);
            if (s.isFinished()) {
                finished++;
            }
            if (s.status() == JobState.Status.FAILURE) {
                failed.add(e);
            }
        }
        out.println("workflow:   " + workflowId);
        out.println("redis:      " + target.masked() + (keyPrefix.isEmpty() ? "" : ", key prefix '" + keyPrefix + "'"));
        out.println("status:     " + state.status());
        double pct = jobs.isEmpty() ? 100.0 : 100.0 * finished / jobs.size();
        out.println(String.format(Locale.ROOT, "progress:   %d/%d jobs finished (%.1f%%)", finished, jobs.size(), pct));
        StringBuilder byStatus = new StringBuilder();
        for (JobState.Status s : JobState.Status.values()) {
            int n = counts.getOrDefault(s, 0);
            if (n > 0) {
                byStatus.append(byStatus.isEmpty() ? "" : ", ").append(n).append(' ').append(s);
            }
        }
        out.println("jobs:       " + (byStatus.isEmpty() ? "none" : byStatus));
        out.println("failed:     " + failed.size() + (failed.isEmpty() ? "" : " job(s):"));
        if (!failed.isEmpty()) {
            Map<String, Job> names = jobNames(redis);
            int shown = failedLimit == 0 ? failed.size() : Math.min(failedLimit, failed.size());
            for (Map.Entry<String, JobState> e : failed.subList(0, shown)) {
                Job job = names.get(e.getKey());
                JobState s = e.getValue();
                out.println("  job " + e.getKey() + (job == null ? "" : " " + job.name())
                        + (s.retries() > 0 ? " (after " + s.retries() + " retries)" : "")
                        + ": " + exceptionLine(s.exception()));
            }
            if (shown < failed.size()) {
                out.println("  ... and " + (failed.size() - shown) + " more (--failed 0 lists all)");
            }
        }
        out.flush();
    }

    /** Job id → job from the stored definition, for names; empty when it cannot be read (ids still print). */
    private Map<String, Job> jobNames(RedisExecutor redis) {
        try {
            Workflow wf = redis.workflow(workflowId);
            return wf.jobs();
        } catch (HymirException e) {
            return Map.of();
        }
    }

    /**
     * The line of a stored exception that says what went wrong: a Java stack trace's first line
     * ({@code java.lang.IllegalStateException: disk full}), a Python traceback's last one
     * ({@code ValueError: boom}).
     */
    static String exceptionLine(String exception) {
        if (exception == null || exception.isBlank()) {
            return "(no exception recorded)";
        }
        List<String> lines = exception.strip().lines().filter(l -> !l.isBlank()).toList();
        if (lines.getFirst().startsWith("Traceback (most recent call last)")) {
            return lines.getLast().strip();
        }
        return lines.getFirst().strip();
    }
}
