package dev.hymir;

import dev.hymir.internal.engine.InMemoryStateStore;
import dev.hymir.internal.engine.Journal;
import dev.hymir.internal.engine.Transition;
import dev.hymir.internal.engine.Scheduler;
import dev.hymir.internal.engine.WorkflowRun;
import dev.hymir.internal.graph.Plan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Journal and StateStore seams: the batch is journaled before it is applied; the store catches up before await. */
class SchedulerSeamsTest {

    @BeforeEach
    void setUp() {
        TestJobs.reset();
    }

    @Test
    void journalSeesEachBatchBeforeItIsAppliedAndTheStoreCatchesUpBeforeAwait() {
        Queue<Transition> journaled = new ConcurrentLinkedQueue<>();
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        Scheduler[] schedulerRef = new Scheduler[1];
        String id = UUID.randomUUID().toString();
        Journal journal = new Journal() {
            @Override
            public void append(List<Transition> batch) {
                // Write-ahead: no job has run more often than its Started was journaled in earlier
                // batches, and the run's future completes only after its Finished is journaled.
                int ran = TestJobs.CALLS.values().stream().mapToInt(AtomicInteger::get).sum();
                long started = journaled.stream().filter(t -> t instanceof Transition.Started).count();
                if (ran > started) {
                    violations.add(ran + " jobs ran but only " + started + " Started were journaled");
                }
                for (Transition t : batch) {
                    if (t instanceof Transition.Finished && schedulerRef[0].get(id).completion().isDone()) {
                        violations.add("the run completed before its Finished was journaled");
                    }
                    journaled.add(t);
                }
            }

            @Override
            public void replay(Consumer<Transition> sink) {
            }

            @Override
            public void close() {
            }
        };
        InMemoryStateStore store = new InMemoryStateStore();
        JobRegistry registry = JobRegistry.standard();
        Scheduler scheduler = new Scheduler(new Scheduler.Config(0, null, FailurePolicy.FAIL_FAST, EngineClock.system(),
                null, journal, store), registry::target);
        schedulerRef[0] = scheduler;
        try {
            Workflow wf = Workflow.of(Chain.of(Job.of(TestJobs::succeeds), Group.of(Job.of(TestJobs::succeeds),
                    Job.of(TestJobs::succeeds)), Job.of(TestJobs::fails)));
            WorkflowRun run = scheduler.submit(id, wf, wf.dag(), Plan.compile(wf.dag()));
            assertThat(run.completion().join().status()).isEqualTo(WorkflowState.Status.FAILURE);

            assertThat(violations).isEmpty();
            assertThat(journaled.peek()).isInstanceOf(Transition.Submitted.class);
            assertThat(journaled.stream().filter(t -> t instanceof Transition.Started)).hasSize(4);
            assertThat(journaled.stream().filter(t -> t instanceof Transition.Succeeded)).hasSize(3);
            assertThat(journaled.stream().filter(t -> t instanceof Transition.Failed)).as(journaled.toString()).hasSize(1);
            assertThat(journaled).last().isEqualTo(new Transition.Finished(0, WorkflowState.Status.FAILURE));
            assertThat(store.workflowState(id)).isEqualTo(new WorkflowState(WorkflowState.Status.FAILURE));
            assertThat(store.jobState(id, "3").status()).isEqualTo(JobState.Status.SUCCESS);
            assertThat(store.jobState(id, "4").status()).isEqualTo(JobState.Status.FAILURE);
        } finally {
            scheduler.close();
        }
    }

