package dev.hymir.internal.engine;

import dev.hymir.Job;
import dev.hymir.JobResult;
import dev.hymir.spi.JobTicket;

/**
 * One attempt of one job: the ticket the core hands to the {@link dev.hymir.spi.Dispatcher}, and,
 * once the attempt ended, the report it sends back (its outcome fields are set by the reporting
 * thread before it is pushed). The core accepts the report only if the run still waits for this very
 * object ({@code run.running[job] == this}): the identity fences off a late report of an attempt the
 * core gave up on (timed out, cancelled).
 *
 * <p>Not a record: reports go onto the core's lock-free stack linked through {@link #next}, so a
 * report costs no queue node.
 */
final class JobExecution implements Event, JobTicket {
    final WorkflowRun run;
    final int job;
    final int attempt;
    /** The thread running the attempt, while it runs in this JVM; interrupted on timeout or cancel. */
    volatile Thread thread;
    /** The core gave up on this attempt (timeout, cancel, close): if it has not begun, it never does. */
    volatile boolean abandoned;
    /** Set by the one report that pushes this attempt (remote outcomes): a duplicate delivery is refused. */
    private volatile boolean reported;

    // The outcome, written by the reporting thread before the push that publishes them.
    JobResult result;
    String error;
    String payload;
    long nanos;
    /** Counted in the reports-waiting gauge when pushed (meters were bound then). */
    boolean counted;
    /** The report pushed before this one; then, once the core took the stack, the next to apply. */
    JobExecution next;

    JobExecution(WorkflowRun run, int job, int attempt) {
        this.run = run;
        this.job = job;
        this.attempt = attempt;
    }

    /**
     * Interrupts the thread running this attempt, if it still runs it. Under this attempt's lock with
     * {@link #stopInterrupts}: the thread goes on to other work (a report, the next job), and an
     * interrupt meant for this attempt must never reach that.
     */
    synchronized void interruptThread() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** The attempt's code returned: no interrupt reaches its thread from now on, and a late one is cleared. */
    void stopInterrupts() {
        synchronized (this) {
            thread = null;
        }
        Thread.interrupted();
    }

    @Override
    public String workflowId() {
        return run.id;
    }

    @Override
    public String jobId() {
        return Integer.toString(job + 1);
    }

    @Override
    public Job job() {
        return run.job(job);
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public dev.hymir.spi.RunView run() {
        return run;
    }

    /** Claims the right to report this attempt's outcome; false if it was reported already. */
    boolean claimReport() {
        return !reported && REPORTED.compareAndSet(this, false, true);
    }

    private static final java.lang.invoke.VarHandle REPORTED;

    static {
        try {
            REPORTED = java.lang.invoke.MethodHandles.lookup().findVarHandle(JobExecution.class, "reported", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "JobExecution(" + run.id + ", job " + (job + 1) + ", attempt " + attempt + ")";
    }
}
