package dev.hymir;

import java.util.List;

/** A job and the ids of the jobs it waits for, as Hymir reports them. */
public record Dependency(String jobId, List<String> predecessors) {
    /** Copies {@code predecessors}; neither it nor {@code jobId} may be or hold null. */
    public Dependency {
        Args.notNull(jobId, "Dependency", "jobId");
        predecessors = List.copyOf(Args.noNulls(predecessors, "Dependency", "predecessors"));
    }
}
