package dev.hymir;

import java.time.Duration;

/**
 * Run the job again after a random delay between {@code waitMin} and {@code waitMax}.
 *
 * <p>With {@code maxRetries = n} the job runs at most n + 1 times: once, then n retries; the n + 1st
 * {@code Retry} makes it a FAILURE with {@code retries == n}. A {@code null} {@code maxRetries}
 * retries without limit, as in Hymir.
 */
public record Retry(Duration waitMin, Duration waitMax, Integer maxRetries) implements JobResult {
    public Retry {
        waitMin = waitMin == null ? Duration.ZERO : waitMin;
        waitMax = waitMax == null ? waitMin : waitMax;
        if (waitMin.isNegative() || waitMax.isNegative()) {
            throw new IllegalArgumentException("Retry waits must not be negative: waitMin=" + waitMin + ", waitMax=" + waitMax);
        }
        if (waitMax.compareTo(waitMin) < 0) {
            throw new IllegalArgumentException("Retry waitMax (" + waitMax + ") is shorter than waitMin (" + waitMin + ")");
        }
        if (maxRetries != null && maxRetries < 0) {
            throw new IllegalArgumentException("Retry maxRetries must be >= 0 or null (unlimited), was " + maxRetries);
        }
    }

    /** Retry at once, up to {@code maxRetries} times. */
    public static Retry immediately(int maxRetries) {
        return new Retry(Duration.ZERO, Duration.ZERO, maxRetries);
    }

    /** Retry after exactly {@code wait}, up to {@code maxRetries} times. */
    public static Retry after(Duration wait, int maxRetries) {
        Args.notNull(wait, "Retry.after", "wait");
        return new Retry(wait, wait, maxRetries);
    }
}
