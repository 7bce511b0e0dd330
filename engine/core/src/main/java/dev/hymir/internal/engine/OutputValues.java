package dev.hymir.internal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One output variable's values in completion order: appended by the core (one writer at a time),
 * read by any thread. A reader sees a prefix: {@link #size} is written after the value it counts, so
 * every value below it is there.
 */
final class OutputValues {
    /** A job that succeeds with null stores this (the array slot must be non-null to be seen). */
    private static final Object NULL = new Object();

    private volatile Object[] values = new Object[4];
    private volatile int size;

    /** Core only. */
    void add(Object value) {
        Object[] v = values;
        int n = size;
        if (n == v.length) {
            v = Arrays.copyOf(v, n * 2);
            values = v;
        }
        v[n] = value == null ? NULL : value;
        size = n + 1;
    }

    int size() {
        return size;
    }

    /** The values from position {@code from} on (a copy). */
    List<Object> from(int from) {
        int n = size; // read first: the array read next holds at least n values
        Object[] v = values;
        if (from >= n) {
            return List.of();
        }
        List<Object> list = new ArrayList<>(n - from);
        for (int i = from; i < n; i++) {
            list.add(v[i] == NULL ? null : v[i]);
        }
        return Collections.unmodifiableList(list);
    }
}
