package dev.hymir.spi;

import java.util.List;
import java.util.function.Consumer;

/**
 * The engine's write-ahead log (SPI: for journal implementations such as the Chronicle one; may
 * change between minor versions). The engine's core appends the {@link Transition}s of each pass in
 * one call, before any effect of them is visible (states read through the API or a
 * {@link StateStore}, successors started, futures completed); an implementation returns once the
 * batch is as durable as it promises. One pass at a time: {@link #append} and {@link #close} are
 * never called concurrently, though not always from the same thread. {@link #replay} runs once, when
 * the engine is built, before anything is appended. No implementation type appears here.
 */
public interface Journal extends AutoCloseable {

    /** Records a batch, in order; the list is reused by the caller once this returns. */
    void append(List<Transition> batch);

    /** Feeds every recorded transition, in order, to {@code sink}. */
    void replay(Consumer<Transition> sink);

    /**
     * Called once after {@link #replay} (before any append): the journal may delete what it holds of
     * runs for which {@code done} is true (finished or cleared, and stored where the engine has a state
     * store), where it can do so whole (a Chronicle roll-cycle file whose runs are all done), and returns
     * the keys of the runs whose Submitted record it deleted (the engine forgets them). Optional: the
     * default keeps everything.
     */
    default java.util.Set<Integer> deleteDone(java.util.function.IntPredicate done) {
        return java.util.Set.of();
    }

    /**
     * Registers the journal's own meters (bytes written, sync time...) with {@code tags} (the engine's),
     * when the engine is bound to a registry; the engine removes every meter with its tags when it
     * closes. Optional: the default registers none.
     */
    default void bindMeters(io.micrometer.core.instrument.MeterRegistry registry, io.micrometer.core.instrument.Tags tags) {
    }

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
