package dev.hymir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Argument checks of the public API: a null argument is an {@link IllegalArgumentException} whose
 * message names the method and the parameter ({@code "HymirEngine.jobStates: jobIds must not be null"}),
 * never a bare NullPointerException from deep inside.
 */
final class Args {
    private Args() {
    }

    /** {@code value}, or an IllegalArgumentException naming {@code parameter} of {@code method}. */
    static <T> T notNull(T value, String method, String parameter) {
        if (value == null) {
            throw new IllegalArgumentException(method + ": " + parameter + " must not be null");
        }
        return value;
    }

    /** A copy of {@code values}; null itself or a null element is an IllegalArgumentException naming its position. */
    static <T> List<T> noNulls(Collection<? extends T> values, String method, String parameter) {
        notNull(values, method, parameter);
        List<T> copy = new ArrayList<>(values.size());
        int i = 0;
        for (T v : values) {
            if (v == null) {
                throw new IllegalArgumentException(method + ": " + parameter + "[" + i + "] must not be null");
            }
            copy.add(v);
            i++;
        }
        return copy;
    }
}
