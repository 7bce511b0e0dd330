package dev.hymir;

import java.util.Map;

/**
 * The state of one job of a workflow run, as Hymir records it. {@code context} is what the job's
 * last {@link CheckLater} stored (empty if none); {@code exception} is the full stack trace of what
 * made the job fail, or a message saying why it failed ({@code null} while it has not failed).
 */
public record JobState(Status status, int retries, Map<String, Object> context, String exception) {

    public JobState {
        if (status == null) {
            throw new IllegalArgumentException("JobState status must not be null");
        }
        context = context == null ? Map.of() : context;
    }

    /** A job's status; {@link #code()} is Hymir's integer code (as stored in Redis). */
    public enum Status {
        PENDING(0), STARTING(1), SUCCESS(2), FAILURE(3);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The status with Hymir's integer {@code code}. */
        public static Status ofCode(int code) {
            for (Status s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no job status has code " + code + " (PENDING 0, STARTING 1, SUCCESS 2, FAILURE 3)");
        }
    }

    /** SUCCESS or FAILURE. */
    public boolean isFinished() {
        return status == Status.SUCCESS || status == Status.FAILURE;
    }
}
