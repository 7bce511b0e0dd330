package dev.hymir.bench;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Counts how often each job ran, so a contender that skips or repeats a job fails loudly instead of
 * posting a flattering number. The no-op job of every contender is exactly {@link #ran(int)}.
 */
public final class ExecutionCounter {
    private final AtomicIntegerArray counts;

    public ExecutionCounter(int jobCount) {
        this.counts = new AtomicIntegerArray(jobCount);
    }

    /** The no-op job body: records that job {@code job} ran. */
    public void ran(int job) {
        counts.getAndIncrement(job);
    }

    /** How many jobs ran at least once. */
    public long executed() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            if (counts.get(i) > 0) {
                n++;
            }
        }
        return n;
    }

    /** Throws unless every job ran exactly once. */
    public void verifyExactlyOnce(String who) {
        int missing = 0;
        int repeated = 0;
        int firstBad = -1;
        for (int i = 0; i < counts.length(); i++) {
            int c = counts.get(i);
            if (c != 1) {
                if (c == 0) {
                    missing++;
                } else {
                    repeated++;
                }
                if (firstBad < 0) {
                    firstBad = i;
                }
            }
        }
        if (missing + repeated > 0) {
            throw new IllegalStateException(who + ": " + missing + " jobs never ran and " + repeated
                    + " ran more than once (first: job " + firstBad + " ran " + counts.get(firstBad) + " times)");
        }
    }
}
