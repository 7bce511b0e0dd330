package dev.hymir.contract;

import dev.hymir.JobState;
import dev.hymir.WorkflowState;
import dev.hymir.internal.engine.InMemoryStateStore;
import dev.hymir.spi.StateStore;

import java.util.List;

class InMemoryStateStoreContractTest extends StateStoreContract {
    private final InMemoryStateStore store = new InMemoryStateStore();

    @Override
    protected StateStore store() {
        return store;
    }

    @Override
    protected WorkflowState storedState(String id) {
        return store.workflowState(id);
    }

    @Override
    protected JobState storedJob(String id, String jobId) {
        return store.jobState(id, jobId);
    }

    @Override
    protected List<Object> storedOutput(String id, String output) {
        return store.outputValues(id, output);
    }
}
