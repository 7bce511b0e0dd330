package dev.hymir.contract;

import dev.hymir.internal.engine.InMemoryJournal;
import dev.hymir.spi.Journal;

class InMemoryJournalContractTest extends JournalContract {
    private final InMemoryJournal journal = new InMemoryJournal();

    @Override
    protected Journal open() {
        return journal;
    }
}
