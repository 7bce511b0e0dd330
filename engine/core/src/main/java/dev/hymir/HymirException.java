package dev.hymir;

/** Base of every exception Hymir throws on purpose. Unchecked. */
public class HymirException extends RuntimeException {
    /** An exception with {@code message}, which names what was wrong. */
    public HymirException(String message) {
        super(message);
    }

    /** An exception with {@code message}, caused by {@code cause}. */
    public HymirException(String message, Throwable cause) {
        super(message, cause);
    }
}
