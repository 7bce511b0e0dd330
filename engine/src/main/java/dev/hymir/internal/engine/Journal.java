package dev.hymir.internal.engine;

import java.util.List;
import java.util.function.Consumer;

/**
 * The write-ahead log of the scheduler loop. The loop calls {@link #append} with each batch of
 * events before it applies them; an implementation returns once the batch is as durable as it
 * promises. Only the loop thread calls {@code append} (one writer). The default keeps nothing.
 * A Chronicle Queue implementation comes with the journal issue; no Chronicle type may appear here.
 */
public interface Journal extends AutoCloseable {

    /** Records a batch, in order. */
    void append(List<Event> batch);

    /** Feeds every recorded event, in order, to {@code sink}. */
    void replay(Consumer<Event> sink);

    @Override
    void close();

    /** Records nothing: the in-memory engine needs no journal. */
    Journal NONE = new Journal() {
        @Override
        public void append(List<Event> batch) {
        }

        @Override
        public void replay(Consumer<Event> sink) {
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
