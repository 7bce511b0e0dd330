package dev.hymir.internal.journal;

import dev.hymir.WorkflowState;
import dev.hymir.spi.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the journal committed in {@code src/test/resources/golden/journal-v1} (written once by
 * {@link #main}) and asserts what it decodes to, so a change of the on-disk format fails the build
 * instead of silently making old journals unreadable. To regenerate after a deliberate format change
 * (and a FORMAT bump that still reads v1): run {@code main} with a new directory and add a new test.
 */
class GoldenJournalTest {
    @TempDir
    Path copy;

    /** What the golden journal holds: two batches, one transition of each type. */
    static List<List<Transition>> batches() {
        List<Transition> all = JournalFixtures.everyType();
        return List.of(all.subList(0, 6), all.subList(6, all.size()));
    }

    /**
     * What the format-2 golden journal holds: every type, a binary definition (bytes that are not
     * text), and a run of output-less successes written as one grouped record.
     */
    static List<List<Transition>> batchesV2() {
        List<Transition> grouped = new ArrayList<>();
        grouped.add(new Transition.Submitted(2, "c3f2e1d0-aaaa-4bbb-8ccc-000000000002",
                new byte[] {0, 'H', 2, 1, 7, -1, 0x7f, (byte) 0x80, 42}));
        for (int job : new int[] {0, 1, 2, 5, 4, 1_000_000, 3}) {
            grouped.add(new Transition.Succeeded(2, job, null));
        }
        grouped.add(new Transition.Succeeded(2, 6, "\"out\""));
        grouped.add(new Transition.Started(2, 7, 3));
        grouped.add(new Transition.Finished(2, WorkflowState.Status.SUCCESS));
        grouped.add(new Transition.Stored(2));
        List<List<Transition>> batches = new ArrayList<>(batches());
        batches.add(grouped);
        return batches;
    }

    /** Writes a golden journal: {@code main DIR v1|v2} (v1 can only be written by a build of format 1). */
    public static void main(String[] args) {
        try (ChronicleJournal journal = JournalFixtures.open(Path.of(args[0]))) {
            for (List<Transition> batch : args.length > 1 && args[1].equals("v2") ? batchesV2() : batches()) {
                journal.append(batch);
            }
        }
    }

    @Test
    void theCommittedV2JournalDecodesToTheSameTransitions() throws IOException, URISyntaxException {
        List<Transition> expected = new ArrayList<>();
        batchesV2().forEach(expected::addAll);
        assertThat(replayGolden("/golden/journal-v2")).containsExactlyElementsOf(expected);
    }

    private List<Transition> replayGolden(String resource) throws IOException, URISyntaxException {
        Path golden = Path.of(GoldenJournalTest.class.getResource(resource).toURI());
        Path into = copy.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        Files.createDirectories(into);
        try (Stream<Path> files = Files.list(golden)) {
            for (Path f : files.toList()) { // a copy: opening a queue writes to its files
                Files.copy(f, into.resolve(f.getFileName()));
            }
        }
        List<Transition> read = new ArrayList<>();
        try (ChronicleJournal journal = JournalFixtures.open(into)) {
            journal.replay(read::add);
        }
        return read;
    }

    @Test
    void theCommittedV1JournalDecodesToTheSameTransitions() throws IOException, URISyntaxException {
        Path golden = Path.of(GoldenJournalTest.class.getResource("/golden/journal-v1").toURI());
        try (Stream<Path> files = Files.list(golden)) {
            for (Path f : files.toList()) { // a copy: opening a queue writes to its files
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        List<Transition> read = new ArrayList<>();
        try (ChronicleJournal journal = JournalFixtures.open(copy)) {
            journal.replay(read::add);
        }
        List<Transition> expected = new ArrayList<>();
        batches().forEach(expected::addAll);
        assertThat(read).containsExactlyElementsOf(expected);
    }
}
