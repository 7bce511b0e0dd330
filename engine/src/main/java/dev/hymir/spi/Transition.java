package dev.hymir.spi;

import dev.hymir.WorkflowState;

/**
 * What the engine journals (SPI, see {@link Journal}): the transitions its core made in one pass,
 * appended in one call (group commit) before any of their effects is visible. Replaying them in order
 * rebuilds every run's state; a transition that finds its job already finished is ignored, live and
 * on replay alike, so the journal order decides every race (a late success after a timeout).
 *
 * <p>{@code run} is the run's journal key, a small number the loop gives each workflow when its
 * {@link Submitted} is journaled, so later records need not repeat the 36-character id. {@code job}
 * is a job index (job id minus one). User payloads are JSON text written with {@code Json.MAPPER}.
 */
public sealed interface Transition {
    int run();

    /**
     * A workflow was accepted; {@code definition} is what the engine's compiler reads it back from (a
     * compact binary form; JSON text in journals of versions before 0.2). Compared by content.
     */
    record Submitted(int run, String workflowId, byte[] definition) implements Transition {
        /** A definition given as text (JSON), stored as its UTF-8 bytes. */
        public Submitted(int run, String workflowId, String definition) {
            this(run, workflowId, definition.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Submitted s && run == s.run && workflowId.equals(s.workflowId)
                    && java.util.Arrays.equals(definition, s.definition);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * run + workflowId.hashCode()) + java.util.Arrays.hashCode(definition);
        }

        @Override
        public String toString() {
            return "Submitted[run=" + run + ", workflowId=" + workflowId + ", definition=" + definition.length + " bytes]";
        }
    }

    /**
     * A job attempt was handed to a dispatcher that needs it durable first (remote workers); {@code
     * attempt} is its number among the job's dispatches (see {@code JobTicket.attempt}). Jobs run in the
     * engine's own JVM are not journaled when they start: after a crash a job without a terminal record
     * runs again whether it had started or not. (Journals written before version 0.2 hold the job's
     * retries here.)
     */
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

    /**
     * The finished run's final state reached the engine's state store: journal retention may delete its
     * records now (before, deleting them would lose the only copy of its end).
     */
    record Stored(int run) implements Transition {
    }
}
