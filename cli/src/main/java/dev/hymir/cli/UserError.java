package dev.hymir.cli;

/**
 * A failure the user can fix: its message is printed as the one line of the error, so it says what
 * is wrong and what to do.
 */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }

    UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
