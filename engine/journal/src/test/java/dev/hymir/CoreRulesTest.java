package dev.hymir;

import dev.hymir.testing.CrashableJournal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rules the core keeps whatever its shape (DESIGN §5): nothing one workflow does stops the engine;
 * user code never runs on the core's threads; timers fire while CPU-bound jobs hold every carrier; a
 * timed-out job that ignores its interrupt is abandoned and its slot freed.
 */
@Timeout(60)
class CoreRulesTest {
    @TempDir
    Path dir;

    static final AtomicLong ABANDONED_RETURNED = new AtomicLong();
    static final AtomicLong NEXT_STARTED = new AtomicLong();

    private static JobRegistry registry() {
        return JobRegistry.explicitOnly()
                .register("retry-forever-later", call -> Retry.after(Duration.ofDays(200_000_000L), 1))
                .register("check-forever-later", call -> new CheckLater(Duration.ofDays(200_000_000L), Map.of("n", 1)))
                .register("quick", call -> "ok")
                .register("spin", call -> { // CPU-bound: never blocks, stops only when interrupted
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.onSpinWait();
                    }
                    return null;
                })
                .register("stubborn", call -> { // times out, then ignores its interrupt for 4 s
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                    while (System.nanoTime() < until) {
                        try {
                            Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                        } catch (InterruptedException ignored) {
                            // ignored on purpose
                        }
                    }
                    ABANDONED_RETURNED.set(System.nanoTime());
                    return null;
                })
                .register("next", call -> {
                    NEXT_STARTED.set(System.nanoTime());
                    return null;
                });
    }

    @Test
    void valuesOutOfRangeFailOrClampTheirJobAndEveryOtherWorkflowRunsOn() {
        CrashableJournal journal = CrashableJournal.open(dir);
        String check;
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(journal).build()) {
            String retry = engine.run(Workflow.of(Job.named("retry-forever-later")));
            check = engine.run(Workflow.of(Job.named("check-forever-later")));
            String timeout = engine.run(Workflow.of(Job.named("quick").withMeta(Map.of("timeout", "9999999999999999"))));

            assertThat(engine.await(timeout).status()).isEqualTo(WorkflowState.Status.SUCCESS); // clamped: never times out
            await().until(() -> engine.jobState(retry, "1").retries() == 1);
            await().until(() -> engine.jobState(check, "1").context().equals(Map.of("n", 1)));
            assertThat(engine.workflowState(retry).status()).isEqualTo(WorkflowState.Status.RUNNING); // waits (for ever)
            assertThat(engine.workflowState(check).status()).isEqualTo(WorkflowState.Status.RUNNING);

            String other = engine.run(Workflow.of(Chain.of(Job.named("quick"), Group.of(Job.named("quick"), Job.named("quick")))));
            assertThat(engine.await(other).status()).isEqualTo(WorkflowState.Status.SUCCESS); // run() works on
            engine.cancel(retry);
            assertThat(engine.await(retry).status()).isEqualTo(WorkflowState.Status.CANCELLED);
            journal.crash(); // as kill -9: the CheckLater run is left waiting in the journal
        }
        try (HymirEngine reopened = HymirEngine.builder().registry(registry()).journal(dir).build()) {
            // The journaled (clamped) due time reads back: the CheckLater run resumes, still waiting.
            assertThat(reopened.workflowIds()).hasSize(4);
            assertThat(reopened.workflowState(check).status()).isEqualTo(WorkflowState.Status.RUNNING);
            assertThat(reopened.jobState(check, "1")).isEqualTo(new JobState(JobState.Status.PENDING, 0, Map.of("n", 1), null));
        }
    }

    @Test
    void aContinuationOnCompletionMayRunAndAwaitAnotherWorkflow() throws Exception {
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(dir).build()) {
            String a = engine.run(Workflow.of(Job.named("quick")));
            CompletableFuture<WorkflowState> second = new CompletableFuture<>();
            engine.completion(a).thenRun(() -> second.complete(engine.await(engine.run(Workflow.of(Job.named("quick"))))));
            assertThat(second.get(30, TimeUnit.SECONDS).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
    }

    @Test
    void timeoutsFireWhileCpuBoundJobsHoldEveryCarrier() {
        int jobs = 4 * Runtime.getRuntime().availableProcessors();
        List<Step> spinners = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            spinners.add(Job.named("spin").set(i).withMeta(Map.of("timeout", "PT0.2S")));
        }
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).build()) {
            String id = engine.run(Workflow.of(Group.of(spinners)));
            WorkflowState state = engine.await(id, Duration.ofSeconds(30));
            assertThat(state.status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(engine.jobStates(id).values()).allMatch(s -> s.status() == JobState.Status.FAILURE
                    && s.exception().contains("timed out after PT0.2S"));
        }
    }

    @Test
    void aTimedOutJobThatIgnoresItsInterruptIsAbandonedAndFreesItsSlot() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ABANDONED_RETURNED.set(0);
        NEXT_STARTED.set(0);
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).maxConcurrency(1).meterRegistry(meters).build()) {
            String stubborn = engine.run(Workflow.of(Job.named("stubborn").withMeta(Map.of("timeout", "PT0.2S"))));
            String next = engine.run(Workflow.of(Job.named("next")));
            assertThat(engine.await(stubborn).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(engine.await(next).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            assertThat(ABANDONED_RETURNED.get()).as("the next job did not wait for the abandoned one to return").isZero();
            assertThat(NEXT_STARTED.get()).isPositive();
            assertThat(meters.get("hymir.jobs.abandoned").counter().count()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> ABANDONED_RETURNED.get() > 0);
            // What it reported when it returned at last was ignored: its run stays as the timeout left it.
            assertThat(engine.jobState(stubborn, "1").exception()).contains("timed out after PT0.2S");
        }
    }
}
