package dev.hymir;

import dev.hymir.internal.engine.InMemoryStateStore;
import dev.hymir.internal.engine.InlineDispatcher;
import dev.hymir.spi.Journal;
import dev.hymir.spi.Transition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The core's seams (journal, state store, dispatcher) seen from outside: durable before visible, and fenced reports. */
class CoreSeamsTest {

    @BeforeEach
    void setUp() {
        TestJobs.reset();
    }

    /** A journal that checks, at every append, that nothing shown is missing from what was appended before. */
    private static final class CheckingJournal implements Journal {
        final Queue<Transition> journaled = new ConcurrentLinkedQueue<>();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        volatile HymirEngine engine;
        volatile String id;

        @Override
        public void append(List<Transition> batch) {
            HymirEngine e = engine;
            String run = id;
            if (e != null && run != null) {
                Set<Integer> terminal = new java.util.HashSet<>();
                boolean finished = false;
                for (Transition t : journaled) {
                    if (t instanceof Transition.Succeeded s) {
                        terminal.add(s.job());
                    } else if (t instanceof Transition.Failed f) {
                        terminal.add(f.job());
                    } else if (t instanceof Transition.Finished) {
                        finished = true;
                    }
                }
                e.jobStates(run).forEach((jobId, state) -> {
                    if (state.isFinished() && !terminal.contains(Integer.parseInt(jobId) - 1)) {
                        violations.add("job " + jobId + " shows " + state.status() + " before its record was appended");
                    }
                });
                if (e.workflowState(run).isFinished() && !finished) {
                    violations.add("the run shows finished before its Finished record was appended");
                }
            }
            journaled.addAll(batch);
        }

        @Override
        public void replay(Consumer<Transition> sink) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void nothingIsVisibleBeforeItsRecordIsAppendedAndTheStoreCatchesUpBeforeAwait() {
        CheckingJournal journal = new CheckingJournal();
        InMemoryStateStore store = new InMemoryStateStore();
        try (HymirEngine engine = HymirEngine.builder().journal(journal).stateStore(store).build()) {
            journal.engine = engine;
            Workflow wf = Workflow.of(Chain.of(Job.of(TestJobs::succeeds), Group.of(Job.of(TestJobs::succeeds),
                    Job.of(TestJobs::succeeds)), Job.of(TestJobs::fails)));
            String id = engine.run(wf);
            journal.id = id;
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);

            assertThat(journal.violations).isEmpty();
            assertThat(journal.journaled.peek()).isInstanceOf(Transition.Submitted.class);
            assertThat(journal.journaled.stream().filter(t -> t instanceof Transition.Succeeded)).hasSize(3);
            assertThat(journal.journaled.stream().filter(t -> t instanceof Transition.Failed)).hasSize(1);
            assertThat(journal.journaled.stream().filter(t -> !(t instanceof Transition.Stored)).toList())
                    .last().isEqualTo(new Transition.Finished(0, WorkflowState.Status.FAILURE));
            // the store acknowledges the finished run after await may have returned: then Stored closes the run
            await().untilAsserted(() -> assertThat(journal.journaled).last().isEqualTo(new Transition.Stored(0)));
            assertThat(store.workflowState(id)).isEqualTo(new WorkflowState(WorkflowState.Status.FAILURE));
            assertThat(store.jobState(id, "3").status()).isEqualTo(JobState.Status.SUCCESS);
            assertThat(store.jobState(id, "4").status()).isEqualTo(JobState.Status.FAILURE);
        }
    }

    @Test
    void whenTheJournalFailsTheEngineStopsAndRunRefusesInsteadOfWaitingForever() {
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
        try (HymirEngine engine = HymirEngine.builder().journal(failing).build()) {
            Workflow wf = Workflow.of(Job.of(TestJobs::succeeds));
            assertThatThrownBy(() -> engine.run(wf))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed").hasMessageContaining("disk full");
            assertThatThrownBy(() -> engine.run(wf)).isInstanceOf(IllegalStateException.class);
            assertThat(TestJobs.calls("succeeds")).isZero(); // nothing ran that was not journaled
        }
    }

    @Test
    void aThrowingCallbackIsLoggedAndTheRunStillFinishes() {
        try (HymirEngine engine = HymirEngine.builder().build()) {
            Workflow wf = Workflow.of(Job.of(TestJobs::succeeds))
                    .on(Callback.ON_FINISHED, Job.of(TestJobs::callbackThrows))
                    .on(Callback.ON_SUCCESS, Job.of(TestJobs::notifySuccess));
            String id = engine.run(wf);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(TestJobs.CALLBACKS).containsExactlyInAnyOrder("threw", "success");
        }
    }

    @Test
    void aLateReportOfAClearedRunDoesNotReachANewRun() throws Exception {
        CountDownLatch releaseOld = new CountDownLatch(1);
        CountDownLatch releaseNew = new CountDownLatch(1);
        AtomicReference<Thread> oldThread = new AtomicReference<>();
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
        try (HymirEngine engine = HymirEngine.builder().registry(registry).build()) {
            String old = engine.run(Workflow.of(Job.named("stubborn").withMeta(Map.of("timeout", 50))));
            assertThat(engine.await(old).status()).isEqualTo(WorkflowState.Status.FAILURE); // timed out
            engine.clear(old);

            String current = engine.run(Workflow.of(Job.named("waits")));
            await().until(() -> engine.jobState(current, "1").status() == JobState.Status.STARTING);

            releaseOld.countDown();      // the old job returns now and reports job 1 of its (cleared) run
            oldThread.get().join();
            String marker = engine.run(Workflow.of(Job.named("quick")));
            engine.await(marker);        // a later pass: the late report has been applied by now

            assertThat(engine.jobState(current, "1").status()).isEqualTo(JobState.Status.STARTING);
            assertThat(engine.workflowState(current).isFinished()).isFalse();
            releaseNew.countDown();
            assertThat(engine.await(current).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        } finally {
            releaseOld.countDown();
            releaseNew.countDown();
        }
    }

    @Test
    void anInlineDispatcherRunsEveryJobOnceWithoutAThreadPerJob() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger ran = new AtomicInteger();
        JobRegistry registry = JobRegistry.explicitOnly().register("inline", call -> {
            threads.add(Thread.currentThread());
            ran.incrementAndGet();
            return null;
        });
        try (HymirEngine engine = HymirEngine.builder().registry(registry).dispatcher(new InlineDispatcher()).build()) {
            Job job = Job.named("inline");
            Workflow wf = Workflow.of(Chain.of(job, Group.of(job, job, job), Group.of(job, job), job));
            for (int i = 0; i < 3; i++) {
                threads.clear();
                String id = engine.run(wf);
                assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
                assertThat(engine.progress(id).finished()).isEqualTo(7);
                // The submitting thread runs the first job in its pass; whoever carries on runs the rest.
                assertThat(threads.size()).as("threads that ran jobs: %s", threads).isLessThanOrEqualTo(2);
                engine.clear(id);
            }
            assertThat(ran).hasValue(21);
        }
    }
}
