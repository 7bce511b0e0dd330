package dev.hymir;

/** A job id that the workflow does not contain. */
public final class JobDoesNotExist extends HymirException {
    private final String jobId;

    public JobDoesNotExist(String jobId, String detail) {
        super("job '" + jobId + "' does not exist: " + detail);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
