package dev.hymir;

/** A job produced a result Hymir cannot accept (e.g. an output value Jackson cannot serialize). */
public final class InvalidJobReturn extends HymirException {
    /** An exception with {@code message}, which names what was wrong. */
    public InvalidJobReturn(String message) {
        super(message);
    }

    /** An exception with {@code message}, caused by {@code cause}. */
    public InvalidJobReturn(String message, Throwable cause) {
        super(message, cause);
    }
}
