package dev.hymir;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Checked after every engine test on every run it started: the states of a finished run agree. */
final class EngineInvariants {
    private EngineInvariants() {
    }

    static void check(WorkflowExecutor engine, String id) {
        WorkflowState state;
        try {
            state = engine.await(id, Duration.ofSeconds(30));
        } catch (WorkflowDoesNotExist cleared) {
            return;
        }
        assertThat(state.isFinished()).as("run " + id + " finished").isTrue();
        Workflow wf = engine.workflow(id);
        Map<String, JobState> states = engine.jobStates(id);
        long finished = states.values().stream().filter(JobState::isFinished).count();
        assertThat(engine.progress(id)).isEqualTo(new Progress(finished, wf.size()));
        assertThat(states.values()).as("no job STARTING in a finished run").noneMatch(s -> s.status() == JobState.Status.STARTING);
        for (Dependency d : wf.dependencies()) {
            JobState s = states.get(d.jobId());
            if (s.status() == JobState.Status.FAILURE) {
                assertThat(s.exception()).as("job " + d.jobId() + " failed with a reason").isNotBlank();
            } else {
                assertThat(s.exception()).as("job " + d.jobId() + " has no exception").isNull();
            }
            if (s.status() == JobState.Status.SUCCESS || s.status() == JobState.Status.FAILURE && !s.exception().contains("timed out")
                    && !s.exception().contains("interrupted")) {
                for (String p : d.predecessors()) {
                    assertThat(states.get(p).status()).as("predecessor " + p + " of ran job " + d.jobId())
                            .isEqualTo(JobState.Status.SUCCESS);
                }
            }
        }
        switch (state.status()) {
            case SUCCESS -> assertThat(states.values()).allMatch(s -> s.status() == JobState.Status.SUCCESS);
            case FAILURE -> assertThat(states.values()).anyMatch(s -> s.status() == JobState.Status.FAILURE);
            default -> { }
        }
    }
}
