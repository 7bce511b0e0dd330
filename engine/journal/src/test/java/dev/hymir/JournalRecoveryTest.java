package dev.hymir;

import dev.hymir.testing.CrashableJournal;
import dev.hymir.testing.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recovery from the journal in one JVM: a {@link CrashableJournal} stops an engine as a crash would
 * (nothing more journaled, no cancellation), then a new engine is built on the same directory.
 */
@Timeout(60)
class JournalRecoveryTest {
    @TempDir
    Path dir;
    ManualClock clock = new ManualClock();

    @BeforeEach
    void setUp() {
        JournalJobs.reset();
    }

    private HymirEngine engine() {
        return HymirEngine.builder().journal(dir).clock(clock).build();
    }

    private CrashableJournal crashable;

    /** An engine whose journal {@link #crash()} cuts off. */
    private HymirEngine crashableEngine() {
        crashable = CrashableJournal.open(dir);
        return HymirEngine.builder().journal(crashable).clock(clock).build();
    }

    /** As kill -9 would: nothing more is journaled, running jobs stop, timers stop; then the engine is gone. */
    private void crash(HymirEngine engine) {
        crashable.crash();
        engine.close(); // journals nothing (the journal takes no more): the engine stops as after a crash
    }

    /** produce("a"), produce("b") -> blockFirst -> consume(greeting) */
    private static Workflow blockingWorkflow() {
        return Workflow.of(Chain.of(
                Group.of(Job.of(JournalJobs::produce).set("a"), Job.of(JournalJobs::produce).set("b")),
                Job.of(JournalJobs::blockFirst),
                Job.of(JournalJobs::consume)));
    }

