package dev.hymir.internal.engine;

import dev.hymir.WorkflowState;

/**
 * What the scheduler loop journals: the transitions it made while applying one batch of
 * {@link Event}s. They are appended (one group commit per drain) before any of their effects leave
 * the loop: job threads start, timers count and completion futures complete only after
 * {@link Journal#append} returned. Replaying them in order rebuilds every run's state.
 *
 * <p>{@code run} is the run's journal key, a small number the loop gives each workflow when its
 * {@link Submitted} is journaled, so later records need not repeat the 36-character id. {@code job}
 * is a job index (job id minus one). User payloads are JSON text written with {@code Json.MAPPER}.
 */
public sealed interface Transition {
    int run();

    /** A workflow was accepted; {@code definition} is its JSON ({@code Workflow.fromJson} reads it back). */
    record Submitted(int run, String workflowId, String definition) implements Transition {
    }

    /** A job was dispatched ({@code attempt} = its retries so far); its thread starts after this is journaled. */
    record Started(int run, int job, int attempt) implements Transition {
    }

    /** A job succeeded; {@code output} is its value as JSON when the job has an output, else {@code null}. */
    record Succeeded(int run, int job, String output) implements Transition {
    }

    /** A job failed (it threw, returned Failure, timed out, ran out of retries, or was interrupted). */
    record Failed(int run, int job, String exception) implements Transition {
    }

    /** A job answered Retry: it runs again at {@code dueEpochMillis} (wall clock, so it survives restart). */
    record RetryScheduled(int run, int job, int retries, long dueEpochMillis) implements Transition {
    }

    /** A job answered CheckLater: it runs again at {@code dueEpochMillis} with {@code context} (JSON). */
    record CheckLaterScheduled(int run, int job, long dueEpochMillis, String context) implements Transition {
    }

    /** The run ended with {@code status} (after its callbacks). */
    record Finished(int run, WorkflowState.Status status) implements Transition {
    }

    /** The run was cancelled (by cancel() or close()); nothing of it starts any more. */
    record Cancelled(int run) implements Transition {
    }

    /** A finished run was cleared: it is forgotten on replay. */
    record Cleared(int run) implements Transition {
    }
}
