package dev.hymir.spi;

import dev.hymir.JournalDurability;

import java.nio.file.Path;

/**
 * Opens the journal behind {@code HymirEngine.Builder.journal(Path)} (SPI, found with
 * {@link java.util.ServiceLoader}). The {@code hymir-journal} artifact provides the Chronicle Queue one;
 * the core has none, so an engine in memory carries no journal library and needs no JVM flags.
 */
public interface JournalFactory {

    /**
     * Opens (creating if missing) the journal in {@code dir}, locked for this engine until closed.
     *
     * @param dir                 the journal directory
     * @param durability          what an appended batch survives
     * @param deleteFinishedFiles whether {@link Journal#deleteDone} may delete whole files whose runs are done
     */
    Journal open(Path dir, JournalDurability durability, boolean deleteFinishedFiles);
}
