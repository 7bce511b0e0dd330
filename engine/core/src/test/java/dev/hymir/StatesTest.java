package dev.hymir;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hymir's integer codes and isFinished of the state records. */
class StatesTest {

    @Test
    void jobStatusCodesAreHymirs() {
        assertThat(JobState.Status.values()).extracting(JobState.Status::code).containsExactly(0, 1, 2, 3);
        for (JobState.Status s : JobState.Status.values()) {
            assertThat(JobState.Status.ofCode(s.code())).isSameAs(s);
        }
        assertThat(new JobState(JobState.Status.SUCCESS, 0, null, null).isFinished()).isTrue();
        assertThat(new JobState(JobState.Status.FAILURE, 0, Map.of(), "x").isFinished()).isTrue();
        assertThat(new JobState(JobState.Status.STARTING, 0, Map.of(), null).isFinished()).isFalse();
        assertThat(new JobState(JobState.Status.PENDING, 0, null, null).context()).isEmpty();
        assertThatThrownBy(() -> JobState.Status.ofCode(4)).hasMessageContaining("no job status has code 4");
    }

    @Test
    void workflowStatusCodesAreHymirsPlusCancelled() {
        assertThat(WorkflowState.Status.values()).extracting(WorkflowState.Status::code).containsExactly(0, 1, 3, 4, 5);
        assertThat(new WorkflowState(WorkflowState.Status.CANCELLED).isFinished()).isTrue();
        assertThat(new WorkflowState(WorkflowState.Status.RUNNING).isFinished()).isFalse();
        assertThatThrownBy(() -> WorkflowState.Status.ofCode(2)).hasMessageContaining("no workflow status has code 2");
    }
}
