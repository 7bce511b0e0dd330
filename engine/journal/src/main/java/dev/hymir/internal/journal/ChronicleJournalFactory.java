package dev.hymir.internal.journal;

import dev.hymir.JournalDurability;
import dev.hymir.spi.Journal;
import dev.hymir.spi.JournalFactory;

import java.nio.file.Path;

/** The Chronicle Queue journal, for {@code HymirEngine.Builder.journal(Path)} (registered as a service). */
public final class ChronicleJournalFactory implements JournalFactory {
    @Override
    public Journal open(Path dir, JournalDurability durability, boolean deleteFinishedFiles) {
        return ChronicleJournal.open(new ChronicleJournal.Options(dir, durability, deleteFinishedFiles, null, null));
    }
}
