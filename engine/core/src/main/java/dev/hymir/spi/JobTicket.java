package dev.hymir.spi;

import dev.hymir.Job;

/**
 * One attempt of one job, as the engine hands it to a {@link Dispatcher} (SPI). The ticket is the
 * attempt's identity: the engine accepts an outcome only for the ticket it is waiting for, so the
 * outcome of an attempt it gave up on (timed out, cancelled) is ignored.
 */
public interface JobTicket {

    /** The run's id. */
    String workflowId();

    /** The job's id ("1", "2", ...). */
    String jobId();

    /** The job (its name, args, kwargs, output, inputs and meta). */
    Job job();

    /**
     * The attempt's number among this job's dispatches: 0 for the first, one more for each dispatch
     * after a Retry or a CheckLater. Journaled (for dispatchers that journal starts), so after a restart
     * an outcome reported for an older attempt is still recognised and ignored.
     */
    int attempt();

    /**
     * The run this attempt belongs to, as readers see it (durable states and outputs only): where a
     * dispatcher that hands the job to another process reads the values of its inputs, its own
     * {@link RunView#jobState state} (retries, CheckLater context) and the workflow.
     */
    RunView run();
}
