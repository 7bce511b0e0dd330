package dev.hymir;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Not finished yet: run the job again after {@code waitFor}. This is not a retry; the job goes back to
 * PENDING and {@code context} is stored in its {@code JobState} and handed back (input
 * {@code job_state}) on the next run.
 */
public record CheckLater(Duration waitFor, Map<String, Object> context) implements JobResult {
    /** A null {@code waitFor} is zero (run again at once); a null {@code context} is empty. */
    public CheckLater {
        waitFor = waitFor == null ? Duration.ZERO : waitFor;
        if (waitFor.isNegative()) {
            throw new IllegalArgumentException("CheckLater waitFor must not be negative, was " + waitFor);
        }
        context = context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    /** Run the job again after {@code waitFor}, with no context. */
    public static CheckLater after(Duration waitFor) {
        return new CheckLater(waitFor, Map.of());
    }
}
