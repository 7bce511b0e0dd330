package dev.hymir;

import dev.hymir.JournalEntry.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalReaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        JournalJobs.reset();
        JournalJobs.block = false;
    }

    @Test
    void readsEveryRecordWithItsWorkflowAndJobWhileTheEngineRuns() {
        try (HymirEngine engine = HymirEngine.builder().journal(dir).build()) {
            String id = engine.run(Workflow.of(Chain.of(Job.of(JournalJobs::produce).set("a"), Job.of(JournalJobs::consume))));
            engine.await(id);

            List<JournalEntry> entries = JournalReader.open(dir).entries(); // the engine still holds the lock
            // Jobs run in this JVM are not journaled when they start (a job with no terminal record runs
            // again after a crash either way): the journal holds outcomes.
            assertThat(entries).extracting(JournalEntry::type).containsExactly(Type.SUBMITTED,
                    Type.SUCCEEDED, Type.SUCCEEDED, Type.FINISHED);
            assertThat(entries).extracting(JournalEntry::workflowId).containsOnly(id);
            assertThat(entries).extracting(JournalEntry::index).containsExactly(0L, 1L, 2L, 3L);
            assertThat(entries.get(1)).isEqualTo(new JournalEntry(1, id, Type.SUCCEEDED, "1", "\"hello a\""));
            assertThat(entries.get(3).detail()).isEqualTo("SUCCESS");
            assertThat(Workflow.fromJson(entries.get(0).detail()).toJson()).isEqualTo(engine.workflow(id).toJson());
            assertThat(JournalReader.open(dir).countsByType())
                    .containsExactly(Map.entry(Type.SUBMITTED, 1L), Map.entry(Type.SUCCEEDED, 2L), Map.entry(Type.FINISHED, 1L));
            assertThat(entries.get(1).isJobTerminal()).isTrue();
            assertThat(entries.get(0).isJobTerminal()).isFalse();
            assertThat(Type.CHECK_LATER.label()).isEqualTo("check_later");
        }
    }

    @Test
    void aDirectoryWithoutAJournalIsAClearError() throws Exception {
        assertThatThrownBy(() -> JournalReader.open(dir.resolve("missing"))).isInstanceOf(HymirException.class)
                .hasMessageContaining("no journal in");
        Files.writeString(dir.resolve("x.txt"), "x");
        assertThatThrownBy(() -> JournalReader.open(dir)).isInstanceOf(HymirException.class);
    }
}
