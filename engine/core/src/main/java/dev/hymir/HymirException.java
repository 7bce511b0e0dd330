package dev.hymir;

/** Base of every exception Hymir throws on purpose. Unchecked. */
public class HymirException extends RuntimeException {
    public HymirException(String message) {
        super(message);
    }

    public HymirException(String message, Throwable cause) {
        super(message, cause);
    }
}
