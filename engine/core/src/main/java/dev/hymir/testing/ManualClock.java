package dev.hymir.testing;

import dev.hymir.EngineClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told: test Retry waits, CheckLater delays and job timeouts without
 * sleeping. Pass it to {@code HymirEngine.builder().clock(clock)}; {@link #advance} wakes the engine,
 * which then fires every timer that has become due. Thread-safe.
 *
 * <p>It lives in {@code hymir-core}, not in {@code hymir-testing} with the rest of this package, because the
 * core's own tests use it and the core cannot depend on {@code hymir-testing}. With {@code @HymirTest}
 * (in {@code hymir-testing}), a {@code ManualClock} test parameter gives an engine that runs on it.
 */
public final class ManualClock implements EngineClock {
    /** Where {@link #epochMillis()} starts unless given: a fixed instant, so runs are repeatable. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final long startMillis;

    /** A clock whose wall time starts at {@link #DEFAULT_START}. */
    public ManualClock() {
        this(DEFAULT_START);
    }

    /** A clock whose wall time ({@link #epochMillis()}) starts at {@code start} and moves with {@link #advance}. */
    public ManualClock(Instant start) {
        if (start == null) {
            throw new IllegalArgumentException("ManualClock: start must not be null");
        }
        this.startMillis = start.toEpochMilli();
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /**
     * The start instant plus the time advanced so far. A test that restarts an engine on a journal
     * passes the same clock to the new engine, so journaled due times keep their remaining delay.
     */
    @Override
    public long epochMillis() {
        return startMillis + nanos.get() / 1_000_000;
    }

    /** Moves time forward by {@code duration} and wakes every engine using this clock. */
    public void advance(Duration duration) {
        if (duration == null) {
            throw new IllegalArgumentException("ManualClock.advance: duration must not be null");
        }
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
        if (wakeUp == null) {
            throw new IllegalArgumentException("ManualClock.onAdvance: wakeUp must not be null");
        }
        listeners.add(wakeUp);
    }
}
