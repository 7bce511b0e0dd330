package dev.hymir.cli;

import dev.hymir.Job;
import dev.hymir.JobRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's job function, in the one place both {@code hymir demo} and {@code hymir journal recover}
 * build their registry from: a recovered workflow names its jobs, and the registry is the allow-list
 * of names it may run, so both must register the same handler under the same name.
 *
 * <p>The simulated work travels in the job's {@code work} kwarg (so it is in the journaled
 * definition), which lets a recovery repeat the same work without being told {@code --work} again.
 * The {@code run} kwarg marks the jobs of one demo run: an engine on a journal also resumes earlier
 * unfinished demo workflows, and only the current run's jobs may record into its {@link JobTimes}.
 */
final class DemoJobs {
    static final String JOB_NAME = "hymir.demo.work";

    /** Parsed {@code work} kwargs: one parse per distinct text, not one per job call. */
    private static final Map<String, Work> PARSED = new ConcurrentHashMap<>();

    private DemoJobs() {
    }

    /** A short token telling this demo run's jobs from those of resumed earlier runs. */
    static String newRunToken() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    /** The job every demo workflow is made of: the demo's function with its work and run token as kwargs. */
    static Job job(Work work, String run) {
        return Job.named(JOB_NAME).withKwargs(Map.of("work", work.toString(), "run", run));
    }

    /**
     * The registry of {@code hymir worker}: the demo's job only (nobody measures its times there). Explicit
     * only: a name in a message never loads a class; any other name ends its job FAILURE ("no worker knows
     * job ..."). Applications run their own jobs with a {@code HymirWorker} built on their registry.
     */
    static JobRegistry workerRegistry() {
        return JobRegistry.explicitOnly().register(JOB_NAME, call -> {
            Object spec = call.kwargs().get("work");
            work(spec == null ? "none" : spec.toString()).perform();
            return null;
        });
    }

    /** The registry for recovery: nobody measures the jobs' times. */
    static JobRegistry registry() {
        return registry(null, null);
    }

    /**
     * @param times where the demo records the start and end of its run's jobs, or null to record nothing
     * @param run   the run token of the jobs that record into {@code times}
     */
    static JobRegistry registry(JobTimes times, String run) {
        return JobRegistry.explicitOnly().register(JOB_NAME, call -> {
            boolean record = times != null && run.equals(call.kwargs().get("run"));
            int j = Integer.parseInt(call.jobId()) - 1;
            if (record) {
                times.started(j);
            }
            Object spec = call.kwargs().get("work");
            work(spec == null ? "none" : spec.toString()).perform();
            if (record) {
                times.ended(j);
            }
            return null;
        });
    }

    private static Work work(String spec) {
        return PARSED.computeIfAbsent(spec, Work::parse);
    }
}
