package dev.hymir;

/** The job finished; {@code result} is appended to the job's output variable, if it has one. */
public record Success(Object result) implements JobResult {
    private static final Success EMPTY = new Success(null);

    /** {@code Success(null)}. */
    public static Success empty() {
        return EMPTY;
    }
}
