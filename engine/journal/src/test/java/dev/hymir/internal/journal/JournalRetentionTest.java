package dev.hymir.internal.journal;

import dev.hymir.JournalDurability;
import dev.hymir.WorkflowState;
import dev.hymir.spi.Transition;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention with a one-second roll cycle and a settable Chronicle clock: one file per "second". */
class JournalRetentionTest {
    @TempDir
    Path dir;
    SetTimeProvider time = new SetTimeProvider(1_767_225_600_000L);

    private ChronicleJournal open(boolean retention) {
        return ChronicleJournal.open(new ChronicleJournal.Options(dir, JournalDurability.PROCESS_CRASH, retention,
                TestRollCycles.TEST_SECONDLY, time));
    }

    private List<String> cycleFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }

    /** Replays; with retention, then deletes as an engine without a state store would (ended = done). */
    private List<Transition> replay(boolean retention) {
        List<Transition> read = new ArrayList<>();
        try (ChronicleJournal journal = open(retention)) {
            journal.replay(read::add);
            java.util.Set<Integer> ended = new java.util.HashSet<>();
            for (Transition t : read) {
                if (t instanceof Transition.Finished || t instanceof Transition.Cleared) {
                    ended.add(t.run());
                }
            }
            journal.deleteDone(ended::contains);
        }
        return read;
    }

    @Test
    void powerLossDurabilityAppendsAcrossRolls() {
        List<Transition> all = new ArrayList<>();
        try (ChronicleJournal journal = ChronicleJournal.open(new ChronicleJournal.Options(dir,
                JournalDurability.POWER_LOSS, false, TestRollCycles.TEST_SECONDLY, time))) {
            for (int i = 0; i < 3; i++) { // each batch in a new file: msync, and fsync of the directory
                List<Transition> batch = List.of(new Transition.Started(0, i, 0), new Transition.Succeeded(0, i, null));
                journal.append(batch);
                all.addAll(batch);
                time.advanceMillis(1000);
            }
        }
        assertThat(replay(false)).containsExactlyElementsOf(all);
    }

    @Test
    void filesWhoseWorkflowsAllFinishedAreDeletedAndTheRestIsKept() throws Exception {
        List<Transition> second1 = List.of(new Transition.Submitted(0, "done", "{}"), new Transition.Finished(0, WorkflowState.Status.SUCCESS),
                new Transition.Submitted(1, "cleared", "{}"), new Transition.Finished(1, WorkflowState.Status.FAILURE));
        List<Transition> second2 = List.of(new Transition.Cleared(1), new Transition.Submitted(2, "running", "{}"));
        List<Transition> second3 = List.of(new Transition.Submitted(3, "done later", "{}"), new Transition.Finished(3, WorkflowState.Status.SUCCESS));
        List<Transition> second4 = List.of(new Transition.Started(2, 0, 0));
        try (ChronicleJournal journal = open(false)) {
            for (List<Transition> batch : List.of(second1, second2, second3, second4)) {
                journal.append(batch);
                time.advanceMillis(1000);
            }
        }
        assertThat(cycleFiles()).hasSize(4);

        List<Transition> all = new ArrayList<>();
        List.of(second1, second2, second3, second4).forEach(all::addAll);
        assertThat(replay(true)).containsExactlyElementsOf(all); // replay sees everything, then deletes

        // Seconds 1 and 3 held only finished runs; 2 holds the unfinished run 2; 4 is the newest.
        assertThat(cycleFiles()).hasSize(2);
        List<Transition> kept = new ArrayList<>(second2);
        kept.addAll(second4);
        assertThat(replay(false)).containsExactlyElementsOf(kept);
        assertThat(replay(true)).containsExactlyElementsOf(kept); // nothing more to delete
        assertThat(cycleFiles()).hasSize(2);

        try (ChronicleJournal journal = open(true)) { // still appendable after deletion
            journal.replay(t -> { });
            journal.append(List.of(new Transition.Finished(2, WorkflowState.Status.SUCCESS)));
        }
        kept.add(new Transition.Finished(2, WorkflowState.Status.SUCCESS));
        assertThat(replay(false)).containsExactlyElementsOf(kept);
    }

    @Test
    void retentionDeletionsAndAppendedBytesAreMetered() {
        try (ChronicleJournal journal = open(false)) {
            for (int run = 0; run < 3; run++) { // three files, each with a finished run
                journal.append(List.of(new Transition.Submitted(run, "w" + run, "{}"), new Transition.Finished(run, WorkflowState.Status.SUCCESS)));
                time.advanceMillis(1000);
            }
        }
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (ChronicleJournal journal = open(true)) {
            journal.bindMeters(meters, io.micrometer.core.instrument.Tags.of("engine", "e"));
            journal.replay(t -> { });
            journal.deleteDone(run -> true);
            assertThat(meters.get("hymir.journal.retention.deleted").tag("engine", "e").functionCounter().count())
                    .as("every file but the newest").isEqualTo(2);
            assertThat(meters.get("hymir.journal.bytes").functionCounter().count()).isZero();
            journal.append(List.of(new Transition.Submitted(9, "w9", "{}")));
            assertThat(meters.get("hymir.journal.bytes").functionCounter().count()).isGreaterThan(4);
        }
    }
}
