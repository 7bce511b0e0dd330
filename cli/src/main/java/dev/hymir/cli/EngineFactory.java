package dev.hymir.cli;

import dev.hymir.HymirEngine;
import dev.hymir.JobRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one place where the CLI builds an engine, so journal and state-store options land in one spot. */
final class EngineFactory {
    /** What the summary says about the journal of a run built here. */
    static final String JOURNAL_UNAVAILABLE = "off (not available in this build)";

    private EngineFactory() {
    }

    /**
     * @param meters  where the engine records its meters, or null for none
     * @param dataDir the data directory (checked and created), or null when the journal is off
     */
    static HymirEngine build(JobRegistry registry, MeterRegistry meters, Path dataDir) {
        HymirEngine.Builder b = HymirEngine.builder().registry(registry);
        if (meters != null) {
            b.meterRegistry(meters);
        }
        if (dataDir != null) {
            prepareDataDir(dataDir);
            // journal: wired by the journal issue — b.journal(dataDir.resolve("journal"));
        }
        return b.build();
    }

    /** Creates the directory if needed; fails with a line naming the directory when it cannot be used. */
    static void prepareDataDir(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("--data-dir " + dir + " is a file, not a directory: pass a directory"
                    + " (it is created if missing), or --no-journal");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create --data-dir " + dir + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): pass a writable directory, or --no-journal", e);
        }
        if (!Files.isWritable(dir)) {
            throw new UserError("--data-dir " + dir + " is not writable: pass a writable directory, or --no-journal");
        }
    }
}
