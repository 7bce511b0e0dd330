package dev.hymir.internal.engine;

import dev.hymir.JobState;
import dev.hymir.WorkflowState;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps the latest snapshot of each state in maps; for tests of the StateStore seam. */
public final class InMemoryStateStore implements StateStore {
    private final Map<String, WorkflowState> workflows = new ConcurrentHashMap<>();
    private final Map<String, Map<String, JobState>> jobs = new ConcurrentHashMap<>();

    @Override
    public void write(List<Change> changes) {
        for (Change c : changes) {
            if (c.jobId() == null) {
                workflows.put(c.workflowId(), c.workflow());
            } else {
                jobs.computeIfAbsent(c.workflowId(), k -> new ConcurrentHashMap<>()).put(c.jobId(), c.job());
            }
        }
    }

    public WorkflowState workflowState(String workflowId) {
        return workflows.get(workflowId);
    }

    public JobState jobState(String workflowId, String jobId) {
        Map<String, JobState> states = jobs.get(workflowId);
        return states == null ? null : states.get(jobId);
    }

    @Override
    public void close() {
    }
}
