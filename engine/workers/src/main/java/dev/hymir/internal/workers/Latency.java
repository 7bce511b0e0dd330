package dev.hymir.internal.workers;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A histogram of microsecond values (dispatch to start), in buckets of 1/8 of a power of two (so a
 * percentile is within 12.5% of the truth). Recorded by one thread, read by any.
 */
public final class Latency {
    private static final int SUB = 8;
    private final AtomicLongArray counts = new AtomicLongArray(64 * SUB);

    void record(long micros) {
        counts.incrementAndGet(bucket(Math.max(0, micros)));
    }

    static int bucket(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v);  // >= 3
        int sub = (int) (v >>> (exp - 3)) & (SUB - 1); // the 3 bits after the leading one
        return (exp - 2) * SUB + sub;
    }

    /** The upper bound of bucket {@code b}. */
    static long upper(int b) {
        if (b < SUB) {
            return b;
        }
        int exp = b / SUB + 2;
        int sub = b % SUB;
        return ((long) (SUB + sub + 1) << (exp - 3)) - 1;
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The value below which {@code q} (0..1) of the recorded values lie (a bucket's upper bound); 0 if none. */
    public long percentile(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= Math.max(1, rank)) {
                return upper(i);
            }
        }
        return upper(counts.length() - 1);
    }
}
