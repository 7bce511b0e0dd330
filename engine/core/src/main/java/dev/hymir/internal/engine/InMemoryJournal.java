package dev.hymir.internal.engine;

import dev.hymir.spi.Journal;
import dev.hymir.spi.Transition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A journal kept in a list: what it was given, it replays, for as long as the object lives. An engine
 * closed and another built on the same object resumes as from a Chronicle directory, without the
 * JVM flags; nothing survives the process. For tests, and the reference the journal contract holds
 * every journal to.
 */
public final class InMemoryJournal implements Journal {
    private final List<Transition> records = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized void append(List<Transition> batch) {
        if (closed) {
            throw new IllegalStateException("this journal is closed (an engine built on it replays it first)");
        }
        records.addAll(batch); // records are immutable: keeping them is keeping their content
    }

    /** Feeds what it holds, in order; an engine built on a closed journal so takes it up again. */
    @Override
    public synchronized void replay(Consumer<Transition> sink) {
        for (Transition t : records) {
            sink.accept(t);
        }
        closed = false;
    }

    /** What it holds, in order (a copy). */
    public synchronized List<Transition> records() {
        return List.copyOf(records);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemoryJournal(" + records().size() + " records)";
    }
}
