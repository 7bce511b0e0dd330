package dev.hymir.internal.redis;

/**
 * A workflow's definition JSON built as UTF-8 bytes a slice at a time, so the flusher spreads the
 * work of a 10^6-job definition (~150 MB in Python's form) over its rounds between job-state writes.
 * Its exact length is known up front, so the bytes go into one array Redis takes with one SET
 * (measured here: APPENDing 4 MB slices to a 240 MB string costs Redis ~10 s of reallocation, SETRANGE
 * into a pre-sized string ~1.5 s, one SET of the whole value ~20 µs of its main thread).
 */
public interface DefinitionSlices {

    /** The definition's length in bytes (it may exceed what one array or one Redis string holds). */
    long length();

    /**
     * Writes about {@code budget} more bytes; true once the whole definition is written. The array
     * is allocated on the first call, so {@link #length()} should be checked first.
     */
    boolean writeSome(int budget);

    /** The whole definition, once {@link #writeSome} returned true. */
    byte[] bytes();
}
