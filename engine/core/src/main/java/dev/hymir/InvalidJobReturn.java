package dev.hymir;

/** A job produced a result Hymir cannot accept (e.g. an output value Jackson cannot serialize). */
public final class InvalidJobReturn extends HymirException {
    public InvalidJobReturn(String message) {
        super(message);
    }

    public InvalidJobReturn(String message, Throwable cause) {
        super(message, cause);
    }
}
