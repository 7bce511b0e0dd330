package dev.hymir.contract;

import dev.hymir.Chain;
import dev.hymir.Group;
import dev.hymir.HymirEngine;
import dev.hymir.Job;
import dev.hymir.JobRegistry;
import dev.hymir.JobState;
import dev.hymir.Workflow;
import dev.hymir.WorkflowState;
import dev.hymir.internal.engine.InMemoryJournal;
import dev.hymir.spi.Journal;
import dev.hymir.spi.StateStore;
import dev.hymir.spi.Transition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link StateStore} must hold for readers once the engine reports a run finished, and
 * that it never holds a state before the state's journal record was appended. An implementation's
 * test extends this, gives a fresh store and reads back what it holds.
 */
public abstract class StateStoreContract {

    /** A fresh store for one engine. */
    protected abstract StateStore store();

    /** The workflow state the store holds for {@code id}, or null if it holds none. */
    protected abstract WorkflowState storedState(String id);

    /** The state the store holds for job {@code jobId}, or null if it holds none (a store may leave PENDING out). */
    protected abstract JobState storedJob(String id, String jobId);

    /** The values the store holds for output {@code output}, in completion order (empty if none). */
    protected abstract List<Object> storedOutput(String id, String output);

    private static final CountDownLatch[] GATE = {new CountDownLatch(0)};

    private static JobRegistry registry() {
        return JobRegistry.explicitOnly()
                .register("gate", call -> {
                    GATE[0].await();
                    return null;
                })
                .register("value", call -> call.args().get(0))
                .register("boom", call -> {
                    throw new IllegalStateException("boom");
                })
                .register("sum", call -> call.inputs().get("values").stream().mapToInt(v -> ((Number) v).intValue()).sum());
    }

