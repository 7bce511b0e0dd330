package dev.hymir.contract;

import dev.hymir.JournalDurability;
import dev.hymir.internal.journal.ChronicleJournal;
import dev.hymir.spi.Journal;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class ChronicleJournalContractTest extends JournalContract {
    @TempDir
    Path dir;

    @Override
    protected Journal open() {
        return ChronicleJournal.open(new ChronicleJournal.Options(dir, JournalDurability.PROCESS_CRASH, false, null, null));
    }
}
