package dev.hymir.bench;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Counts how often each job ran, so a contender that skips or repeats a job fails loudly instead of
 * posting a flattering number. The no-op job of every contender is exactly {@link #ran(int)}.
 *
 * <p>A {@link #window} is a view of some of the jobs numbered from 0: the many-small-workflows section
 * counts 20,000 workflows of 10 jobs in one counter, each workflow through its own window.
 */
public final class ExecutionCounter {
    private final AtomicIntegerArray counts;
    private final int offset;
    private final int length;

    public ExecutionCounter(int jobCount) {
        this(new AtomicIntegerArray(jobCount), 0, jobCount);
    }

    private ExecutionCounter(AtomicIntegerArray counts, int offset, int length) {
        this.counts = counts;
        this.offset = offset;
        this.length = length;
    }

    /** Jobs {@code [from, from + jobs)} of this counter, as jobs {@code 0 .. jobs-1} of the returned one. */
    public ExecutionCounter window(int from, int jobs) {
        if (from < 0 || jobs < 0 || from + jobs > length) {
            throw new IllegalArgumentException("window [" + from + ", " + (from + jobs) + ") is outside jobs [0, "
                    + length + ")");
        }
        return new ExecutionCounter(counts, offset + from, jobs);
    }

    /** The no-op job body: records that job {@code job} ran. */
    public void ran(int job) {
        counts.getAndIncrement(offset + job);
    }

    /** How many times job {@code job} ran so far. */
    int count(int job) {
        return counts.get(offset + job);
    }

    /** How many jobs ran at least once. */
    public long executed() {
        long n = 0;
        for (int i = 0; i < length; i++) {
            if (count(i) > 0) {
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
        for (int i = 0; i < length; i++) {
            int c = count(i);
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
                    + " ran more than once (first: job " + firstBad + " ran " + count(firstBad) + " times)");
        }
    }
}
