package dev.hymir.internal.engine;

import dev.hymir.spi.Transition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one pass of the core collects while it applies events, and lets out only after its journal
 * records are written: the records themselves, the state changes to show, the attempts to dispatch
 * or interrupt, the runs whose submission is accepted or whose end is to be reported, and actions
 * (callbacks, clears) that must wait for durability. Reused from pass to pass; core only.
 */
final class Pass {
    /** A shown-state change beyond a status: an output value, a CheckLater context or an exception. */
    record Change(WorkflowRun run, int job, String output, Object value, Map<String, Object> context, String exception) {
    }

    /** Whether transitions are recorded (false while replaying the journal, and after the journal failed). */
    boolean journaling;
    final List<Transition> records = new ArrayList<>();
    /** JobExecution (its job's status changed) or {@link Change}. */
    final List<Object> changes = new ArrayList<>();
    final List<WorkflowRun> touched = new ArrayList<>();
    final List<JobExecution> tickets = new ArrayList<>();
    final List<JobExecution> interrupts = new ArrayList<>();
    /** Attempts journaled as started before a restart, handed back to a dispatcher that journals starts. */
    final List<JobExecution> resumed = new ArrayList<>();
    /** Attempts whose outcome this pass applied or ignored (kept only for dispatchers that journal starts). */
    final List<JobExecution> settled = new ArrayList<>();
    /** Whether the dispatcher journals starts (remote workers): then {@link #settled} is kept. */
    boolean trackSettled;
    final List<WorkflowRun> accepted = new ArrayList<>();
    final List<WorkflowRun> ended = new ArrayList<>();
    /** Runs the journal says finished, rebuilt at start: reported finished without counting as ending now. */
    final List<WorkflowRun> restored = new ArrayList<>();
    final List<Runnable> afterCommit = new ArrayList<>();

    void record(Transition t) {
        if (journaling) {
            records.add(t);
        }
    }

    /** Job {@code j} of {@code run} changed status (or retries). */
    void changed(WorkflowRun run, int j) {
        changes.add(new Change(run, j, null, null, null, null));
        touch(run);
    }

    /** Like {@link #changed}, for the attempt's own job: no allocation on the common path. */
    void changed(JobExecution attempt) {
        changes.add(attempt);
        touch(attempt.run);
    }

    void changed(Change change) {
        changes.add(change);
        touch(change.run());
    }

    /** The run's own state or counters changed. */
    void touch(WorkflowRun run) {
        if (!run.touched) {
            run.touched = true;
            touched.add(run);
        }
    }

    boolean isEmpty() {
        return records.isEmpty() && changes.isEmpty() && touched.isEmpty() && tickets.isEmpty() && interrupts.isEmpty()
                && resumed.isEmpty() && settled.isEmpty()
                && accepted.isEmpty() && ended.isEmpty() && restored.isEmpty() && afterCommit.isEmpty();
    }

    /** Drops what this pass would have let out (the journal failed: none of it is durable). */
    void discard() {
        records.clear();
        changes.clear();
        for (WorkflowRun run : touched) {
            run.touched = false;
        }
        touched.clear();
        tickets.clear();
        interrupts.clear();
        resumed.clear();
        settled.clear();
        accepted.clear();
        ended.clear();
        restored.clear();
        afterCommit.clear();
    }
}
