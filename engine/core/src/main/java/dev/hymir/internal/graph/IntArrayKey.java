package dev.hymir.internal.graph;

import java.util.Arrays;

/** An int array as a hash key, compared by content (the hash computed once). Never modify {@code values}. */
public record IntArrayKey(int[] values, int hash) {
    public IntArrayKey(int[] values) {
        this(values, Arrays.hashCode(values));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntArrayKey k && hash == k.hash && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
