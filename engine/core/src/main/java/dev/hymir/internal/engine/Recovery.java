package dev.hymir.internal.engine;

import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.internal.json.Json;
import dev.hymir.spi.Journal;
import dev.hymir.spi.Transition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds every run from the journal when the engine is built, then resumes the unfinished ones,
 * with the same {@link RunRules} the live core uses (so a race decided live is decided the same way
 * on replay: the journal's order). A job whose terminal transition is journaled keeps it and never
 * runs again; a job with none runs again (at-least-once, Hymir's rule); a pending Retry/CheckLater
 * fires after its remaining delay (due time minus now, at least 0). Finished runs stay readable.
 */
final class Recovery {
    private final Core core;
    private final WorkflowCompiler compiler;
    private final RunRules rules;
    private final Admission admission;
    private final Pass pass;
    private final Map<Integer, WorkflowRun> byKey = new HashMap<>();
    /** Run keys whose end is journaled (Finished, or Cleared), and those whose final state the store has. */
    private final java.util.Set<Integer> ended = new java.util.HashSet<>();
    private final java.util.Set<Integer> stored = new java.util.HashSet<>();
    /** Runs cleared in the journal: a crash may have come between the Cleared record and the store's delete. */
    private final java.util.List<WorkflowRun> cleared = new java.util.ArrayList<>();
    private final boolean resumesStarts;
    private int nextKey;

    Recovery(Core core, WorkflowCompiler compiler, RunRules rules, Admission admission, Pass pass, boolean resumesStarts) {
        this.resumesStarts = resumesStarts;
        this.core = core;
        this.compiler = compiler;
        this.rules = rules;
        this.admission = admission;
        this.pass = pass;
    }

    /**
     * Whether journal retention may delete run {@code key}'s records: it ended, and (when the engine has
     * a state store) its final state reached the store. Runs whose Submitted is gone count as done.
     */
    boolean isDone(int key, boolean storing) {
        return ended.contains(key) && (!storing || stored.contains(key));
    }

    /** The runs the journal says were cleared (their Submitted still in it). */
    java.util.List<WorkflowRun> cleared() {
        return cleared;
    }

    /** Forgets run {@code key} (journal retention deleted its Submitted record). */
    void forget(int key) {
        WorkflowRun run = byKey.remove(key);
        if (run != null) {
            core.forget(run);
            pass.restored.remove(run);
            if (run.touched) { // not shown, not written to the store: it is gone
                run.touched = false;
                pass.touched.remove(run);
            }
        }
    }

    /** Replays and resumes; returns the next free run key. Runs on the building thread, before any other use. */
    int recover(Journal journal, long nowMillis) {
        pass.journaling = false;
        admission.replaying = true;
        long started = System.nanoTime();
        long[] records = {0};
        journal.replay(t -> {
            records[0]++;
            replay(t);
        });
        core.metrics().replayed(records[0], System.nanoTime() - started);
        admission.replaying = false;
        pass.journaling = true; // what resuming does (re-dispatch, failing unresolvable runs) is journaled
        List<Integer> keys = new ArrayList<>(byKey.keySet());
        keys.sort(null);
        for (int key : keys) {
            resume(byKey.get(key), nowMillis);
        }
        return nextKey;
    }

    private void replay(Transition t) {
        nextKey = Math.max(nextKey, t.run() + 1);
        switch (t) {
            case Transition.Finished f -> ended.add(f.run());
            case Transition.Cleared c -> {
                ended.add(c.run());
                stored.add(c.run()); // nothing of it is to be stored any more
            }
            case Transition.Stored s -> stored.add(s.run());
            default -> { }
        }
        if (t instanceof Transition.Submitted s) {
            WorkflowRun run = rebuild(s);
            if (run != null) {
                byKey.put(s.run(), run);
            }
            return;
        }
        WorkflowRun run = byKey.get(t.run());
        if (run == null) {
            return; // its Submitted was in a journal file retention deleted (it had finished), or unreadable
        }
        switch (t) {
            case Transition.Submitted s -> throw new AssertionError(s);
            case Transition.Started st -> {
                if (!isTerminal(run, st.job())) { // (retries come from RetryScheduled records)
                    run.status[st.job()] = WorkflowRun.STARTING;
                    run.dispatches.put(st.job(), st.attempt() + 1);
                    run.dueMillis.remove(st.job());
                }
            }
            case Transition.Succeeded su -> {
                if (!isTerminal(run, su.job())) {
                    rules.succeed(run, su.job(), su.output() == null ? null : Json.read(su.output()), null, pass);
                }
            }
            case Transition.Failed f -> {
                if (!isTerminal(run, f.job())) {
                    rules.fail(run, f.job(), f.exception(), pass);
                }
            }
            case Transition.RetryScheduled r -> {
                run.status[r.job()] = WorkflowRun.PENDING;
                putRetries(run, r.job(), r.retries());
                pass.changed(run, r.job());
                run.dueMillis.put(r.job(), r.dueEpochMillis());
            }
            case Transition.CheckLaterScheduled c -> {
                run.status[c.job()] = WorkflowRun.PENDING;
                Object context = c.context() == null ? null : Json.read(c.context());
                @SuppressWarnings("unchecked")
                Map<String, Object> ctx = context instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                pass.changed(new Pass.Change(run, c.job(), null, null, ctx, null));
                run.dueMillis.put(c.job(), c.dueEpochMillis());
            }
            case Transition.Cancelled c -> {
                run.cancelled = true;
                run.stopping = true;
            }
            case Transition.Finished f -> {
                run.phase = WorkflowRun.Phase.DONE;
                run.outcome = f.status();
                run.dueMillis = null;
                pass.touch(run);
                pass.restored.add(run);
            }
            case Transition.Stored s -> run.storedRecorded = true;
            case Transition.Cleared c -> {
                core.forget(run);
                byKey.remove(c.run());
                cleared.add(run);
                run.phase = WorkflowRun.Phase.DONE;
                pass.restored.remove(run);
                if (run.touched) { // not shown, not written to the store: it is gone
                    run.touched = false;
                    pass.touched.remove(run);
                }
            }
        }
    }

    private static boolean isTerminal(WorkflowRun run, int j) {
        return run.status[j] == WorkflowRun.SUCCESS || run.status[j] == WorkflowRun.FAILURE;
    }

    private static void putRetries(WorkflowRun run, int j, int retries) {
        if (retries > 0) {
            run.retries.put(j, retries);
        }
    }

    /** A run from its journaled definition, or null (logged) if the definition cannot be read at all. */
    private WorkflowRun rebuild(Transition.Submitted s) {
        CompiledWorkflow compiled;
        try {
            Workflow wf = compiler.read(s.definition());
            compiled = compiler.compileUnchecked(wf);
        } catch (RuntimeException e) {
            Core.LOG.error("journal: workflow '{}' has a definition this version cannot read; it is skipped",
                    s.workflowId(), e);
            return null;
        }
        WorkflowRun run = core.newRun(s.workflowId(), compiled);
        run.key = s.run();
        run.dueMillis = new HashMap<>();
        run.phase = WorkflowRun.Phase.RUNNING;
        pass.touch(run);
        pass.accepted.add(run);
        core.register(run);
        return run;
    }

    private void resume(WorkflowRun run, long nowMillis) {
        if (run.phase == WorkflowRun.Phase.DONE) {
            return;
        }
        core.metrics().workflowStarted(run); // an observation per resumed run (its first part was another process's)
        String recoveryError = null;
        try {
            compiler.validate(run.workflow()); // only runs that will run jobs again need their names resolved
        } catch (RuntimeException e) {
            recoveryError = "workflow '" + run.id + "' cannot resume after restart: " + e.getMessage();
        }
        Map<Integer, Long> due = run.dueMillis;
        run.dueMillis = null;
        pass.touch(run);
        if (recoveryError != null) {
            Core.LOG.error(recoveryError);
            for (int j = 0; j < run.size(); j++) {
                if (!isTerminal(run, j)) {
                    rules.fail(run, j, recoveryError, pass);
                }
            }
            rules.finish(run, WorkflowState.Status.FAILURE, pass);
            return;
        }
        if (run.cancelled) {
            rules.finish(run, WorkflowState.Status.CANCELLED, pass);
            return;
        }
        for (int j = 0; j < run.size(); j++) {
            byte status = run.status[j];
            if (status == WorkflowRun.STARTING && resumesStarts && !run.stopping) {
                // Handed to a dispatcher that journals starts: the attempt may still be out there.
                JobExecution attempt = new JobExecution(run, j, run.dispatches.getOrDefault(j, 1) - 1);
                admission.running(attempt, pass);
                pass.resumed.add(attempt);
            } else if (status == WorkflowRun.STARTING) {
                run.status[j] = WorkflowRun.PENDING; // started, never finished: it runs again
                pass.changed(run, j);
                if (!run.stopping) {
                    admission.enqueue(run, j);
                }
            } else if (status == WorkflowRun.PENDING && !run.stopping) {
                Long dueAt = due.get(j);
                if (dueAt != null) {
                    rules.schedule(run, j, Durations.millisToNanosSaturated(Math.max(0, dueAt - nowMillis)));
                } else if (run.remaining[j] == 0) {
                    admission.enqueue(run, j);
                }
            }
        }
        rules.checkDone(run, pass);
    }
}
