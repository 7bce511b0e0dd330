package dev.hymir.internal.engine;

import dev.hymir.Job;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The job meta entries the engine understands: {@code timeout} and {@code concurrency}. {@code id}
 * is the job id named in error messages (a job template has no identity of its own).
 */
final class JobMeta {
    static final String TIMEOUT = "timeout";
    static final String CONCURRENCY = "concurrency";

    private JobMeta() {
    }

    /**
     * Meta {@code timeout}: an ISO-8601 duration ({@code "PT30S"}) or a number of milliseconds
     * ({@code 1500} or {@code "1500"}); {@code null} when absent.
     */
    static Duration timeout(Job job, int id) {
        Object value = job.meta().get(TIMEOUT);
        if (value == null) {
            return null;
        }
        Duration d;
        try {
            if (value instanceof Number n) {
                d = Duration.ofMillis(n.longValue());
            } else {
                String text = value.toString().strip();
                d = text.chars().allMatch(Character::isDigit) && !text.isEmpty()
                        ? Duration.ofMillis(Long.parseLong(text)) : Duration.parse(text);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("job " + id + " (" + job.name() + ") has meta timeout '" + value
                    + "': expected an ISO-8601 duration such as \"PT30S\" or a number of milliseconds");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("job " + id + " (" + job.name() + ") has meta timeout '" + value
                    + "': it must be positive");
        }
        return d;
    }

    /** Meta {@code concurrency}: how many jobs of this name may run at once; {@code null} when absent. */
    static Integer concurrency(Job job, int id) {
        Object value = job.meta().get(CONCURRENCY);
        if (value == null) {
            return null;
        }
        int limit;
        try {
            limit = value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1) {
            throw new IllegalArgumentException("job " + id + " (" + job.name() + ") has meta concurrency '" + value
                    + "': expected a positive integer (how many jobs named " + job.name() + " may run at once)");
        }
        return limit;
    }
}
