package dev.hymir.internal.engine;

import dev.hymir.WorkflowState;
import dev.hymir.spi.StateStore;

/**
 * The publish step of a pass, once its records are durable: copies what the pass changed into the
 * runs' shown state (outputs and exceptions before the status that makes them meaningful, the
 * volatile counters last), tells the state store which runs changed, completes the submissions
 * accepted and reports the runs that ended (after the store has their final state).
 */
final class Publication {
    private Publication() {
    }

    static void publish(Pass pass, Core core) {
        for (Object c : pass.changes) {
            if (c instanceof JobExecution x) {
                x.run.show(x.job);
                continue;
            }
            Pass.Change change = (Pass.Change) c;
            WorkflowRun run = change.run();
            int j = change.job();
            if (change.output() != null) {
                run.showOutput(change.output(), change.value());
            }
            if (change.context() != null) {
                run.contexts.put(j, change.context());
            }
            if (change.exception() != null) {
                run.exceptions.put(j, change.exception());
            }
            run.show(j);
        }
        pass.changes.clear();
        StateStore store = core.store();
        for (WorkflowRun run : pass.touched) {
            run.touched = false;
            run.showRun(switch (run.phase) {
                case SUBMITTED -> WorkflowState.Status.PENDING;
                case RUNNING, CALLBACKS -> WorkflowState.Status.RUNNING;
                case DONE -> run.outcome;
            });
            if (store != null && run.storeNotified.compareAndSet(false, true)) {
                store.changed(run);
            }
        }
        pass.touched.clear();
        for (WorkflowRun run : pass.accepted) {
            run.accepted.complete(null);
        }
        pass.accepted.clear();
        for (WorkflowRun run : pass.ended) {
            core.metrics().workflowFinished(run);
            if (store != null) {
                store.afterStored(run, stored -> core.storedOrGaveUp(run, stored)); // await() sees the store caught up
            } else {
                core.complete(run);
            }
        }
        pass.ended.clear();
        for (WorkflowRun run : pass.restored) {
            if (store != null && !run.storedRecorded) {
                store.afterStored(run, stored -> core.storedOrGaveUp(run, stored)); // written anew: journal when it is
            } else {
                core.complete(run);
            }
        }
        pass.restored.clear();
    }
}
