package dev.hymir;

/** How many of a workflow's jobs have finished (SUCCESS or FAILURE), of how many. */
public record Progress(long finished, long total) {
}
