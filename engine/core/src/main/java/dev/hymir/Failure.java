package dev.hymir;

/** The job failed; by default the workflow fails and nothing new starts. */
public record Failure(Object result) implements JobResult {
}
