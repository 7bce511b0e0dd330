package dev.hymir.internal.redis;

import dev.hymir.Group;
import dev.hymir.Job;
import dev.hymir.JobState;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.spi.RunView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the flusher reads a run through {@link RunView}, without Redis: what a part carries decides
 * what a reader of Redis can see, so these orderings are pinned here.
 */
class RunSnapshotTest {

    /** A run as the engine shows it; {@link #duringDrain} runs inside a drain, as a publish racing with it would. */
    private static final class Run implements RunView {
        final Workflow workflow = Workflow.of(Group.of(Collections.nCopies(10, Job.named("m.a").withOutput("out"))));
        final JobState[] jobs = new JobState[10];
        final BitSet changed = new BitSet();
        final List<Object> out = new ArrayList<>();
        WorkflowState state = new WorkflowState(WorkflowState.Status.RUNNING);
        boolean stateChanged = true;
        Runnable duringDrain = () -> { };

        Run() {
            java.util.Arrays.fill(jobs, new JobState(JobState.Status.PENDING, 0, Map.of(), null));
        }

        void set(int j, JobState.Status status) {
            jobs[j] = new JobState(status, 0, Map.of(), null);
            changed.set(j);
        }

        void finish(WorkflowState.Status status) {
            state = new WorkflowState(status);
            stateChanged = true;
        }

        @Override
        public String workflowId() {
            return "wf";
        }

        @Override
        public Workflow workflow() {
            return workflow;
        }

        @Override
        public int size() {
            return jobs.length;
        }

        @Override
        public WorkflowState state() {
            return state;
        }

        @Override
        public JobState jobState(int index) {
            return jobs[index];
        }

        @Override
        public void drainChangedJobs(IntConsumer sink) {
            Runnable race = duringDrain;
            duringDrain = () -> { };
            race.run();
            BitSet now = (BitSet) changed.clone();
            changed.clear();
            now.stream().forEach(sink);
        }

        @Override
        public boolean takeStateChanged() {
            boolean was = stateChanged;
            stateChanged = false;
            return was;
        }

        @Override
        public Set<String> outputNames() {
            return Set.of("out");
        }

        @Override
        public List<Object> outputValues(String name, int from) {
            return List.copyOf(out.subList(from, out.size()));
        }

        @Override
        public int outputCount(String name) {
            return out.size();
        }
    }

    /** What the round writer does for a part Redis took: its state goes last. */
    private static void written(RunSnapshot rs, RunSnapshot.Part part) {
        part.stateSent = part.state != null;
        rs.written(part);
    }

    private static RunSnapshot snapshot(Run run) {
        RunSnapshot rs = new RunSnapshot(run, new SnapshotFormat(""));
        rs.definitionWritten = true; // (the definition is not what these tests are about)
        return rs;
    }

    /** The first write deletes whatever is under the id; a run never drained has every changed job marked. */
    @Test
    void theFirstPartDeletesTheKeysAndWritesTheJobsThatLeftPending() {
        Run run = new Run();
        run.set(3, JobState.Status.SUCCESS);
        run.set(5, JobState.Status.STARTING);
        RunSnapshot rs = snapshot(run);
        RunSnapshot.Part part = rs.nextPart(100, 0);
        assertThat(part.deleteFirst).isTrue();
        assertThat(part.jobs).containsExactly(3, 5);
        assertThat(part.state).isEqualTo(run.state);
        written(rs, part);
        assertThat(rs.isStored()).isTrue();
        assertThat(rs.nextPart(100, 0).deleteFirst).isFalse();
    }

    /** A rewrite (after a failed write, or Redis lost its data) reads every job: what was written is not marked. */
    @Test
    void aRewriteReadsEveryJobAndLeavesThePendingOnesOut() {
        Run run = new Run();
        run.set(3, JobState.Status.SUCCESS);
        RunSnapshot rs = snapshot(run);
        written(rs, rs.nextPart(100, 0));
        rs.rewriteWhole();
        RunSnapshot.Part first = rs.nextPart(6, 0);
        assertThat(first.deleteFirst).isTrue();
        assertThat(first.jobs).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(first.skipDefaults).as("PENDING jobs are not written").isTrue();
        assertThat(first.state).as("not before every job is written").isNull();
        written(rs, first);
        RunSnapshot.Part second = rs.nextPart(6, 0);
        assertThat(second.deleteFirst).isFalse();
        assertThat(second.jobs).containsExactly(6, 7, 8, 9);
        assertThat(second.state).isEqualTo(run.state);
    }