    private static void until(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** How many records of {@code type} the journal holds so far. */
    private long journaled(String type) {
        return JournalReader.open(dir).countsByType().getOrDefault(JournalEntry.Type.valueOf(type.toUpperCase(java.util.Locale.ROOT)), 0L);
    }

    @Test
    void aCrashedRunResumesAndCompletesWithoutRerunningSucceededJobs() throws Exception {
        String id;
        HymirEngine first = crashableEngine();
        id = first.run(blockingWorkflow());
        JournalJobs.blocking.await();
        crash(first);

        try (HymirEngine second = engine()) {
            assertThat(second.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(JournalJobs.calls("produce:a")).isEqualTo(1);
            assertThat(JournalJobs.calls("produce:b")).isEqualTo(1);
            assertThat(JournalJobs.calls("blockFirst")).isEqualTo(2); // started, unfinished: runs again
            assertThat(JournalJobs.CONSUMED).containsExactly("hello a,hello b"); // outputs from before the crash
            assertThat(second.outputs(id).get("result")).containsExactly("hello a,hello b!");
            assertThat(second.outputs(id).get("greeting")).containsExactlyInAnyOrder("hello a", "hello b");
        }
    }

    @Test
    void theRecoveredFinalStateEqualsAnUninterruptedRunsFinalState() throws Exception {
        Map<String, JobState> expectedStates;
        Map<String, List<Object>> expectedOutputs;
        JournalJobs.block = false;
        try (HymirEngine plain = HymirEngine.builder().clock(clock).build()) {
            String id = plain.run(blockingWorkflow());
            plain.await(id);
            expectedStates = plain.jobStates(id);
            expectedOutputs = sorted(plain.outputs(id));
        }
        JournalJobs.reset();
        HymirEngine first = crashableEngine();
        String id = first.run(blockingWorkflow());
        JournalJobs.blocking.await();
        crash(first);
        try (HymirEngine second = engine()) {
            second.await(id);
            assertThat(second.jobStates(id)).isEqualTo(expectedStates);
            assertThat(sorted(second.outputs(id))).isEqualTo(expectedOutputs);
        }
    }

    private static Map<String, List<Object>> sorted(Map<String, List<Object>> outputs) {
        Map<String, List<Object>> copy = new java.util.TreeMap<>();
        outputs.forEach((k, v) -> copy.put(k, v.stream().sorted(java.util.Comparator.comparing(String::valueOf)).toList()));
        return copy;
    }

    @Test
    void aRetryPendingAtTheCrashFiresAfterRestartWithItsRemainingDelay() {
        HymirEngine first = crashableEngine();
        String id = first.run(Workflow.of(Job.of(JournalJobs::retryOnce)));
        // Wait on the journal, not on jobState: a reader may see retries == 1 before the loop has taken
        // the due time, and the clock must not move in between.
        until(() -> journaled("retry") == 1);
        clock.advance(Duration.ofSeconds(20)); // 40 s of the 1 min wait remain
        crash(first);

        try (HymirEngine second = engine()) {
            assertThat(second.jobState(id, "1")).isEqualTo(new JobState(JobState.Status.PENDING, 1, Map.of(), null));
            clock.advance(Duration.ofSeconds(39));
            assertThat(second.workflowState(id).status()).isEqualTo(WorkflowState.Status.RUNNING);
            assertThat(JournalJobs.calls("retryOnce")).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            assertThat(second.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(JournalJobs.calls("retryOnce")).isEqualTo(2);
            assertThat(second.jobState(id, "1").retries()).isEqualTo(1);
        }
    }

    @Test
    void aCheckLaterPendingAtTheCrashFiresAfterRestartWithItsContext() {
        HymirEngine first = crashableEngine();
        String id = first.run(Workflow.of(Job.of(JournalJobs::checkTwice)));
        until(() -> journaled("check_later") == 1);
        crash(first);

        try (HymirEngine second = engine()) {
            assertThat(second.jobState(id, "1").context()).isEqualTo(Map.of("n", 1));
            clock.advance(Duration.ofSeconds(5));
            until(() -> journaled("check_later") == 2);
            clock.advance(Duration.ofSeconds(5));
            assertThat(second.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(second.outputs(id)).isEqualTo(Map.of("count", List.of(3)));
            assertThat(JournalJobs.calls("checkTwice")).isEqualTo(3);
        }
    }

    @Test
    void finishedCancelledAndClearedWorkflowsAreAsTheyWereAfterRestart() throws Exception {
        String done;
        String cancelled;
        String cleared;
        Map<String, JobState> doneStates;
        try (HymirEngine first = engine()) {
            cancelled = first.run(Workflow.of(Job.of(JournalJobs::blockFirst))); // blocks: its first call
            JournalJobs.blocking.await(); // (cancelled before it began, it would never run at all)
            first.cancel(cancelled);
            first.await(cancelled);
            done = first.run(blockingWorkflow()); // blockFirst's second call does not block
            first.await(done);
            doneStates = first.jobStates(done);
            cleared = first.run(Workflow.of(Job.of(JournalJobs::produce).set("c")));
            first.await(cleared);
            first.clear(cleared);
        }
        try (HymirEngine second = engine()) {
            assertThat(second.workflowState(done).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(second.jobStates(done)).isEqualTo(doneStates);
            assertThat(second.outputs(done).get("result")).containsExactly("hello a,hello b!");
            assertThat(second.await(cancelled).status()).isEqualTo(WorkflowState.Status.CANCELLED);
            assertThatThrownBy(() -> second.workflowState(cleared)).isInstanceOf(WorkflowDoesNotExist.class);
        }
        assertThat(JournalJobs.calls("consume")).isEqualTo(1);
    }

    @Test
    void closingTheEngineCancelsItsUnfinishedWorkflowsForGood() throws Exception {
        HymirEngine first = engine();
        String id = first.run(Workflow.of(Job.of(JournalJobs::blockFirst)));
        JournalJobs.blocking.await();
        first.close();
        try (HymirEngine second = engine()) {
            assertThat(second.await(id).status()).isEqualTo(WorkflowState.Status.CANCELLED);
            assertThat(JournalJobs.calls("blockFirst")).isEqualTo(1);
        }
    }

    @Test
    void aJobNameThatNoLongerResolvesFailsTheRunWithAClearMessage() throws Exception {
        JobRegistry withBlocker = JobRegistry.explicitOnly().register("blocker", call -> JournalJobs.blockFirst());
        crashable = CrashableJournal.open(dir);
        HymirEngine first = HymirEngine.builder().journal(crashable).registry(withBlocker).build();
        String id = first.run(Workflow.of(Job.named("blocker")));
        JournalJobs.blocking.await();
        crash(first);

        try (HymirEngine second = HymirEngine.builder().journal(dir).registry(JobRegistry.explicitOnly()).build()) {
            assertThat(second.await(id).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(second.jobState(id, "1").exception()).contains("cannot resume after restart").contains("blocker");
            assertThatThrownBy(() -> second.run(Workflow.of(Job.named("blocker"))))
                    .isInstanceOf(InvalidWorkflow.UnknownJob.class); // the engine itself works on
        }
    }

    @Test
    void powerLossDurabilityJournalsAndRecoversTheSameWay() throws Exception {
        crashable = CrashableJournal.open(dir, JournalDurability.POWER_LOSS);
        HymirEngine first = HymirEngine.builder().journal(crashable).build();
        String id = first.run(blockingWorkflow());
        JournalJobs.blocking.await();
        crash(first);
        try (HymirEngine second = HymirEngine.builder().journal(dir).journalDurability(JournalDurability.POWER_LOSS).build()) {
            assertThat(second.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(JournalJobs.calls("produce:a")).isEqualTo(1);
            assertThat(JournalJobs.CONSUMED).containsExactly("hello a,hello b");
        }
    }

    @Test
    void aFinishedRunWhoseJobNamesNoLongerResolveStaysQueryable() {
        JobRegistry named = JobRegistry.explicitOnly().register("hello", call -> "hi");
        String id;
        try (HymirEngine first = HymirEngine.builder().journal(dir).registry(named).build()) {
            id = first.run(Workflow.of(Job.named("hello")));
            first.await(id);
        }
        try (HymirEngine second = HymirEngine.builder().journal(dir).registry(JobRegistry.explicitOnly()).build()) {
            assertThat(second.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(second.jobState(id, "1").status()).isEqualTo(JobState.Status.SUCCESS);
        }
    }

    @Test
    void aSecondEngineOnTheSameDirectoryIsRefusedWhileTheFirstRuns() {
        String id;
        try (HymirEngine first = engine()) {
            assertThatThrownBy(this::engine).isInstanceOf(HymirException.class)
                    .hasMessageContaining("in use by another engine");
            JournalJobs.block = false;
            id = first.run(Workflow.of(Job.of(JournalJobs::blockFirst)));
            assertThat(first.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
        try (HymirEngine again = engine()) { // the lock was released by close(): it builds, and reads the journal
            assertThat(again.workflowIds()).containsExactly(id);
            assertThat(again.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
    }
}
