package dev.hymir;

/**
 * What a job function may return to steer the workflow. Any other return value {@code v} means
 * {@code Success(v)}; returning nothing (a {@code void} method or {@code null}) means
 * {@code Success(null)}; a thrown exception means a FAILURE with its stack trace recorded.
 */
public sealed interface JobResult permits Success, Failure, Retry, CheckLater {
}
