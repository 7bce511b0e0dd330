package dev.hymir.internal.engine;

import java.util.List;
import java.util.function.Consumer;

/**
 * The write-ahead log of the scheduler loop. The loop calls {@link #append} once per drained batch
 * with the {@link Transition}s it made, before any effect of them leaves the loop (job threads,
 * timers, completed futures); an implementation returns once the batch is as durable as it promises.
 * Only the loop thread calls {@code append} and {@code close} (one writer); {@link #replay} runs
 * before the loop starts. The default keeps nothing. No Chronicle type may appear here.
 */
public interface Journal extends AutoCloseable {

    /** Records a batch, in order; the list is reused by the caller once this returns. */
    void append(List<Transition> batch);

    /** Feeds every recorded event, in order, to {@code sink}. */
    void replay(Consumer<Transition> sink);

    @Override
    void close();

    /** Records nothing: the in-memory engine needs no journal. */
    Journal NONE = new Journal() {
        @Override
        public void append(List<Transition> batch) {
        }

        @Override
        public void replay(Consumer<Transition> sink) {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "Journal.NONE";
        }
    };
}
