package dev.hymir;

import java.util.List;

/** A job and the ids of the jobs it waits for, as Hymir reports them. */
public record Dependency(String jobId, List<String> predecessors) {
    public Dependency {
        predecessors = List.copyOf(predecessors);
    }
}