    private static Workflow sumOf(int n) {
        List<dev.hymir.Step> producers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            producers.add(Job.named("value").set(i).withOutput("values"));
        }
        return Workflow.of(Chain.of(Group.of(producers), Job.named("sum").withInputs("values").withOutput("total")));
    }

    @Test
    void aFinishedRunIsStoredWholeBeforeAwaitReturns() {
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).stateStore(store()).build()) {
            String id = engine.run(sumOf(50));
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(storedState(id)).isEqualTo(new WorkflowState(WorkflowState.Status.SUCCESS));
            engine.jobStates(id).forEach((jobId, state) -> assertThat(storedJob(id, jobId)).as("job " + jobId).isEqualTo(state));
            assertThat(storedOutput(id, "values")).containsExactlyElementsOf(engine.outputs(id).get("values"));
            assertThat(storedOutput(id, "total")).containsExactly(1275);
        }
    }

    @Test
    void aFailedRunIsStoredWithItsException() {
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).stateStore(store()).build()) {
            String id = engine.run(Workflow.of(Chain.of(Job.named("value").set(1), Job.named("boom"), Job.named("value").set(3))));
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(storedState(id)).isEqualTo(new WorkflowState(WorkflowState.Status.FAILURE));
            assertThat(storedJob(id, "1").status()).isEqualTo(JobState.Status.SUCCESS);
            assertThat(storedJob(id, "2").status()).isEqualTo(JobState.Status.FAILURE);
            assertThat(storedJob(id, "2").exception()).contains("IllegalStateException: boom");
            JobState third = storedJob(id, "3");
            assertThat(third == null || third.status() == JobState.Status.PENDING).as("never ran: absent or PENDING").isTrue();
        }
    }

    @Test
    void aClearedRunIsDeleted() {
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).stateStore(store()).build()) {
            String id = engine.run(sumOf(3));
            engine.await(id);
            engine.clear(id);
            assertThat(storedState(id)).isNull();
            assertThat(storedJob(id, "1")).isNull();
            assertThat(storedOutput(id, "values")).isEmpty();
        }
    }

    /** Nothing reaches the store before its journal record: checked at every append. */
    @Test
    void theStoreNeverHoldsAStateBeforeItsRecordIsJournaled() {
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        String[] id = new String[1];
        InMemoryJournal journaled = new InMemoryJournal();
        Journal checking = new Journal() {
            @Override
            public void append(List<Transition> batch) {
                if (id[0] != null) {
                    Set<Integer> terminal = new HashSet<>();
                    boolean finished = false;
                    for (Transition t : journaled.records()) {
                        if (t instanceof Transition.Succeeded s) {
                            terminal.add(s.job());
                        } else if (t instanceof Transition.Failed f) {
                            terminal.add(f.job());
                        } else if (t instanceof Transition.Finished) {
                            finished = true;
                        }
                    }
                    for (int j = 0; j < 51; j++) {
                        JobState s = storedJob(id[0], Integer.toString(j + 1));
                        if (s != null && s.isFinished() && !terminal.contains(j)) {
                            violations.add("job " + (j + 1) + " stored " + s.status() + " before its record");
                        }
                    }
                    WorkflowState state = storedState(id[0]);
                    if (state != null && state.isFinished() && !finished) {
                        violations.add("the run stored " + state.status() + " before its Finished record");
                    }
                }
                journaled.append(batch);
            }

            @Override
            public void replay(Consumer<Transition> sink) {
                journaled.replay(sink);
            }

            @Override
            public void close() {
                journaled.close();
            }
        };
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(checking).stateStore(store()).build()) {
            id[0] = engine.run(sumOf(50));
            assertThat(engine.await(id[0]).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(storedState(id[0])).isEqualTo(new WorkflowState(WorkflowState.Status.SUCCESS));
        }
        assertThat(violations).isEmpty();
    }

    /** A job that runs for a while is shown running (STARTING) while it runs, then finished. */
    @Test
    void aJobThatRunsForAWhileIsStoredStartingWhileItRuns() throws InterruptedException {
        GATE[0] = new CountDownLatch(1);
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).stateStore(store()).build()) {
            String id = engine.run(Workflow.of(Chain.of(Job.named("value").set(1), Job.named("gate"), Job.named("value").set(3))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (storedJob(id, "2") == null || storedJob(id, "2").status() != JobState.Status.STARTING) {
                assertThat(System.nanoTime() - deadline).as("job 2 stored STARTING").isNegative();
                Thread.sleep(5);
            }
            assertThat(storedState(id)).isEqualTo(new WorkflowState(WorkflowState.Status.RUNNING));
            assertThat(storedJob(id, "1").status()).isEqualTo(JobState.Status.SUCCESS);
            GATE[0].countDown();
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(storedJob(id, "2").status()).isEqualTo(JobState.Status.SUCCESS);
        } finally {
            GATE[0].countDown();
        }
    }

    /**
     * A reader that reads a run's state, then its jobs and outputs, and finds the state finished, finds
     * every job finished and every output value: a store writes a state only after the jobs and
     * outputs it was read with. Checked by a reader polling while the runs go on.
     */
    @Test
    void aReaderThatSeesAFinishedStateSeesFinishedJobsAndEveryOutput() throws InterruptedException {
        int n = 300;
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).stateStore(store()).build()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(engine.run(sumOf(n)));
            }
            List<Thread> readers = new ArrayList<>();
            for (String id : ids) {
                readers.add(Thread.ofPlatform().start(() -> {
                    while (true) {
                        WorkflowState state = storedState(id);
                        if (state == null || !state.isFinished()) {
                            Thread.onSpinWait();
                            continue;
                        }
                        for (int j = 1; j <= n + 1; j++) {
                            JobState job = storedJob(id, Integer.toString(j));
                            if (job == null || !job.isFinished()) {
                                violations.add(id + ": stored " + state.status() + " with job " + j + " " + job);
                            }
                        }
                        if (storedOutput(id, "values").size() != n || storedOutput(id, "total").size() != 1) {
                            violations.add(id + ": stored " + state.status() + " with " + storedOutput(id, "values").size()
                                    + " values and total " + storedOutput(id, "total"));
                        }
                        return;
                    }
                }));
            }
            for (String id : ids) {
                assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            }
            for (Thread reader : readers) {
                reader.join();
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void manyRunsAtOnceAreEachStoredWhole() {
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).stateStore(store()).build()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(engine.run(sumOf(10)));
            }
            for (String id : ids) {
                engine.await(id);
                assertThat(storedState(id)).isEqualTo(new WorkflowState(WorkflowState.Status.SUCCESS));
                assertThat(storedOutput(id, "total")).isEqualTo(List.of(55));
                Map<String, JobState> states = engine.jobStates(id);
                states.forEach((jobId, state) -> assertThat(storedJob(id, jobId)).isEqualTo(state));
            }
        }
    }
}
