package dev.hymir.internal.engine;

import dev.hymir.JobState;
import dev.hymir.WorkflowState;
import dev.hymir.spi.RunView;
import dev.hymir.spi.StateStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the latest snapshot of each state in maps, written on the core's thread as soon as a run
 * changed (copying a few states is not blocking). For tests of the {@link StateStore} seam and as the
 * reference the state-store contract test holds every store to.
 */
public final class InMemoryStateStore implements StateStore {
    private final Map<String, WorkflowState> workflows = new ConcurrentHashMap<>();
    private final Map<String, Map<String, JobState>> jobs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, List<Object>>> outputs = new ConcurrentHashMap<>();

    @Override
    public void start(Context context) {
    }

    @Override
    public void changed(RunView run) {
        String id = run.workflowId();
        Map<String, JobState> states = jobs.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        WorkflowState state = run.takeStateChanged() || !workflows.containsKey(id) ? run.state() : null; // state first
        run.drainChangedJobs(j -> states.put(Integer.toString(j + 1), run.jobState(j)));
        Map<String, List<Object>> values = outputs.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        for (String name : run.outputNames()) {
            List<Object> list = values.computeIfAbsent(name, k -> new ArrayList<>());
            synchronized (list) {
                list.addAll(run.outputValues(name, list.size()));
            }
        }
        if (state != null) {
            workflows.put(id, state);
        }
    }

    @Override
    public void afterStored(RunView run, java.util.function.Consumer<Boolean> action) {
        action.accept(true); // changed() copied it already
    }

    @Override
    public void clear(String workflowId, Set<String> outputNames, Runnable done) {
        workflows.remove(workflowId);
        jobs.remove(workflowId);
        outputs.remove(workflowId);
        done.run();
    }

    public WorkflowState workflowState(String workflowId) {
        return workflows.get(workflowId);
    }

    public JobState jobState(String workflowId, String jobId) {
        Map<String, JobState> states = jobs.get(workflowId);
        return states == null ? null : states.get(jobId);
    }

    public List<Object> outputValues(String workflowId, String output) {
        Map<String, List<Object>> values = outputs.get(workflowId);
        List<Object> list = values == null ? null : values.get(output);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    @Override
    public void close() {
    }
}
