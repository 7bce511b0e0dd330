package dev.hymir;

/**
 * The state of a workflow run. Exactly Hymir's {@code {"status": N}}: Java-only data is kept elsewhere.
 * A run is RUNNING from the moment the engine starts it until its callbacks have run.
 */
public record WorkflowState(Status status) {

    public WorkflowState {
        if (status == null) {
            throw new IllegalArgumentException("WorkflowState status must not be null");
        }
    }

    /** A workflow's status; {@link #code()} is Hymir's integer code (2 is unused in Hymir). */
    public enum Status {
        PENDING(0), RUNNING(1), SUCCESS(3), FAILURE(4), CANCELLED(5);

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
            throw new IllegalArgumentException("no workflow status has code " + code
                    + " (PENDING 0, RUNNING 1, SUCCESS 3, FAILURE 4, CANCELLED 5)");
        }

        public boolean isFinished() {
            return this == SUCCESS || this == FAILURE || this == CANCELLED;
        }
    }

    /** SUCCESS, FAILURE or CANCELLED. */
    public boolean isFinished() {
        return status.isFinished();
    }
}
