package dev.hymir.internal.journal;

import dev.hymir.HymirException;
import dev.hymir.spi.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChronicleJournalTest {
    @TempDir
    Path dir;

    private List<Transition> replay() {
        List<Transition> read = new ArrayList<>();
        try (ChronicleJournal journal = JournalFixtures.open(dir)) {
            journal.replay(read::add);
        }
        return read;
    }

    @Test
    void everyTransitionTypeRoundTrips() {
        try (ChronicleJournal journal = JournalFixtures.open(dir)) {
            journal.append(JournalFixtures.everyType());
        }
        assertThat(replay()).containsExactlyElementsOf(JournalFixtures.everyType());
    }

    @Test
    void batchesAppendInOrderAcrossReopens() {
        List<Transition> all = JournalFixtures.everyType();
        try (ChronicleJournal journal = JournalFixtures.open(dir)) {
            journal.append(all.subList(0, 5));
        }
        try (ChronicleJournal journal = JournalFixtures.open(dir)) {
            journal.replay(t -> { });
            journal.append(all.subList(5, all.size()));
        }
        assertThat(replay()).containsExactlyElementsOf(all);
    }

    @Test
    void aDefinitionLargerThanAMappedChunkIsWrittenAndReadBack() {
        // A 10^6-job workflow's definition is ~100 MB; Chronicle maps the file in chunks of 16 MB+.
        StringBuilder json = new StringBuilder(40_000_000);
        while (json.length() < 40_000_000) {
            json.append("{\"id\":\"").append(json.length()).append("\",\"job\":{\"n\":\"näme\"}},");
        }
        Transition.Submitted submitted = new Transition.Submitted(1, "wf-big", json.toString());
        try (ChronicleJournal journal = JournalFixtures.open(dir)) {
            journal.append(List.of(submitted, new Transition.Started(1, 0, 0)));
        }
        List<Transition> back = replay();
        assertThat(back).hasSize(2);
        assertThat(((Transition.Submitted) back.get(0)).definition()).isEqualTo(submitted.definition());
        assertThat(back.get(1)).isEqualTo(new Transition.Started(1, 0, 0));
    }

    @Test
    void aBatchLargerThanOneDocumentIsSplitAndReadBackWhole() {
        List<Transition> big = new ArrayList<>();
        String text = "x".repeat(1000);
        for (int i = 0; i < 5000; i++) { // ~5 MB: five or more documents
            big.add(new Transition.Failed(1, i, text + i));
        }
        try (ChronicleJournal journal = JournalFixtures.open(dir)) {
            journal.append(big);
        }
        assertThat(replay()).containsExactlyElementsOf(big);
    }

    @Test
    void aDocumentRolledBackIsNeverRead() {
        try (ChronicleJournal journal = JournalFixtures.open(dir)) {
            journal.append(List.of(new Transition.Started(0, 1, 0)));
        }
        TornWriter.writeTorn(dir, false); // opened, written, rolled back on close
        assertThat(replay()).containsExactly(new Transition.Started(0, 1, 0));
    }

    @Test
    void aDocumentOpenedAndNeverClosedByAProcessThatDiedIsSkippedOnReopen() throws Exception {
        try (ChronicleJournal journal = JournalFixtures.open(dir)) {
            journal.append(List.of(new Transition.Started(0, 1, 0)));
        }
        // A child JVM opens a document, writes half a record and halts (no shutdown hooks, no close).
        Process child = new ProcessBuilder(childCommand(TornWriter.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor()).as(out).isEqualTo(TornWriter.HALT_STATUS);

        assertThat(replay()).containsExactly(new Transition.Started(0, 1, 0));
        // The journal stays writable after the dead writer's document: the next batch follows it.
        try (ChronicleJournal journal = JournalFixtures.open(dir)) {
            journal.replay(t -> { });
            journal.append(List.of(new Transition.Started(0, 2, 0)));
        }
        assertThat(replay()).containsExactly(new Transition.Started(0, 1, 0), new Transition.Started(0, 2, 0));
    }

    /** java from this JVM, with its flags (Chronicle's opens) and its class path. */
    static List<String> childCommand(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")
                    || arg.startsWith("-Dchronicle")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Dchronicle.analytics.disable=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void aPathThatIsAFileIsRefusedAndLeftAlone() throws Exception {
        Path file = dir.resolve("journal");
        Files.writeString(file, "mine");
        assertThatThrownBy(() -> JournalFixtures.open(file)).isInstanceOf(HymirException.class)
                .hasMessageContaining("is a file");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    @Test
    void aDirectoryWithForeignFilesIsRefusedAndLeftAlone() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> JournalFixtures.open(dir)).isInstanceOf(HymirException.class)
                .hasMessageContaining("notes.txt");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("notes.txt");
        }
    }

    @Test
    void aMissingDirectoryIsCreated() {
        Path nested = dir.resolve("a/b/journal");
        try (ChronicleJournal journal = JournalFixtures.open(nested)) {
            journal.append(List.of(new Transition.Cancelled(3)));
        }
        assertThat(Files.isDirectory(nested)).isTrue();
    }

    @Test
    void aDirectoryInUseByAnotherJournalInThisProcessIsRefused() {
        try (ChronicleJournal first = JournalFixtures.open(dir)) {
            assertThatThrownBy(() -> JournalFixtures.open(dir)).isInstanceOf(HymirException.class)
                    .hasMessageContaining("in use by another engine in this process");
            first.append(List.of(new Transition.Cancelled(3))); // the first is unaffected
        }
        assertThat(replay()).containsExactly(new Transition.Cancelled(3));
    }

    @Test
    void aCorruptQueueFileIsAClearErrorAndIsNotOverwritten() throws Exception {
        Path cq4 = dir.resolve("20260101F.cq4");
        byte[] garbage = "this is not a chronicle queue file, just some bytes".repeat(100).getBytes();
        Files.write(cq4, garbage);
        assertThatThrownBy(() -> {
            try (ChronicleJournal journal = JournalFixtures.open(dir)) {
                journal.replay(t -> { });
            }
        }).isInstanceOf(HymirException.class);
        assertThat(Files.readAllBytes(cq4)).isEqualTo(garbage);
    }
}
