package dev.hymir;

/**
 * One record of a journal, as {@link JournalReader} reads it.
 *
 * @param index      the record's position in the journal, from 0 (records of retention-deleted files not counted)
 * @param workflowId the workflow it belongs to, or {@code null} if its submission was in a deleted file
 * @param type       {@code submitted}, {@code started}, {@code succeeded}, {@code failed}, {@code retry},
 *                   {@code check_later}, {@code finished}, {@code cancelled} or {@code cleared}
 * @param jobId      the job's id ("1", "2", ...) for job records, else {@code null}
 * @param detail     what else the record holds, as text: the definition JSON as recorded, with each distinct predecessor list once instead of one link per edge ({@code Workflow.fromJson} reads it; submitted), {@code attempt=N}
 *                   (started), the output JSON or empty (succeeded), the exception text (failed),
 *                   {@code retries=N due=INSTANT} (retry), {@code due=INSTANT context=JSON} (check_later),
 *                   the status (finished); empty otherwise
 */
public record JournalEntry(long index, String workflowId, String type, String jobId, String detail) {

    /** Whether this record ends its job (succeeded or failed). */
    public boolean isJobTerminal() {
        return type.equals("succeeded") || type.equals("failed");
    }
}
