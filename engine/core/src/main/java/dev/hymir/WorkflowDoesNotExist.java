package dev.hymir;

/** No workflow with this id is known (never run here, or cleared). */
public final class WorkflowDoesNotExist extends HymirException {
    private final String workflowId;

    public WorkflowDoesNotExist(String workflowId) {
        super("workflow '" + workflowId + "' does not exist (never run on this executor, or cleared)");
        this.workflowId = workflowId;
    }

    public String workflowId() {
        return workflowId;
    }
}
