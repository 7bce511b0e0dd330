package dev.hymir.dashboard;

import dev.hymir.WorkflowState;

/**
 * One workflow's numbers as the list and the page header show them (also its JSON form): jobs by
 * state, {@code finished} = succeeded + failed, {@code pending} = jobs with no state yet included.
 */
record Summary(String id, WorkflowState.Status status, long finished, long total, long failed, long succeeded,
               long running, long pending) {

    static Summary of(String id, WorkflowState.Status status, long total, long running, long succeeded, long failed) {
        return new Summary(id, status, succeeded + failed, total, failed, succeeded, running,
                Math.max(0, total - running - succeeded - failed));
    }
}
