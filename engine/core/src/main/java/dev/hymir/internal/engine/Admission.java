package dev.hymir.internal.engine;

import dev.hymir.spi.Dispatcher;
import dev.hymir.spi.Transition;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Ready jobs and the limits on starting them: a FIFO of runs with ready jobs (each run's ready jobs
 * in its own int queue), the engine's {@code maxConcurrency}, per-job-name limits from meta
 * {@code concurrency}, and the dispatcher's capacity (a local dispatcher bounds the threads started
 * but not yet running, so a 10^7-job fan-out does not hold 10^7 threads). Core only: plain fields.
 */
final class Admission {
    private record Waiting(WorkflowRun run, int job) {
    }

    private static final class NameLimit {
        final int limit;
        int running;
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

        NameLimit(int limit) {
            this.limit = limit;
        }
    }

    private final int maxConcurrency;
    private final long defaultTimeoutNanos; // 0: none
    private final Dispatcher dispatcher;
    private final boolean journalsStarts;
    private final Timers timers;
    private final EngineMetrics metrics;
    private final ArrayDeque<WorkflowRun> runsWithReady = new ArrayDeque<>();
    private final Map<String, NameLimit> nameLimits = new HashMap<>();
    private int running;
    private int readyDepth;
    /** Set while the journal is replayed: readiness is worked out once the whole journal is read. */
    boolean replaying;

    Admission(int maxConcurrency, long defaultTimeoutNanos, Dispatcher dispatcher, Timers timers, EngineMetrics metrics) {
        this.maxConcurrency = maxConcurrency <= 0 ? Integer.MAX_VALUE : maxConcurrency;
        this.defaultTimeoutNanos = defaultTimeoutNanos;
        this.dispatcher = dispatcher;
        this.journalsStarts = dispatcher.journalsStarts();
        this.timers = timers;
        this.metrics = metrics;
    }

    /** Job {@code j} is ready (its predecessors succeeded, or its delay ended). */
    void enqueue(WorkflowRun run, int j) {
        if (replaying) {
            return;
        }
        run.ready.add(j);
        run.queued++;
        readyDepth++;
        if (!run.enlisted) {
            run.enlisted = true;
            runsWithReady.add(run);
        }
    }

    /**
     * Starts ready jobs while the limits allow: each becomes STARTING with a new {@link JobExecution}
     * (added to the pass's tickets, dispatched once the pass is durable). A job of a run that stopped
     * stays PENDING and is dropped here.
     */
    void dispatch(Pass pass, RunRules rules) {
        int capacity = dispatcher.capacity();
        while (capacity > 0 && running < maxConcurrency) {
            WorkflowRun run = runsWithReady.peekFirst();
            if (run == null) {
                return;
            }
            if (run.ready.isEmpty()) {
                runsWithReady.pollFirst();
                run.enlisted = false;
                continue;
            }
            int j = run.ready.poll();
            run.queued--;
            readyDepth--;
            if (run.phase != WorkflowRun.Phase.RUNNING || run.stopping) {
                rules.checkDone(run, pass); // dropped: the job stays PENDING
                continue;
            }
            int limit = run.compiled.policy().concurrency(j);
            if (limit > 0) {
                NameLimit slots = nameLimits.computeIfAbsent(run.job(j).name(), k -> new NameLimit(limit));
                if (slots.running >= slots.limit) {
                    slots.waiting.add(new Waiting(run, j));
                    run.queued++;
                    continue;
                }
                slots.running++;
            }
            start(run, j, pass);
            capacity--;
        }
    }

    private void start(WorkflowRun run, int j, Pass pass) {
        JobExecution attempt;
        if (journalsStarts) { // numbered uniquely per job, and journaled: outcomes are fenced by it after a restart
            int n = run.dispatches.getOrDefault(j, 0);
            run.dispatches.put(j, n + 1);
            attempt = new JobExecution(run, j, n);
            pass.record(new Transition.Started(run.key, j, n));
        } else {
            attempt = new JobExecution(run, j, run.retriesOf(j));
        }
        running(attempt, pass);
        metrics.jobStarted();
        pass.tickets.add(attempt);
    }

    /** {@code attempt} is dispatched (or, after a restart, still out there): the run waits for it. */
    void running(JobExecution attempt, Pass pass) {
        WorkflowRun run = attempt.run;
        int j = attempt.job;
        run.status[j] = WorkflowRun.STARTING;
        run.running[j] = attempt;
        run.inFlight++;
        running++;
        pass.changed(attempt);
        long timeout = run.compiled.policy().timeoutNanos(j);
        if (timeout == 0) {
            timeout = defaultTimeoutNanos;
        }
        if (timeout > 0) {
            timers.schedule(timeout, run, j, attempt);
        }
    }

    /** The core stopped waiting for {@code attempt} (it reported, timed out or was cancelled): its slots are free. */
    void released(JobExecution attempt) {
        running--;
        WorkflowRun run = attempt.run;
        if (run.compiled.policy().concurrency(attempt.job) > 0) {
            NameLimit slots = nameLimits.get(run.job(attempt.job).name());
            slots.running--;
            Waiting next = slots.waiting.poll();
            if (next != null) {
                next.run().queued--;
                enqueue(next.run(), next.job());
            }
        }
    }

    /** Jobs ready (or waiting for a per-name slot) but not started. */
    int readyDepth() {
        return readyDepth;
    }

    /** Whether jobs wait that the limits would let start now (more dispatching to do). */
    boolean canDispatchMore() {
        return !runsWithReady.isEmpty() && running < maxConcurrency && dispatcher.capacity() > 0;
    }
}
