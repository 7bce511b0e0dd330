package dev.hymir;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code wf.on(callback, job)} written as a statement, as in Hymir's documentation, registers the
 * callback (issue 13: it used to return a copy and the statement registered nothing).
 */
class CallbackRegistrationTest {

    /** Hymir's report example; counters observe what ran. */
    public static final class Reports {
        static final AtomicInteger SAVED = new AtomicInteger();
        static final AtomicInteger LATE = new AtomicInteger();
        static volatile String savedStatus;
        static volatile CountDownLatch release = new CountDownLatch(0);

        @JobFunction(output = "reports")
        public static String report(String kind) throws InterruptedException {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the report job");
            }
            if (kind.equals("broken")) {
                throw new IllegalStateException("report " + kind + " failed");
            }
            return kind + ".csv";
        }

        @JobFunction(inputs = "reports")
        public static int processReports(List<String> reports) {
            return reports.size();
        }

        @JobFunction(inputs = "workflow_state")
        public static void saveResults(WorkflowState workflow_state) {
            savedStatus = workflow_state.status().name();
            SAVED.incrementAndGet();
        }

        @JobFunction
        public static void late() {
            LATE.incrementAndGet();
        }
    }

    @BeforeEach
    void reset() {
        Reports.SAVED.set(0);
        Reports.LATE.set(0);
        Reports.savedStatus = null;
        Reports.release = new CountDownLatch(0);
    }

    private static Workflow reportWorkflow(String secondKind) {
        return Workflow.of(Chain.of(
                Group.of(Job.of(Reports::report).set("inventory"), Job.of(Reports::report).set(secondKind)),
                Job.of(Reports::processReports)));
    }

    @Test
    void onAsAStatementRegistersAndOnFinishedRunsExactlyOnceOnSuccess() {
        Workflow wf = reportWorkflow("sales");
        wf.on(Callback.ON_FINISHED, Job.of(Reports::saveResults)); // the statement form of Hymir's docs
        assertThat(wf.callbacks()).containsOnlyKeys(Callback.ON_FINISHED);
        try (HymirEngine engine = HymirEngine.builder().build()) {
            String id = engine.run(wf);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(Reports.SAVED).hasValue(1);
            assertThat(Reports.savedStatus).isEqualTo("SUCCESS");
        }
        assertThat(Reports.SAVED).as("after close, still once").hasValue(1);
    }

    @Test
    void onFinishedRunsExactlyOnceOnFailure() {
        Workflow wf = reportWorkflow("broken");
        wf.on(Callback.ON_FINISHED, Job.of(Reports::saveResults));
        try (HymirEngine engine = HymirEngine.builder().build()) {
            String id = engine.run(wf);
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(Reports.SAVED).hasValue(1);
            assertThat(Reports.savedStatus).isEqualTo("FAILURE");
            assertThat(engine.jobState(id, "3").status()).isEqualTo(JobState.Status.PENDING);
        }
        assertThat(Reports.SAVED).hasValue(1);
    }

    @Test
    void onReturnsTheSameWorkflowSoAssignmentAndChainingRegisterToo() {
        Workflow wf = reportWorkflow("sales");
        Workflow returned = wf.on(Callback.ON_SUCCESS, Job.of(Reports::saveResults));
        assertThat(returned).isSameAs(wf);
        Workflow chained = reportWorkflow("sales")
                .on(Callback.ON_FINISHED, Job.of(Reports::saveResults))
                .on(Callback.ON_FAILURE, Job.of(Reports::late));
        assertThat(chained.callbacks()).containsOnlyKeys(Callback.ON_FINISHED, Callback.ON_FAILURE);
        assertThat(Workflow.fromJson(chained.toJson()).callbacks()).containsOnlyKeys(Callback.ON_FINISHED, Callback.ON_FAILURE);
    }

    @Test
    void aCallbackRegisteredAfterRunDoesNotChangeTheRunningWorkflow() {
        Reports.release = new CountDownLatch(1);
        Workflow wf = reportWorkflow("sales");
        try (HymirEngine engine = HymirEngine.builder().build()) {
            String running = engine.run(wf);
            wf.on(Callback.ON_FINISHED, Job.of(Reports::late)); // while the report jobs are blocked
            assertThat(engine.workflow(running).callbacks()).isEmpty();
            Reports.release.countDown();
            assertThat(engine.await(running).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(Reports.LATE).as("the running workflow kept the callbacks it started with").hasValue(0);

            String next = engine.run(wf); // a run started afterwards has it
            assertThat(engine.await(next).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(Reports.LATE).hasValue(1);
        }
    }

    @Test
    void aRunsSnapshotRefusesNewCallbacks() {
        try (HymirEngine engine = HymirEngine.builder().build()) {
            String id = engine.run(reportWorkflow("sales"));
            engine.await(id);
            Workflow snapshot = engine.workflow(id);
            assertThatThrownBy(() -> snapshot.on(Callback.ON_FINISHED, Job.of(Reports::late)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("snapshot a run started with");
            assertThat(engine.workflow(id).callbacks()).isEmpty();
        }
    }

    /** A run resumed from the journal holds a snapshot too: on() on it cannot add a callback to the run. */
    @Test
    void aRecoveredRunsSnapshotRefusesNewCallbacks(@TempDir Path dir) throws Exception {
        Reports.release = new CountDownLatch(1); // the report jobs block: the run is unfinished at the crash
        dev.hymir.testing.CrashableJournal journal = dev.hymir.testing.CrashableJournal.open(dir);
        HymirEngine first = HymirEngine.builder().journal(journal).build();
        String id = first.run(reportWorkflow("sales"));
        journal.crash();
        first.close();
        try (HymirEngine second = HymirEngine.builder().journal(dir).build()) { // resumes id
            Workflow recovered = second.workflow(id);
            assertThatThrownBy(() -> recovered.on(Callback.ON_FINISHED, Job.of(Reports::late)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("snapshot a run started with");
            Reports.release.countDown();
            assertThat(second.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(Reports.LATE).as("no callback was added to the resumed run").hasValue(0);
        }
    }

    @Test
    void aCallbackWithAnUnboundInputIsRejectedAndNothingIsRegistered() {
        Workflow wf = reportWorkflow("sales");
        wf.on(Callback.ON_SUCCESS, Job.of(Reports::late));
        assertThatThrownBy(() -> wf.on(Callback.ON_FINISHED, Job.named("m.done").withInputs("nobody_writes_this")))
                .isInstanceOf(InvalidWorkflow.UnboundInput.class)
                .hasMessageContaining("nobody_writes_this");
        assertThat(wf.callbacks()).containsOnlyKeys(Callback.ON_SUCCESS);
    }

    @Test
    void aLaterCallbackOfTheSameKindReplacesTheEarlierOne() {
        Workflow wf = reportWorkflow("sales");
        wf.on(Callback.ON_FINISHED, Job.of(Reports::late));
        wf.on(Callback.ON_FINISHED, Job.of(Reports::saveResults));
        Map<Callback, Job> callbacks = wf.callbacks();
        assertThat(callbacks.get(Callback.ON_FINISHED).name()).endsWith("saveResults");
        assertThatThrownBy(() -> callbacks.put(Callback.ON_SUCCESS, Job.of(Reports::late)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void concurrentRegistrationsAllLand() throws Exception {
        Workflow wf = reportWorkflow("sales");
        Callback[] kinds = Callback.values();
        Thread[] threads = new Thread[kinds.length];
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < kinds.length; i++) {
            Callback kind = kinds[i];
            threads[i] = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                wf.on(kind, Job.of(Reports::late));
            });
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wf.callbacks()).containsOnlyKeys(kinds);
    }
}