    /**
     * The engine finishes the run while the store drains: the part holds the state read before the
     * drain (RUNNING), and the next part reads the final state before its own drain, so the final
     * state never goes to Redis ahead of the jobs that made it final.
     */
    @Test
    void theStateIsReadBeforeTheDrainAndAgainWhenItChangedDuringIt() {
        Run run = new Run();
        RunSnapshot rs = snapshot(run);
        written(rs, rs.nextPart(100, 0));
        run.set(0, JobState.Status.SUCCESS);
        run.duringDrain = () -> {
            for (int j = 1; j < 10; j++) {
                run.set(j, JobState.Status.SUCCESS);
            }
            run.finish(WorkflowState.Status.SUCCESS);
        };
        RunSnapshot.Part first = rs.nextPart(100, 0);
        assertThat(first.state).as("the state read before the drain").isNull(); // unchanged since written: nothing to write
        written(rs, first);
        assertThat(rs.isStored()).as("the state changed during the drain: not stored yet").isFalse();
        assertThat(rs.hasWork()).isTrue();
        RunSnapshot.Part second = rs.nextPart(100, 0);
        assertThat(second.state).isEqualTo(new WorkflowState(WorkflowState.Status.SUCCESS));
        assertThat(second.mayDefer).as("nothing is deferred past a final state").isFalse();
        written(rs, second);
        assertThat(rs.isStored()).isTrue();
    }

    /** More jobs drained than a round takes: the state waits until the last of them is in a part. */
    @Test
    void aStateWaitsForEveryJobDrainedWithIt() {
        Run run = new Run();
        RunSnapshot rs = snapshot(run);
        written(rs, rs.nextPart(100, 0));
        for (int j = 0; j < 10; j++) {
            run.set(j, JobState.Status.SUCCESS);
        }
        run.finish(WorkflowState.Status.SUCCESS);
        RunSnapshot.Part first = rs.nextPart(4, 0);
        assertThat(first.jobs).containsExactly(0, 1, 2, 3);
        assertThat(first.state).isNull();
        written(rs, first);
        RunSnapshot.Part second = rs.nextPart(4, 0);
        assertThat(second.jobs).containsExactly(4, 5, 6, 7);
        assertThat(second.state).isNull();
        written(rs, second);
        RunSnapshot.Part third = rs.nextPart(4, 0);
        assertThat(third.jobs).containsExactly(8, 9);
        assertThat(third.state).isEqualTo(new WorkflowState(WorkflowState.Status.SUCCESS));
    }

    /** Output values are read after the drain, by position, so each is pushed once and none is missed. */
    @Test
    void outputValuesArePushedFromWhereTheLastWriteEnded() {
        Run run = new Run();
        RunSnapshot rs = snapshot(run);
        run.out.add(1);
        RunSnapshot.Part first = rs.nextPart(100, 0);
        assertThat(first.crumbFrom).containsExactly(0);
        assertThat(first.crumbTo).containsExactly(1);
        written(rs, first);
        run.out.add(2);
        run.out.add(3);
        run.set(1, JobState.Status.SUCCESS);
        RunSnapshot.Part second = rs.nextPart(100, 0);
        assertThat(second.crumbFrom).containsExactly(1);
        assertThat(second.crumbTo).containsExactly(3);
        // Not acknowledged (a failed part): the rewrite starts over from the first value.
        rs.rewriteWhole();
        RunSnapshot.Part rewrite = rs.nextPart(100, 0);
        assertThat(rewrite.deleteFirst).isTrue();
        assertThat(rewrite.crumbFrom).containsExactly(0);
        assertThat(rewrite.crumbTo).containsExactly(3);
    }
}
