package dev.hymir;

import java.util.Locale;

/**
 * One record of a journal, as {@link JournalReader} reads it.
 *
 * @param index      the record's position in the journal, from 0 (records of retention-deleted files not counted)
 * @param workflowId the workflow it belongs to, or {@code null} if its submission was in a deleted file
 * @param type       what the record says happened
 * @param jobId      the job's id ("1", "2", ...) for job records, else {@code null}
 * @param detail     what else the record holds, as text: the definition as JSON with each distinct
 *                   predecessor list once instead of one link per edge ({@code Workflow.fromJson} reads it),
 *                   or a summary line for a workflow of more than 100,000 jobs ({@link Type#SUBMITTED}),
 *                   {@code attempt=N} ({@link Type#STARTED}), the output
 *                   JSON or empty ({@link Type#SUCCEEDED}), the exception text ({@link Type#FAILED}),
 *                   {@code retries=N due=INSTANT} ({@link Type#RETRY}), {@code due=INSTANT context=JSON}
 *                   ({@link Type#CHECK_LATER}), the status ({@link Type#FINISHED}); empty otherwise
 */
public record JournalEntry(long index, String workflowId, Type type, String jobId, String detail) {

    /** {@code type} is required; {@code workflowId}, {@code jobId} may be null (see above), {@code detail} null reads as empty. */
    public JournalEntry {
        Args.notNull(type, "JournalEntry", "type");
        detail = detail == null ? "" : detail;
    }

    /** The kinds of journal records, in the order a workflow's life meets them. */
    public enum Type {
        /** A workflow was accepted; the detail is its definition. */
        SUBMITTED,
        /** A job started (an attempt). */
        STARTED,
        /** A job succeeded. */
        SUCCEEDED,
        /** A job failed. */
        FAILED,
        /** A job returned Retry and waits to run again. */
        RETRY,
        /** A job returned CheckLater and waits to run again. */
        CHECK_LATER,
        /** A workflow ended (SUCCESS or FAILURE). */
        FINISHED,
        /** A workflow was cancelled. */
        CANCELLED,
        /** A finished workflow was cleared. */
        CLEARED,
        /** A finished workflow's final state reached the state store (retention may delete it now). */
        STORED;

        /** The lowercase word tools print: {@code submitted}, ..., {@code check_later}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether this record ends its job ({@link Type#SUCCEEDED} or {@link Type#FAILED}). */
    public boolean isJobTerminal() {
        return type == Type.SUCCEEDED || type == Type.FAILED;
    }
}
