package dev.hymir.internal.workers;

import dev.hymir.Job;
import dev.hymir.internal.registry.JobTarget;

import java.util.List;
import java.util.Map;

/**
 * What a worker takes from the public package: its {@code JobRegistry}, the allow-list of names it
 * runs, and the factory of {@link Job}s read back from JSON (values are not checked again).
 */
public interface WorkerJobs {

    /** The target of {@code name}, or null when the registry has none (a name in a message never loads code). */
    JobTarget target(String name);

    /**
     * Checks the job's args, kwargs and inputs against its function ({@code InvalidWorkflow.SignatureMismatch}
     * naming the parameter): the coordinator checks only names its own registry knows.
     */
    void check(Job job, String where);

    /** A job as a message describes it. */
    Job job(String name, List<Object> args, Map<String, Object> kwargs, String output, List<Job.Input> inputs,
            Map<String, Object> meta);
}
