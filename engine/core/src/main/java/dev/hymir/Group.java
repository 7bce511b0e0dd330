package dev.hymir;

import java.util.List;

/** Steps that run in parallel: all share the same predecessors. */
public record Group(List<Step> steps) implements Step {
    public Group {
        steps = Steps.checked("Group", steps);
    }

    public static Group of(Step... steps) {
        return new Group(Steps.list("Group", steps));
    }

    public static Group of(List<? extends Step> steps) {
        return new Group(Steps.list("Group", steps));
    }
}
