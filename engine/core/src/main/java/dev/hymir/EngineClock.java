package dev.hymir;

/**
 * The time source of an engine: Retry and CheckLater delays and job timeouts are measured with it.
 * The default is {@link #system()}. Tests inject {@link dev.hymir.testing.ManualClock} and move time
 * with {@code advance(...)} instead of sleeping:
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * try (HymirEngine engine = HymirEngine.builder().clock(clock).build()) {
 *     String id = engine.run(wf);           // a job answers CheckLater.after(Duration.ofMinutes(5))
 *     clock.advance(Duration.ofMinutes(5)); // the engine wakes up and runs it again at once
 * }
 * }</pre>
 */
public interface EngineClock {

    /** Monotonic time in nanoseconds; only differences matter. */
    long nanoTime();

    /**
     * Wall-clock time in epoch milliseconds. The journal records Retry/CheckLater due times with it,
     * so a timer pending at a crash resumes with its remaining delay after a restart.
     */
    default long epochMillis() {
        return System.currentTimeMillis();
    }

    /**
     * The engine registers {@code wakeUp} once; a clock whose time can jump (a manual clock) calls it
     * after every jump so the engine re-checks its timers. The system clock never needs to.
     */
    default void onAdvance(Runnable wakeUp) {
    }

    /** {@link System#nanoTime()}. */
    static EngineClock system() {
        return System::nanoTime;
    }
}
