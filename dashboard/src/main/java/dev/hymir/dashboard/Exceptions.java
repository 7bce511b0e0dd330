package dev.hymir.dashboard;

/** What the pages show of a stored exception before someone asks for the whole trace. */
final class Exceptions {
    /** Longest first line kept; the full text is one click away. */
    static final int MAX_LINE = 300;

    private Exceptions() {
    }

    /**
     * The line that says what went wrong: a Java stack trace's first line
     * ({@code java.lang.IllegalStateException: disk full}), a Python traceback's last one
     * ({@code ValueError: boom}); cut at {@link #MAX_LINE} characters. Null or blank: a placeholder.
     */
    static String firstLine(String exception) {
        if (exception == null || exception.isBlank()) {
            return "(no exception recorded)";
        }
        String line = null;
        String stripped = exception.strip();
        if (stripped.startsWith("Traceback (most recent call last)")) {
            line = stripped.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(stripped);
        } else {
            int end = stripped.indexOf('\n');
            line = end < 0 ? stripped : stripped.substring(0, end);
        }
        line = line.strip();
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + "\u2026";
    }

    /** Whether there is more to see than {@link #firstLine}. */
    static boolean hasMore(String exception) {
        return exception != null && !exception.isBlank() && !firstLine(exception).equals(exception.strip());
    }
}
