package dev.hymir.internal.engine;

import java.time.Duration;

/**
 * Time arithmetic that cannot overflow: a user may ask for a Retry in 10^9 days or a timeout of
 * 10^16 ms. Such values are clamped to "never" (about 292 years of nanoseconds) instead of wrapping
 * around into the past or throwing on the core's threads.
 */
final class Durations {
    private Durations() {
    }

    /** {@code d} in nanoseconds, clamped to [0, Long.MAX_VALUE]. */
    static long toNanosSaturated(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        return d.toNanos();
    }

    /** {@code millis} (non-negative) in nanoseconds, clamped to Long.MAX_VALUE. */
    static long millisToNanosSaturated(long millis) {
        return millis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000;
    }

    /** {@code a + b} for non-negative {@code b}, clamped to Long.MAX_VALUE. */
    static long addSaturated(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
