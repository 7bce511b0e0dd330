package dev.hymir.internal.journal;

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

    public static void main(String[] args) {
        try (ChronicleJournal journal = JournalFixtures.open(Path.of(args[0]))) {
            for (List<Transition> batch : batches()) {
                journal.append(batch);
            }
        }
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
