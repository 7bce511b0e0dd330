package dev.hymir.testing;

import dev.hymir.EngineClock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told: test Retry waits, CheckLater delays and job timeouts without
 * sleeping. Pass it to {@code HymirEngine.builder().clock(clock)}; {@link #advance} wakes the engine,
 * which then fires every timer that has become due. Thread-safe.
 */
public final class ManualClock implements EngineClock {
    private final AtomicLong nanos = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /** Moves time forward by {@code duration} and wakes every engine using this clock. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: advance(" + duration + ")");
        }
        nanos.addAndGet(duration.toNanos());
        for (Runnable wakeUp : listeners) {
            wakeUp.run();
        }
    }

    /** How much time has passed since this clock was created. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }

    @Override
    public void onAdvance(Runnable wakeUp) {
        listeners.add(wakeUp);
    }
}