    @Test
    void whenTheJournalFailsTheLoopStopsAndRunRefusesInsteadOfWaitingForever() {
        Journal failing = new Journal() {
            @Override
            public void append(List<Transition> batch) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void replay(Consumer<Transition> sink) {
            }

            @Override
            public void close() {
            }
        };
        JobRegistry registry = JobRegistry.standard();
        Scheduler scheduler = new Scheduler(new Scheduler.Config(0, null, FailurePolicy.FAIL_FAST, EngineClock.system(),
                null, failing, dev.hymir.internal.engine.StateStore.NONE), registry::target);
        try {
            Workflow wf = Workflow.of(Job.of(TestJobs::succeeds));
            assertThatThrownBy(() -> scheduler.submit("w1", wf, wf.dag(), Plan.compile(wf.dag())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThat(scheduler.isClosed()).isTrue();
            assertThatThrownBy(() -> scheduler.submit("w2", wf, wf.dag(), Plan.compile(wf.dag())))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(TestJobs.calls("succeeds")).isZero(); // nothing ran that was not journaled
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

    @Test
    void aLateReportOfAClearedRunDoesNotReachANewRunWithTheSameId() throws Exception {
        java.util.concurrent.CountDownLatch releaseOld = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseNew = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> oldThread = new java.util.concurrent.atomic.AtomicReference<>();
        JobRegistry registry = JobRegistry.explicitOnly()
                .register("stubborn", call -> { // outlives its timeout: ignores the interrupt
                    oldThread.set(Thread.currentThread());
                    while (true) {
                        try {
                            releaseOld.await();
                            return null;
                        } catch (InterruptedException ignored) {
                            // keep waiting
                        }
                    }
                })
                .register("waits", call -> {
                    releaseNew.await();
                    return null;
                })
                .register("quick", call -> null);
        Scheduler scheduler = new Scheduler(new Scheduler.Config(0, null, FailurePolicy.FAIL_FAST, EngineClock.system(),
                null, Journal.NONE, dev.hymir.internal.engine.StateStore.NONE), registry::target);
        try {
            Workflow first = Workflow.of(Job.named("stubborn").withMeta(java.util.Map.of("timeout", 50)));
            WorkflowRun old = scheduler.submit("same", first, first.dag(), Plan.compile(first.dag()));
            assertThat(old.completion().join().status()).isEqualTo(WorkflowState.Status.FAILURE); // timed out
            scheduler.clear("same");

            Workflow second = Workflow.of(Job.named("waits"));
            WorkflowRun current = scheduler.submit("same", second, second.dag(), Plan.compile(second.dag()));
            org.awaitility.Awaitility.await().until(() -> current.jobState(0).status() == JobState.Status.STARTING);

            releaseOld.countDown();      // the old job returns now and reports job 0 of "same"
            oldThread.get().join();      // its report is in the inbox
            Workflow marker = Workflow.of(Job.named("quick"));
            scheduler.submit("marker", marker, marker.dag(), Plan.compile(marker.dag())).completion().join();

            assertThat(current.jobState(0).status()).isEqualTo(JobState.Status.STARTING);
            assertThat(current.state().status().isFinished()).isFalse();
            releaseNew.countDown();
            assertThat(current.completion().join().status()).isEqualTo(WorkflowState.Status.SUCCESS);
        } finally {
            releaseOld.countDown();
            releaseNew.countDown();
            scheduler.close();
        }
    }

    @Test
    void aSchedulerWithInlineJobsRunsEveryJobOnceOnItsLoopThread() {
        java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger ran = new AtomicInteger();
        JobRegistry registry = JobRegistry.explicitOnly().register("inline", call -> {
            threads.add(Thread.currentThread());
            ran.incrementAndGet();
            return null;
        });
        Scheduler scheduler = Scheduler.withInlineJobs(new Scheduler.Config(0, null, FailurePolicy.FAIL_FAST,
                EngineClock.system(), null, Journal.NONE, dev.hymir.internal.engine.StateStore.NONE), registry::target);
        try {
            Job job = Job.named("inline");
            Workflow wf = Workflow.of(Chain.of(job, Group.of(job, job, job), Group.of(job, job), job));
            for (int i = 0; i < 3; i++) {
                WorkflowRun run = scheduler.submit("w" + i, wf, wf.dag(), Plan.compile(wf.dag()));
                assertThat(run.completion().join().status()).isEqualTo(WorkflowState.Status.SUCCESS);
                assertThat(run.progress().finished()).isEqualTo(7);
                scheduler.clear("w" + i);
            }
            assertThat(ran).hasValue(21);
            assertThat(threads).containsExactly(scheduler.loopThread());
        } finally {
            scheduler.close();
        }
    }
}
