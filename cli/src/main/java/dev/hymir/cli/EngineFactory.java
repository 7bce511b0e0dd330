package dev.hymir.cli;

import dev.hymir.HymirEngine;
import dev.hymir.HymirException;
import dev.hymir.JobRegistry;
import dev.hymir.RedisStateStore;
import dev.hymir.spi.Dispatcher;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one place where the CLI builds an engine, so journal and state-store options land in one spot. */
final class EngineFactory {
    /** What the demo says to do when its journal directory cannot be used. */
    static final String DEMO_FIX = "use another --data-dir, or --no-journal";

    private EngineFactory() {
    }

    /**
     * Builds an engine; with a journal directory it journals there and, at build(), resumes the
     * unfinished workflows the journal holds.
     *
     * @param meters     where the engine records its meters, or null for none
     * @param journalDir the journal directory (created if missing), or null for no journal
     * @param redis      where the engine writes its snapshots (it closes the store), or null for none
     * @param fix        what the user should do when the journal cannot be opened (ends the error line)
     */
    static HymirEngine build(JobRegistry registry, MeterRegistry meters, Path journalDir, RedisStateStore redis,
                             String fix) {
        return build(registry, meters, journalDir, redis, null, fix);
    }

    /**
     * {@link #build(JobRegistry, MeterRegistry, Path, RedisStateStore, String)} with a dispatcher (null: jobs
     * run in this process), which the engine owns once built.
     */
    static HymirEngine build(JobRegistry registry, MeterRegistry meters, Path journalDir, RedisStateStore redis,
                             Dispatcher dispatcher, String fix) {
        HymirEngine.Builder b = HymirEngine.builder().registry(registry);
        if (dispatcher != null) {
            b.dispatcher(dispatcher);
        }
        if (meters != null) {
            b.meterRegistry(meters);
        }
        if (redis != null) {
            b.stateStore(redis);
        }
        if (journalDir != null) {
            b.journal(journalDir);
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            if (redis != null) {
                redis.close(); // the engine owns it only once built (it closed them if build() got that far)
            }
            if (dispatcher != null) {
                dispatcher.close();
            }
            throw journalDir != null && e instanceof HymirException h ? journalError(h, journalDir, fix) : e;
        }
    }

    /**
     * The engine's journal errors as one line saying what to do. The engine has one exception type
     * for them, so the cases are told apart by the wording of its messages; anything else keeps
     * the engine's first line.
     */
    static UserError journalError(HymirException e, Path dir, String fix) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        String line;
        if (m.contains("in use by an engine in another process") || m.contains("in use by another engine in this process")) {
            line = "journal directory " + dir + " is locked by another running hymir/engine: stop it, or " + fix;
        } else if (m.contains("needs JVM flags")) {
            line = "the journal needs JVM flags this JVM was started without: run hymir with ./hymir or"
                    + " 'java -jar hymir-cli-<version>.jar' (the jar's manifest adds them)";
        } else if (m.contains("is a file, not a directory")) {
            line = "journal directory " + dir + " is a file, not a directory: " + fix;
        } else if (m.contains("holds files that are not a Hymir journal's")) {
            int semicolon = m.indexOf(';');
            line = Errors.firstLine(semicolon < 0 ? m : m.substring(0, semicolon)) + ": " + fix;
        } else if (m.startsWith("no journal in")) {
            line = "no journal in " + dir + " (expected a directory with Chronicle Queue files): " + fix;
        } else {
            line = Errors.firstLine(m) + ": " + fix;
        }
        return new UserError(line, e);
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
