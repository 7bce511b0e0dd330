package dev.hymir.internal;

import java.util.Map;

/** Inputs the engine fills itself; a job may request them without any job producing them. */
public final class ReservedInputs {
    public static final String WORKFLOW_ID = "workflow_id";
    public static final String JOB_ID = "job_id";
    public static final String WORKFLOW = "workflow";
    public static final String JOB_STATE = "job_state";
    public static final String WORKFLOW_STATE = "workflow_state";

    private static final Map<String, String> CANONICAL = Map.of(
            WORKFLOW_ID, WORKFLOW_ID, "workflowId", WORKFLOW_ID,
            JOB_ID, JOB_ID, "jobId", JOB_ID,
            WORKFLOW, WORKFLOW,
            JOB_STATE, JOB_STATE, "jobState", JOB_STATE,
            WORKFLOW_STATE, WORKFLOW_STATE, "workflowState", WORKFLOW_STATE);

    private ReservedInputs() {
    }

    public static boolean isReserved(String name) {
        return CANONICAL.containsKey(name);
    }

    /** The snake_case name for a reserved input in either spelling, or {@code null} if not reserved. */
    public static String canonical(String name) {
        return CANONICAL.get(name);
    }
}
