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

    /** How many times this job was retried before this attempt (0 for the first). */
    int attempt();
}
