package dev.hymir;

import dev.hymir.internal.engine.Event;
import dev.hymir.internal.engine.InMemoryStateStore;
import dev.hymir.internal.engine.Journal;
import dev.hymir.internal.engine.Scheduler;
import dev.hymir.internal.engine.WorkflowRun;
import dev.hymir.internal.graph.Plan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The Journal and StateStore seams: the batch is journaled before it is applied; the store catches up before await. */
class SchedulerSeamsTest {

    @BeforeEach
    void setUp() {
        TestJobs.reset();
    }

    @Test
    void journalSeesEachBatchBeforeItIsAppliedAndTheStoreCatchesUpBeforeAwait() {
        Queue<Event> journaled = new ConcurrentLinkedQueue<>();
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        WorkflowRun[] runRef = new WorkflowRun[1];
        Journal journal = new Journal() {
            @Override
            public void append(List<Event> batch) {
                for (Event e : batch) {
                    // Write-ahead: a reported job is still STARTING while its report is journaled.
                    if (e instanceof Event.JobReported r && runRef[0] != null
                            && runRef[0].jobState(r.job()).status() != JobState.Status.STARTING) {
                        violations.add("job " + (r.job() + 1) + " was applied before it was journaled");
                    }
                    journaled.add(e);
                }
            }

            @Override
            public void replay(Consumer<Event> sink) {
                journaled.forEach(sink);
            }

            @Override
            public void close() {
            }
        };
        InMemoryStateStore store = new InMemoryStateStore();
        JobRegistry registry = JobRegistry.standard();
        Scheduler scheduler = new Scheduler(new Scheduler.Config(0, null, FailurePolicy.FAIL_FAST, EngineClock.system(),
                null, journal, store), registry::target);
        try {
            Workflow wf = Workflow.of(Chain.of(Job.of(TestJobs::succeeds), Group.of(Job.of(TestJobs::succeeds),
                    Job.of(TestJobs::succeeds)), Job.of(TestJobs::fails)));
            String id = UUID.randomUUID().toString();
            runRef[0] = scheduler.submit(id, wf, wf.dag(), Plan.compile(wf.dag()));
            assertThat(runRef[0].completion().join().status()).isEqualTo(WorkflowState.Status.FAILURE);

            assertThat(violations).isEmpty();
            assertThat(journaled.peek()).isInstanceOf(Event.Submitted.class);
            assertThat(journaled.stream().filter(e -> e instanceof Event.JobReported)).hasSize(4);
            assertThat(store.workflowState(id)).isEqualTo(new WorkflowState(WorkflowState.Status.FAILURE));
            assertThat(store.jobState(id, "3").status()).isEqualTo(JobState.Status.SUCCESS);
            assertThat(store.jobState(id, "4").status()).isEqualTo(JobState.Status.FAILURE);
        } finally {
            scheduler.close();
        }
    }

    @Test
    void aThrowingCallbackIsRecordedAndTheRunStillFinishes() {
        JobRegistry registry = JobRegistry.standard();
        Scheduler scheduler = new Scheduler(new Scheduler.Config(0, null, FailurePolicy.FAIL_FAST, EngineClock.system(),
                null, Journal.NONE, dev.hymir.internal.engine.StateStore.NONE), registry::target);
        try {
            Workflow wf = Workflow.of(Job.of(TestJobs::succeeds))
                    .on(Callback.ON_FINISHED, Job.of(TestJobs::callbackThrows))
                    .on(Callback.ON_SUCCESS, Job.of(TestJobs::notifySuccess));
            WorkflowRun run = scheduler.submit("r1", wf, wf.dag(), Plan.compile(wf.dag()));
            assertThat(run.completion().join().status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(run.callbackErrors()).containsOnlyKeys("on_finished");
            assertThat(run.callbackErrors().get("on_finished")).contains("IllegalStateException: callback boom");
            assertThat(TestJobs.CALLBACKS).containsExactlyInAnyOrder("threw", "success");
        } finally {
            scheduler.close();
        }
    }
}
