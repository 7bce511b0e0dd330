package dev.hymir.testing;

import dev.hymir.JournalDurability;
import dev.hymir.internal.journal.ChronicleJournal;
import dev.hymir.spi.Journal;
import dev.hymir.spi.Transition;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Chronicle journal a test can crash, the in-JVM stand-in for kill -9 (the integration tests kill
 * real child JVMs). After {@link #crash()} nothing more is appended and the directory is released;
 * closing the engine then journals nothing (it stops as after a crash: running jobs interrupted,
 * timers gone), so a new engine built on the directory recovers what was journaled before.
 *
 * <pre>{@code
 * CrashableJournal journal = CrashableJournal.open(dir);
 * HymirEngine first = HymirEngine.builder().journal(journal).build();
 * String id = first.run(workflow);
 * journal.crash();
 * first.close();                                   // journals nothing more
 * HymirEngine second = HymirEngine.builder().journal(dir).build();   // resumes id
 * }</pre>
 */
public final class CrashableJournal implements Journal {
    private final Journal delegate;
    private boolean crashed;

    private CrashableJournal(Journal delegate) {
        this.delegate = delegate;
    }

    /** A Chronicle journal in {@code dir} with {@code durability}. */
    public static CrashableJournal open(Path dir, JournalDurability durability) {
        if (dir == null) {
            throw new IllegalArgumentException("CrashableJournal.open: dir must not be null");
        }
        if (durability == null) {
            throw new IllegalArgumentException("CrashableJournal.open: durability must not be null");
        }
        return new CrashableJournal(ChronicleJournal.open(new ChronicleJournal.Options(dir, durability, false, null, null)));
    }

    /** A Chronicle journal in {@code dir}, {@link JournalDurability#PROCESS_CRASH}. */
    public static CrashableJournal open(Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("CrashableJournal.open: dir must not be null");
        }
        return open(dir, JournalDurability.PROCESS_CRASH);
    }

    @Override
    public synchronized void append(List<Transition> batch) {
        if (batch == null) {
            throw new IllegalArgumentException("CrashableJournal.append: batch must not be null");
        }
        if (crashed) {
            throw new IllegalStateException("simulated crash: this journal takes nothing more");
        }
        delegate.append(batch);
    }

    @Override
    public void replay(Consumer<Transition> sink) {
        if (sink == null) {
            throw new IllegalArgumentException("CrashableJournal.replay: sink must not be null");
        }
        delegate.replay(sink);
    }

    /** Nothing more is appended from now on; the directory is free for the next engine. */
    public synchronized void crash() {
        if (!crashed) {
            crashed = true;
            delegate.close();
        }
    }

    @Override
    public synchronized void close() {
        if (!crashed) {
            crashed = true;
            delegate.close();
        }
    }
}
