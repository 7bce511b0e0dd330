package dev.hymir;

/** What a workflow does when one of its jobs ends FAILURE. */
public enum FailurePolicy {
    /**
     * Hymir's rule (the default): the first FAILURE makes the workflow FAILURE and nothing new
     * starts; jobs never started stay PENDING. Jobs already running finish first, so the states are
     * final when {@code await} returns.
     */
    FAIL_FAST,
    /**
     * Jobs not downstream of a failed job keep running; the workflow ends FAILURE once nothing more
     * can run. Jobs downstream of a failure stay PENDING.
     */
    CONTINUE_OTHER_BRANCHES
}
