package dev.hymir.internal.engine;

import dev.hymir.Callback;
import dev.hymir.CheckLater;
import dev.hymir.EngineClock;
import dev.hymir.Failure;
import dev.hymir.FailurePolicy;
import dev.hymir.Job;
import dev.hymir.Retry;
import dev.hymir.Success;
import dev.hymir.WorkflowState;
import dev.hymir.spi.Transition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a run moves: a job's outcome, a timer, a cancel, the end of the run and its callbacks. Each rule
 * changes the working state, records the journal transition and notes what to show in the
 * {@link Pass}; nothing here is visible before the pass is durable. Core only.
 *
 * <p><b>Ends of a run.</b> SUCCESS when every job succeeded; FAILURE on the first failure under
 * {@link FailurePolicy#FAIL_FAST} (once jobs already running have reported) or, under
 * {@code CONTINUE_OTHER_BRANCHES}, when nothing more can run; CANCELLED by a cancel. Then the
 * callbacks run, and only after the last one reported is the run DONE (journaled Finished) and its
 * completion reported.
 */
final class RunRules {
    private final FailurePolicy failurePolicy;
    private final EngineClock clock;
    private final Admission admission;
    private final Timers timers;
    private final EngineMetrics metrics;
    private final Core core;

    RunRules(FailurePolicy failurePolicy, EngineClock clock, Admission admission, Timers timers, EngineMetrics metrics, Core core) {
        this.failurePolicy = failurePolicy;
        this.clock = clock;
        this.admission = admission;
        this.timers = timers;
        this.metrics = metrics;
        this.core = core;
    }

    /** A submitted run starts: its roots are ready. */
    void start(WorkflowRun run, int key, byte[] definition, Pass pass) {
        run.key = key;
        pass.record(new Transition.Submitted(key, run.id, definition));
        pass.accepted.add(run);
        run.phase = WorkflowRun.Phase.RUNNING;
        pass.touch(run);
        for (int j = 0; j < run.size(); j++) {
            if (run.remaining[j] == 0) {
                admission.enqueue(run, j);
            }
        }
        checkDone(run, pass);
    }

    /** An attempt reported; ignored unless the run still waits for exactly this attempt. */
    void reported(JobExecution x, Pass pass) {
        WorkflowRun run = x.run;
        int j = x.job;
        if (pass.trackSettled) {
            pass.settled.add(x); // applied or ignored: either way the dispatcher may forget it once durable
        }
        if (run.running[j] != x) {
            return; // settled already: timed out, or its run was cancelled or cleared
        }
        settle(x);
        String name = run.job(j).name();
        if (x.error != null) {
            metrics.jobFinished(name, EngineMetrics.Outcome.FAILURE, x.nanos);
            fail(run, j, x.error, pass);
        } else {
            switch (x.result) {
                case Success s -> {
                    metrics.jobFinished(name, EngineMetrics.Outcome.SUCCESS, x.nanos);
                    pass.record(new Transition.Succeeded(run.key, j, x.payload));
                    succeed(run, j, s.result(), x, pass);
                }
                case Failure f -> {
                    metrics.jobFinished(name, EngineMetrics.Outcome.FAILURE, x.nanos);
                    fail(run, j, run.describe(j) + " returned Failure(" + f.result() + ")", pass);
                }
                case Retry retry -> retry(run, j, retry, x.nanos, pass);
                case CheckLater later -> {
                    metrics.jobFinished(name, EngineMetrics.Outcome.CHECK_LATER, x.nanos);
                    run.status[j] = WorkflowRun.PENDING;
                    long due = dueMillis(later.waitFor());
                    pass.record(new Transition.CheckLaterScheduled(run.key, j, due, x.payload));
                    pass.changed(new Pass.Change(run, j, null, null, later.context() == null ? Map.of() : later.context(), null));
                    schedule(run, j, Durations.toNanosSaturated(later.waitFor()));
                }
            }
        }
        checkDone(run, pass);
    }

    /** The core no longer waits for {@code x}: its slots are free. */
    private void settle(JobExecution x) {
        x.run.running[x.job] = null;
        x.run.inFlight--;
        admission.released(x);
    }

    /** Job {@code j} succeeded: its successors whose last predecessor it was become ready. */
    void succeed(WorkflowRun run, int j, Object value, JobExecution attempt, Pass pass) {
        run.status[j] = WorkflowRun.SUCCESS;
        run.finished++;
        String output = run.job(j).output();
        if (output != null) {
            pass.changed(new Pass.Change(run, j, output, value, null, null));
        } else if (attempt != null) {
            pass.changed(attempt);
        } else {
            pass.changed(run, j);
        }
        if (run.stopping) {
            return; // a late success under FAIL_FAST starts nothing
        }
        int[] offsets = run.plan.offsets();
        int[] targets = run.plan.targets();
        for (int e = offsets[j]; e < offsets[j + 1]; e++) {
            int s = targets[e];
            if (--run.remaining[s] != 0) {
                continue;
            }
            if (!run.plan.isJoin(s)) {
                admission.enqueue(run, s);
                continue;
            }
            for (int f = offsets[s]; f < offsets[s + 1]; f++) { // a join does no work: pass through
                if (--run.remaining[targets[f]] == 0) {
                    admission.enqueue(run, targets[f]);
                }
            }
        }
    }

    void fail(WorkflowRun run, int j, String exception, Pass pass) {
        pass.record(new Transition.Failed(run.key, j, exception));
        run.status[j] = WorkflowRun.FAILURE;
        run.finished++;
        run.failed = true;
        if (failurePolicy == FailurePolicy.FAIL_FAST) {
            run.stopping = true;
        }
        pass.changed(new Pass.Change(run, j, null, null, null, exception));
    }

    private void retry(WorkflowRun run, int j, Retry retry, long nanos, Pass pass) {
        Integer max = retry.maxRetries();
        int retries = run.retriesOf(j);
        if (max != null && retries >= max) {
            metrics.jobFinished(run.job(j).name(), EngineMetrics.Outcome.FAILURE, nanos);
            fail(run, j, run.describe(j) + " asked to Retry after " + retries
                    + " retries, but maxRetries = " + max + ": giving up", pass);
            return;
        }
        metrics.jobFinished(run.job(j).name(), EngineMetrics.Outcome.RETRY, nanos);
        run.retries.put(j, retries + 1);
        run.status[j] = WorkflowRun.PENDING;
        pass.changed(run, j);
        long min = Durations.toNanosSaturated(retry.waitMin());
        long span = Durations.toNanosSaturated(retry.waitMax()) - min;
        long jitter = span <= 0 ? 0 : ThreadLocalRandom.current().nextLong(span == Long.MAX_VALUE ? span : span + 1);
        long delay = Durations.addSaturated(min, jitter);
        pass.record(new Transition.RetryScheduled(run.key, j, retries + 1, dueMillis(delay)));
        schedule(run, j, delay);
    }

    private long dueMillis(Duration delay) {
        return dueMillis(Durations.toNanosSaturated(delay));
    }

    /** The wall-clock due time of a delay, rounded up to a millisecond so it never fires early. */
    private long dueMillis(long delayNanos) {
        long millis = delayNanos / 1_000_000 + (delayNanos % 1_000_000 == 0 ? 0 : 1);
        return Durations.addSaturated(clock.epochMillis(), millis);
    }

    void schedule(WorkflowRun run, int j, long delayNanos) {
        run.timers++;
        timers.schedule(delayNanos, run, j, null);
    }

    /** A delay ended (the job is ready again) or a timeout passed (the attempt fails, its thread is interrupted). */
    void timerFired(Timers.Entry t, Pass pass) {
        WorkflowRun run = t.run();
        int j = t.job();
        if (!t.isTimeout()) {
            run.timers--;
            if (run.phase == WorkflowRun.Phase.RUNNING && !run.stopping) {
                admission.enqueue(run, j);
            }
            checkDone(run, pass);
            return;
        }
        JobExecution attempt = t.attempt();
        if (run.running[j] != attempt) {
            return; // the attempt ended before its timeout
        }
        settle(attempt);
        pass.interrupts.add(attempt);
        Thread thread = attempt.thread;
        if (thread != null && thread.isAlive()) {
            metrics.jobAbandoned(); // its thread may ignore the interrupt: its slot is free already
        }
        long timeout = run.compiled.policy().timeoutNanos(j);
        Duration shown = Duration.ofNanos(timeout > 0 ? timeout : core.defaultTimeoutNanos());
        metrics.jobFinished(run.job(j).name(), EngineMetrics.Outcome.FAILURE, shown.toNanos());
        fail(run, j, run.describe(j) + " timed out after " + shown + " (job meta 'timeout' or the engine's"
                + " defaultJobTimeout) and was interrupted", pass);
        checkDone(run, pass);
    }

    void cancel(WorkflowRun run, Pass pass) {
        if (run.phase == WorkflowRun.Phase.CALLBACKS || run.phase == WorkflowRun.Phase.DONE
                || run.phase == WorkflowRun.Phase.SUBMITTED) {
            return; // already ending (or never started: its Submitted failed)
        }
        pass.record(new Transition.Cancelled(run.key));
        run.cancelled = true;
        interruptRunning(run, "the workflow was cancelled", pass);
        finish(run, WorkflowState.Status.CANCELLED, pass);
    }

    /** Every attempt of {@code run} still running fails now ("was interrupted: why"); nothing new starts. */
    void interruptRunning(WorkflowRun run, String why, Pass pass) {
        for (int j = 0; j < run.size(); j++) {
            JobExecution attempt = run.running[j];
            if (attempt != null) {
                settle(attempt);
                pass.interrupts.add(attempt);
                String exception = run.describe(j) + " was interrupted: " + why;
                pass.record(new Transition.Failed(run.key, j, exception));
                run.status[j] = WorkflowRun.FAILURE;
                run.finished++;
                pass.changed(new Pass.Change(run, j, null, null, null, exception));
            }
        }
        run.stopping = true;
    }

    /**
     * Something went wrong in the core while applying an event of {@code run}: the run fails (its
     * running attempts interrupted), the others go on.
     */
    void abort(WorkflowRun run, String why, Pass pass) {
        switch (run.phase) {
            case SUBMITTED -> run.accepted.completeExceptionally(new IllegalStateException(why));
            case RUNNING -> {
                interruptRunning(run, why, pass);
                run.failed = true;
                finish(run, WorkflowState.Status.FAILURE, pass);
            }
            case CALLBACKS -> end(run, pass);
            case DONE -> { }
        }
    }

    void callbackReported(WorkflowRun run, Callback callback, String error, Pass pass) {
        if (run.phase != WorkflowRun.Phase.CALLBACKS) {
            return;
        }
        if (error != null) {
            run.callbackErrors.put(callback.jsonName(), error);
            Core.LOG.warn("the {} callback of workflow {} failed:\n{}", callback, run.id, error);
        }
        if (--run.callbacksLeft == 0) {
            end(run, pass);
        }
    }

    /** Ends the run if nothing more can happen in it. */
    void checkDone(WorkflowRun run, Pass pass) {
        if (run.phase != WorkflowRun.Phase.RUNNING || run.inFlight > 0) {
            return;
        }
        if (!run.failed && run.finished == run.size()) {
            finish(run, WorkflowState.Status.SUCCESS, pass);
        } else if (run.failed && (run.stopping || (run.queued == 0 && run.timers == 0))) {
            finish(run, WorkflowState.Status.FAILURE, pass);
        }
    }

    /** The run's outcome is decided: its callbacks run (after this pass is durable), then it ends. */
    void finish(WorkflowRun run, WorkflowState.Status status, Pass pass) {
        run.phase = WorkflowRun.Phase.CALLBACKS;
        run.outcome = status;
        run.stopping = true;
        pass.touch(run);
        List<Map.Entry<Callback, Job>> callbacks = new ArrayList<>();
        for (Map.Entry<Callback, Job> e : run.workflow().callbacks().entrySet()) {
            Callback when = e.getKey();
            if (when == Callback.ON_FINISHED
                    || when == Callback.ON_SUCCESS && status == WorkflowState.Status.SUCCESS
                    || when == Callback.ON_FAILURE && status == WorkflowState.Status.FAILURE) {
                callbacks.add(e);
            }
        }
        if (callbacks.isEmpty() || core.isShuttingDown()) {
            end(run, pass);
            return;
        }
        run.callbacksLeft = callbacks.size();
        for (Map.Entry<Callback, Job> e : callbacks) {
            pass.afterCommit.add(() -> core.startCallback(run, e.getKey(), e.getValue(), status));
        }
    }

    /** The run is DONE: journaled Finished; its end is reported once the pass is durable. */
    void end(WorkflowRun run, Pass pass) {
        run.phase = WorkflowRun.Phase.DONE;
        pass.record(new Transition.Finished(run.key, run.outcome));
        pass.touch(run);
        pass.ended.add(run);
    }
}
