package dev.hymir.internal.workers;

/** Waits after a Redis error: 50 ms doubling to 2 s, reset by a success. For the I/O threads only. */
final class Backoff {
    private long millis;

    void reset() {
        millis = 0;
    }

    /** Sleeps the next delay; false if interrupted. */
    boolean pause() {
        millis = millis == 0 ? 50 : Math.min(2_000, millis * 2);
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean failing() {
        return millis > 0;
    }
}
