package dev.hymir;

import dev.hymir.internal.engine.InMemoryStateStore;
import dev.hymir.internal.journal.ChronicleJournal;
import dev.hymir.spi.Journal;
import dev.hymir.spi.RunView;
import dev.hymir.spi.StateStore;
import dev.hymir.spi.Transition;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15's rules on the core's side: what the journal accepted it reads back; a failing journal
 * shows nothing it could not write (a store is not told CANCELLED, a restart resumes); retention deletes
 * nothing whose final state has not reached the state store.
 */
class DurableBeforeVisibleTest {
    @TempDir
    Path dir;

    private static JobRegistry registry() {
        return JobRegistry.explicitOnly()
                .register("big", call -> "x".repeat((Integer) call.args().get(0)))
                .register("ok", call -> null)
                .register("blocks", call -> {
                    Thread.sleep(Long.MAX_VALUE);
                    return null;
                });
    }

    @Test
    void anOutputOver20MbIsJournaledAndReadBackAndOneOver64MiFailsItsJobNotTheEngine() {
        String ok;
        String tooBig;
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(dir).build()) {
            ok = engine.run(Workflow.of(Job.named("big").set(21_000_000).withOutput("text")));
            assertThat(engine.await(ok).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            tooBig = engine.run(Workflow.of(Job.named("big").set(70_000_000).withOutput("text")));
            assertThat(engine.await(tooBig).status()).isEqualTo(WorkflowState.Status.FAILURE);
            assertThat(engine.jobState(tooBig, "1").exception()).contains("output 'text' that is too large")
                    .contains("70000002 characters");
            String after = engine.run(Workflow.of(Job.named("ok")));
            assertThat(engine.await(after).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
        try (HymirEngine reopened = HymirEngine.builder().registry(registry()).journal(dir).build()) {
            assertThat(reopened.outputs(ok).get("text").get(0)).asString().hasSize(21_000_000);
            assertThat(reopened.workflowState(tooBig).status()).isEqualTo(WorkflowState.Status.FAILURE);
        }
    }

    @Test
    void whenTheJournalFailsTheStoreIsNotToldCancelledAndARestartResumes() throws Exception {
        InMemoryStateStore store = new InMemoryStateStore();
        Journal chronicle = ChronicleJournal.open(new ChronicleJournal.Options(dir, JournalDurability.PROCESS_CRASH, false, null, null));
        boolean[] failing = {false};
        Journal flaky = new Journal() {
            @Override
            public void append(List<Transition> batch) {
                if (failing[0]) {
                    throw new IllegalStateException("disk full");
                }
                chronicle.append(batch);
            }

            @Override
            public void replay(Consumer<Transition> sink) {
                chronicle.replay(sink);
            }

            @Override
            public void close() {
                chronicle.close();
            }
        };
        String id;
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(flaky).stateStore(store).build()) {
            id = engine.run(Workflow.of(Job.named("blocks")));
            org.awaitility.Awaitility.await().until(() -> engine.jobState(id, "1").status() == JobState.Status.STARTING);
            failing[0] = true;
        } // close() cancels: its Cancelled record cannot be written, so nothing of it is shown
        assertThat(store.workflowState(id)).isEqualTo(new WorkflowState(WorkflowState.Status.RUNNING));
        try (HymirEngine restarted = HymirEngine.builder().registry(registry()).journal(dir).build()) {
            assertThat(restarted.workflowState(id).status()).isEqualTo(WorkflowState.Status.RUNNING); // resumed
        }
    }

    /** A store that has every run's final state, or none (Redis down for good). */
    private static StateStore store(boolean keeps) {
        InMemoryStateStore memory = new InMemoryStateStore();
        return new StateStore() {
            @Override
            public void start(Context context) {
                memory.start(context);
            }

            @Override
            public void changed(RunView run) {
                memory.changed(run);
            }

            @Override
            public void afterStored(RunView run, Consumer<Boolean> action) {
                action.accept(keeps);
            }

            @Override
            public void clear(String workflowId, Set<String> outputNames, Runnable done) {
                memory.clear(workflowId, outputNames, done);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void retentionDeletesNothingWhoseFinalStateTheStoreHasNot() throws Exception {
        SetTimeProvider time = new SetTimeProvider(1_767_225_600_000L);
        java.util.function.Supplier<Journal> journal = () -> ChronicleJournal.open(new ChronicleJournal.Options(dir,
                JournalDurability.PROCESS_CRASH, true, TestRollCycles.TEST_SECONDLY, time));
        String id;
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(journal.get()).stateStore(store(false)).build()) {
            id = engine.run(Workflow.of(Job.named("ok")));
            engine.await(id); // reported finished anyway: the store gave up waiting
        }
        time.advanceMillis(2000);
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(journal.get()).stateStore(store(false)).build()) {
            engine.await(engine.run(Workflow.of(Job.named("ok")))); // a newer file, so the first is not the newest
        }
        time.advanceMillis(2000);
        // The store never had run id's end: retention keeps its file, however often the engine restarts.
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(journal.get()).stateStore(store(false)).build()) {
            assertThat(engine.workflowState(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
        }
        assertThat(cycleFiles()).hasSize(2);
        // A store that takes it: the restart writes it anew, journals that it is stored; the next restart deletes.
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(journal.get()).stateStore(store(true)).build()) {
            assertThat(engine.await(id).status()).isEqualTo(WorkflowState.Status.SUCCESS);
            org.awaitility.Awaitility.await().until(() -> JournalReader.open(dir).countsByType()
                    .getOrDefault(JournalEntry.Type.STORED, 0L) >= 1);
        }
        time.advanceMillis(2000);
        try (HymirEngine engine = HymirEngine.builder().registry(registry()).journal(journal.get()).stateStore(store(true)).build()) {
            assertThatThrownBy(() -> engine.workflowState(id)).isInstanceOf(WorkflowDoesNotExist.class); // deleted, forgotten
        }
    }

    private List<String> cycleFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }
}
